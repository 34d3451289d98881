"""Competitions (赛事) and their projects (赛项: occupation × group)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models._types import Code, Mark, UTCDateTime, utcnow


class Competition(db.Model):
    """A contest at one tier of the pyramid, possibly feeding a higher one."""

    __tablename__ = "competitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    # ENTERPRISE, COUNTY, MUNICIPAL, PROVINCIAL, NATIONAL, WORLD (DOMAIN §1)
    tier: Mapped[str] = mapped_column(Code)
    category: Mapped[str] = mapped_column(Code)  # CLASS_1, CLASS_2, GENERAL, SPECIAL
    region: Mapped[str] = mapped_column(String(100), default="")
    # Organised by 北京/天津/上海/重庆: a 市级 contest then takes provincial-layer presets.
    is_municipality: Mapped[bool] = mapped_column(default=False)
    # [LOCAL 天津] at most one contest promotion per person per year (DOMAIN §7).
    once_a_year: Mapped[bool] = mapped_column(default=True)
    # 团体奖: BEST_K_RANKS (sum of the best k members' ranks, lower wins) or MEDAL_COUNT.
    team_rule: Mapped[str] = mapped_column(Code, default="BEST_K_RANKS")
    team_k: Mapped[int] = mapped_column(default=3)
    year: Mapped[int]
    organizer_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    # The competition in the tier above that this one selects for.
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("competitions.id"), index=True)
    registration_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    registration_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    appeal_window_minutes: Mapped[int] = mapped_column(default=120)
    publication_working_days: Mapped[int] = mapped_column(default=5)
    shares_ranks: Mapped[bool] = mapped_column(default=False)
    # LIVE, PROGRESS_ONLY, HIDDEN: what the public sees before publication.
    public_visibility: Mapped[str] = mapped_column(Code, default="LIVE")
    mask_names: Mapped[bool] = mapped_column(default=True)
    # Grade-certificate issuer (DOMAIN §9): body code (4), province code (2) and the
    # assessing-site serial (6) a provincial bureau assigns.
    issuer_kind: Mapped[str] = mapped_column(String(1), default="")  # Y or S
    issuer_body_code: Mapped[str] = mapped_column(String(4), default="")
    issuer_province_code: Mapped[str] = mapped_column(String(2), default="")
    issuer_site_serial: Mapped[str] = mapped_column(String(6), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organizer = relationship("Organization")
    parent: Mapped[Competition | None] = relationship(remote_side=[id], back_populates="feeders")
    feeders: Mapped[list[Competition]] = relationship(back_populates="parent")
    projects: Mapped[list[Project]] = relationship(
        back_populates="competition", order_by="Project.id", cascade="all, delete-orphan"
    )


class Project(db.Model):
    """One occupation × group within a competition: the unit of ranking and awards."""

    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int] = mapped_column(ForeignKey("competitions.id"), index=True)
    occupation_id: Mapped[int] = mapped_column(ForeignKey("occupations.id"))
    group: Mapped[str] = mapped_column(Code)  # EMPLOYEE, STUDENT
    name: Mapped[str] = mapped_column(String(200))
    team_size: Mapped[int] = mapped_column(default=1)
    venue: Mapped[str] = mapped_column(String(200), default="")
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Selection upward: the top `quota` finishers qualify for `advances_to`.
    advances_to_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id"))
    quota: Mapped[int] = mapped_column(default=0)
    qualification_only: Mapped[bool] = mapped_column(default=False)
    min_grade: Mapped[str | None] = mapped_column(Code)
    max_grade: Mapped[str | None] = mapped_column(Code)
    # Age range at the contest date (烟台: 18–50); 16 and the retirement age by default.
    min_age: Mapped[int] = mapped_column(default=16)
    max_age: Mapped[int | None] = mapped_column()
    # Honour codes whose holders may not enter as contestants (DOMAIN §3, [LOCAL 烟台]).
    barred_honours: Mapped[list[str]] = mapped_column(JSON, default=list)
    pass_mark: Mapped[Decimal] = mapped_column(Mark, default=Decimal("60"))
    shares_ranks: Mapped[bool | None] = mapped_column()  # None: the competition's setting
    award_scheme: Mapped[str] = mapped_column(Code)
    award_params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # A copy of a shipped preset, editable row by row (DOMAIN §7).
    promotion_preset: Mapped[str] = mapped_column(String(40), default="")
    promotion_rules: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    title_rules: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    use_worldskills_scale: Mapped[bool] = mapped_column(default=False)
    # Judging and results lifecycle.
    scheme_locked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    scores_locked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    result_status: Mapped[str] = mapped_column(Code, default="OPEN")
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    publication_ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finalized_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # An administrator's written reason for finalising before the 公示 ended (printed).
    finalize_override_reason: Mapped[str] = mapped_column(String(500), default="",
                                                          server_default="")
    # 签核: the chief judge signed off the locked results; names are decrypted from then on.
    signed_off_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    signed_off_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    board_freeze_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Monotonic per-project sequence for realtime deltas.
    event_seq: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    competition: Mapped[Competition] = relationship(back_populates="projects")
    occupation = relationship("Occupation")
    advances_to: Mapped[Project | None] = relationship(remote_side=[id])


class LinkRequest(db.Model):
    """A request to feed another organizer's contest: a parent competition or a fed project."""

    __tablename__ = "link_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(Code)  # PARENT (competition), FEED (project)
    competition_id: Mapped[int] = mapped_column(ForeignKey("competitions.id"), index=True)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id"))
    target_competition_id: Mapped[int] = mapped_column(ForeignKey("competitions.id"), index=True)
    target_project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id"))
    quota: Mapped[int] = mapped_column(default=0)
    # PENDING, ACCEPTED, DECLINED, CANCELLED
    state: Mapped[str] = mapped_column(Code, default="PENDING", index=True)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    competition: Mapped[Competition] = relationship(foreign_keys=[competition_id])
    project: Mapped[Project | None] = relationship(foreign_keys=[project_id])
    target_competition: Mapped[Competition] = relationship(foreign_keys=[target_competition_id])
    target_project: Mapped[Project | None] = relationship(foreign_keys=[target_project_id])


class ProjectCeremony(db.Model):
    """A project's running ceremony reveal: the places in reveal order and how many are shown.

    In the database, not in a process: big screens are public traffic, served by other
    instances than the organizer's console at scale, and a reveal outlives a restart.
    """

    __tablename__ = "project_ceremonies"

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), primary_key=True)
    mode: Mapped[str] = mapped_column(Code)  # ALL (last place upward) or MEDALS
    step: Mapped[int] = mapped_column(default=0)
    # The shown rows (masked where the competition masks names), fixed when the reveal starts.
    order: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
