"""Registrations (报名) of people into projects, admission tickets and lot draws."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models._types import Code, UTCDateTime, utcnow


class Registration(db.Model):
    """One person entered in one project, through the §3 lifecycle."""

    __tablename__ = "registrations"
    __table_args__ = (
        UniqueConstraint("project_id", "person_id"),
        UniqueConstraint("project_id", "anonymous_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    # The group at registration picks the promotion table (DOMAIN §10.13).
    group: Mapped[str] = mapped_column(Code)
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"))
    # SUBMITTED, APPROVED, REJECTED, CHECKED_IN, COMPETED, WITHDRAWN, DISQUALIFIED, QUALIFIED
    status: Mapped[str] = mapped_column(Code, default="SUBMITTED", index=True)
    source: Mapped[str] = mapped_column(Code, default="SELF")  # SELF, IMPORT, QUALIFIED
    qualified_from_id: Mapped[int | None] = mapped_column(ForeignKey("registrations.id"))
    eligibility: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    decision_reason: Mapped[str] = mapped_column(String(500), default="")
    ticket_no: Mapped[str | None] = mapped_column(String(32), unique=True)
    # Bumped on every re-issue, so older QR tokens stop verifying.
    ticket_version: Mapped[int] = mapped_column(default=0)
    anonymous_code: Mapped[str | None] = mapped_column(String(16))
    station_no: Mapped[int | None]
    team_name: Mapped[str] = mapped_column(String(100), default="")
    # 优秀指导教师/教练: the coach named at registration (optional, DOMAIN §6).
    coach_name: Mapped[str] = mapped_column(String(100), default="")
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    project = relationship("Project")
    person = relationship("Person")
    organization = relationship("Organization")


class LotDraw(db.Model):
    """A reproducible draw (抽签): the seed's hash is published first, the seed after."""

    __tablename__ = "lot_draws"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    seed_hash: Mapped[str] = mapped_column(String(64))
    seed: Mapped[str | None] = mapped_column(String(64))  # revealed after the draw
    committed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    drawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    drawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
