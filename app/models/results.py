"""Computed standings and the outcome records of a finished project."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models._types import Code, Mark, UTCDateTime, utcnow


class EntryResult(db.Model):
    """One registration's computed result: component scores, total, rank, award."""

    __tablename__ = "entry_results"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id"), unique=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    finish_status: Mapped[str] = mapped_column(Code, default="FINISHED")  # FINISHED, DNF, DQ
    working_time_seconds: Mapped[int | None]
    component_scores: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    total: Mapped[Decimal | None] = mapped_column(Mark)
    rank: Mapped[int | None]
    ws_score: Mapped[int | None]
    award: Mapped[str | None] = mapped_column(Code)
    # Why: the tie-break that decided the rank, pass/fail per component, qualification.
    explanation: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    registration = relationship("Registration")


class TieBreakOrder(db.Model):
    """The chief judge's explicit order for a tie nothing else resolves (DOMAIN §10.6)."""

    __tablename__ = "tie_break_orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    # The whole order in force (every tie decided so far); the latest row applies.
    registration_ids: Mapped[list[int]] = mapped_column(JSON)
    # The one tie this row decided, so each outcome can quote its own reason.
    tie_ids: Mapped[list[int] | None] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(String(500))
    decided_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Award(db.Model):
    """An award (gold, 一等奖, 优胜奖, …) won by a registration."""

    __tablename__ = "awards"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id"), index=True)
    award: Mapped[str] = mapped_column(Code)
    rank: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    replaced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    replaced_reason: Mapped[str] = mapped_column(String(500), default="")


class TitleAward(db.Model):
    """An honorary title a registration earned: NOMINATED, ELIGIBLE_TO_APPLY, AUTO_GRANTED."""

    __tablename__ = "title_awards"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id"), index=True)
    title: Mapped[str] = mapped_column(String(100))
    state: Mapped[str] = mapped_column(Code)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    replaced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Promotion(db.Model):
    """A grade-promotion decision with its explanation (DOMAIN §7)."""

    __tablename__ = "promotions"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    occupation_id: Mapped[int] = mapped_column(ForeignKey("occupations.id"))
    year: Mapped[int] = mapped_column(index=True)
    action: Mapped[str] = mapped_column(Code)
    grade_before: Mapped[str] = mapped_column(Code)
    grade_after: Mapped[str] = mapped_column(Code)
    # PROPOSED, APPROVED, CERTIFIED, REJECTED, SUPERSEDED; NOT_PASSED and
    # ELIGIBLE_TO_APPLY are recorded decisions that change no grade.
    state: Mapped[str] = mapped_column(Code, default="PROPOSED", index=True)
    explanation: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_reason: Mapped[str] = mapped_column(String(500), default="")
    certificate_no: Mapped[str | None] = mapped_column(String(22), unique=True)
    certified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    superseded_by_id: Mapped[int | None] = mapped_column(ForeignKey("promotions.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    registration = relationship("Registration")
    person = relationship("Person")


class Qualification(db.Model):
    """A finisher's place in the project the results feed (DOMAIN §1, §10.15)."""

    __tablename__ = "qualifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id"), index=True)
    target_project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    rank: Mapped[int]
    # QUALIFIED, CONFIRMED, WITHDRAWN, REPLACED, BLOCKED (the fed registration's decision kept)
    state: Mapped[str] = mapped_column(Code, default="QUALIFIED")
    target_registration_id: Mapped[int | None] = mapped_column(ForeignKey("registrations.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
