"""Penalties (安全文明生产扣分) and finish status (DNF/DQ, working time): chief-judge use cases."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import select

from app.domain.numbers import PENALTY, is_bounded
from app.extensions import db
from app.models import EntryResult, Penalty, Project, Registration, User
from app.services.common.scope import is_admin
from app.services.scoring import audit
from app.services.scoring.judging_access import (
    CHIEF,
    assignment_of,
    get_registration,
    get_target,
)
from app.services.scoring.judging_errors import JudgingError
from app.services.scoring.judging_tx import (
    finish_change,
    project_change,
    reason_text,
    require_unlocked,
)

FINISH_STATUSES = ("FINISHED", "DNF", "DQ")


def add_penalty(
    actor: User,
    project_id: int,
    *,
    registration_id: int,
    component_id: int,
    points: Decimal,
    reason: str,
    disqualifies: bool = False,
    now: datetime,
) -> Penalty:
    """Record a named deduction; a disqualifying one counts once the chief judge signs it."""
    with project_change(project_id, actor, chief_only=False) as (project, before):
        require_unlocked(project)
        registration = get_registration(project, registration_id)
        text = reason_text(reason)
        if not is_bounded(points, PENALTY) or not (Decimal(0) <= points <= Decimal(100)) or (
                points == 0 and not disqualifies):
            # Bounded first: 1E-999999999 is "in range" but would become a giant Fraction.
            raise JudgingError("penalty.points", field="points")
        get_target(project, (None, component_id))
        assignment = assignment_of(actor, project.id)
        chief = is_admin(actor) or (assignment is not None and assignment.role == CHIEF)
        penalty = Penalty(
            registration_id=registration.id,
            component_id=component_id,
            points=points,
            reason=text,
            disqualifies=disqualifies,
            created_by_id=actor.id,
            created_at=now,
            countersigned_by_id=actor.id if disqualifies and chief else None,
        )
        db.session.add(penalty)
        db.session.flush()
        audit.record(
            "penalty.added",
            entity="penalty",
            entity_id=penalty.id,
            actor_id=actor.id,
            project_id=project.id,
            new={
                "registration_id": registration.id,
                "component_id": component_id,
                "points": points,
                "disqualifies": disqualifies,
                "countersigned_by": penalty.countersigned_by_id,
            },
            reason=text,
            now=now,
        )
        finish_change(project)
        return penalty


def countersign_penalty(actor: User, project_id: int, penalty_id: int, *, now: datetime) -> int:
    """Countersign a disqualifying penalty as the chief judge; return the new seq."""
    with project_change(project_id, actor) as (project, before):
        require_unlocked(project)
        penalty = _owned_penalty(project, penalty_id)
        if not penalty.disqualifies:
            raise JudgingError("penalty.not_disqualifying")
        if penalty.countersigned_by_id is not None:
            raise JudgingError("penalty.countersigned")
        penalty.countersigned_by_id = actor.id
        audit.record(
            "penalty.countersigned",
            entity="penalty",
            entity_id=penalty.id,
            actor_id=actor.id,
            project_id=project.id,
            new={"countersigned_by": actor.id},
            now=now,
        )
        return finish_change(project)


def _owned_penalty(project: Project, penalty_id: int) -> Penalty:
    penalty = db.session.get(Penalty, penalty_id)
    if penalty is None:
        raise JudgingError("penalty.not_found")
    registration = db.session.get(Registration, penalty.registration_id)
    if registration is None or registration.project_id != project.id:
        raise JudgingError("penalty.not_found")
    if penalty.withdrawn_at is not None:
        raise JudgingError("penalty.withdrawn")
    return penalty


def withdraw_penalty(
    actor: User, project_id: int, penalty_id: int, *, reason: str, now: datetime
) -> int:
    """Withdraw a penalty with a reason (it stays on record); return the new seq."""
    with project_change(project_id, actor) as (project, before):
        require_unlocked(project)
        penalty = _owned_penalty(project, penalty_id)
        text = reason_text(reason)
        penalty.withdrawn_at = now
        audit.record(
            "penalty.withdrawn",
            entity="penalty",
            entity_id=penalty.id,
            actor_id=actor.id,
            project_id=project.id,
            old={"points": penalty.points},
            reason=text,
            now=now,
        )
        return finish_change(project)


def set_finish_status(
    actor: User,
    project_id: int,
    *,
    registration_id: int,
    status: str,
    reason: str = "",
    working_time_seconds: int | None = None,
    now: datetime,
) -> int:
    """Record FINISHED, DNF or DQ (DNF/DQ with a reason) and the working time; return seq."""
    with project_change(project_id, actor) as (project, before):
        require_unlocked(project)
        registration = get_registration(project, registration_id)
        if status not in FINISH_STATUSES:
            raise JudgingError("finish.status", field="status")
        text = reason_text(reason) if status != "FINISHED" else (reason or "").strip()
        result = db.session.scalar(
            select(EntryResult).where(EntryResult.registration_id == registration.id)
        )
        if result is None:
            result = EntryResult(registration_id=registration.id, project_id=project.id)
            db.session.add(result)
        old = {"status": result.finish_status, "working_time": result.working_time_seconds}
        result.finish_status = status
        if working_time_seconds is not None:
            result.working_time_seconds = working_time_seconds
        db.session.flush()
        audit.record(
            "entry.finish_status",
            entity="registration",
            entity_id=registration.id,
            actor_id=actor.id,
            project_id=project.id,
            old=old,
            new={"status": status, "working_time": result.working_time_seconds},
            reason=text,
            now=now,
        )
        return finish_change(project)
