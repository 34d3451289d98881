"""Marking schemes, judge assignments, append-only score events and penalties."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models._types import Code, Mark, UTCDateTime, utcnow


class Component(db.Model):
    """A marked component of a project (理论知识, 技能操作, 技术答辩), out of 100."""

    __tablename__ = "components"
    __table_args__ = (UniqueConstraint("project_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    code: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(Code)  # THEORY, PRACTICAL, DEFENCE
    name: Mapped[str] = mapped_column(String(100))
    weight: Mapped[Decimal] = mapped_column(Mark)
    position: Mapped[int] = mapped_column(default=0)

    criteria: Mapped[list[Criterion]] = relationship(
        back_populates="component", order_by="Criterion.code", cascade="all, delete-orphan"
    )


class Criterion(db.Model):
    """A criterion (A, B, …) of a component's marking scheme."""

    __tablename__ = "criteria"

    id: Mapped[int] = mapped_column(primary_key=True)
    component_id: Mapped[int] = mapped_column(ForeignKey("components.id"), index=True)
    code: Mapped[str] = mapped_column(String(8))
    name: Mapped[str] = mapped_column(String(200))

    component: Mapped[Component] = relationship(back_populates="criteria")
    sub_criteria: Mapped[list[SubCriterion]] = relationship(
        back_populates="criterion", order_by="SubCriterion.code", cascade="all, delete-orphan"
    )


class SubCriterion(db.Model):
    """A sub-criterion (A1, A2, …)."""

    __tablename__ = "sub_criteria"

    id: Mapped[int] = mapped_column(primary_key=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("criteria.id"), index=True)
    code: Mapped[str] = mapped_column(String(12))
    name: Mapped[str] = mapped_column(String(200))

    criterion: Mapped[Criterion] = relationship(back_populates="sub_criteria")
    aspects: Mapped[list[Aspect]] = relationship(
        back_populates="sub_criterion", order_by="Aspect.code", cascade="all, delete-orphan"
    )


class Aspect(db.Model):
    """The unit a judge scores: measurement (M), judgement (J) or a 0–max panel score."""

    __tablename__ = "aspects"

    id: Mapped[int] = mapped_column(primary_key=True)
    sub_criterion_id: Mapped[int] = mapped_column(ForeignKey("sub_criteria.id"), index=True)
    code: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(Code)  # M, J, PANEL
    max_mark: Mapped[Decimal] = mapped_column(Mark)
    aggregation: Mapped[str] = mapped_column(Code, default="mean")
    description: Mapped[str] = mapped_column(Text, default="")
    # J: descriptors for 0–3; M: an optional deduction table.
    descriptors: Mapped[list[Any]] = mapped_column(JSON, default=list)

    sub_criterion: Mapped[SubCriterion] = relationship(back_populates="aspects")


class JudgeAssignment(db.Model):
    """A judge (or the chief judge) assigned to a project."""

    __tablename__ = "judge_assignments"
    __table_args__ = (UniqueConstraint("project_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    role: Mapped[str] = mapped_column(Code, default="JUDGE")  # JUDGE, CHIEF_JUDGE
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user = relationship("User")
    panel: Mapped[list[PanelSeat]] = relationship(
        back_populates="assignment", cascade="all, delete-orphan"
    )


class PanelSeat(db.Model):
    """A judge's seat on the panel of one aspect (or a whole component, e.g. theory)."""

    __tablename__ = "panel_seats"
    __table_args__ = (UniqueConstraint("assignment_id", "aspect_id", "component_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("judge_assignments.id"), index=True)
    aspect_id: Mapped[int | None] = mapped_column(ForeignKey("aspects.id"))
    component_id: Mapped[int | None] = mapped_column(ForeignKey("components.id"))

    assignment: Mapped[JudgeAssignment] = relationship(back_populates="panel")


class ScoreEvent(db.Model):
    """An append-only score entry, idempotent on the client's event id."""

    __tablename__ = "score_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[str] = mapped_column(String(36), unique=True)
    payload_hash: Mapped[str] = mapped_column(String(64))
    judge_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id"), index=True)
    aspect_id: Mapped[int | None] = mapped_column(ForeignKey("aspects.id"))
    # Whole-component entries (an imported theory mark) name the component instead.
    component_id: Mapped[int | None] = mapped_column(ForeignKey("components.id"))
    value: Mapped[Decimal] = mapped_column(Mark)
    reason: Mapped[str] = mapped_column(String(500), default="")
    client_time: Mapped[datetime | None] = mapped_column(UTCDateTime)
    server_time: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SheetState(db.Model):
    """Lifecycle of one contestant × aspect: ENTERED → VERIFIED → LOCKED (DOMAIN §4)."""

    __tablename__ = "sheet_states"
    __table_args__ = (UniqueConstraint("registration_id", "aspect_id", "component_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id"), index=True)
    aspect_id: Mapped[int | None] = mapped_column(ForeignKey("aspects.id"))
    component_id: Mapped[int | None] = mapped_column(ForeignKey("components.id"))
    state: Mapped[str] = mapped_column(Code, default="ENTERED")
    flags: Mapped[list[str]] = mapped_column(JSON, default=list)
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    rescore_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Penalty(db.Model):
    """A named deduction (安全文明生产扣分) on a component, or a disqualification."""

    __tablename__ = "penalties"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id"), index=True)
    component_id: Mapped[int] = mapped_column(ForeignKey("components.id"))
    points: Mapped[Decimal] = mapped_column(Mark)
    reason: Mapped[str] = mapped_column(String(500))
    disqualifies: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    countersigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
