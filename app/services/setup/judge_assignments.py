"""Judge assignment (裁判选派): judges and one chief judge per project, panels, recusal (回避).

Recusal is the rules engine's (app.domain.conflicts): same employer or school, or a declared
conflict. A judge with conflicts in a project is refused unless the organizer accepts the
recusals; either way the judge never scores, or sees, those contestants. A seat whose judges
all recuse from a contestant leaves a coverage gap (app.services.scoring.coverage), listed
here for the organizer until another judge is seated on it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from app.domain.conflicts import conflicted_pairs
from app.domain.errors import Reason
from app.extensions import db, write_transaction
from app.models import JudgeAssignment, PanelSeat, Project, Registration, ScoreEvent, User
from app.security import Role, has_role
from app.services.boards.standings_inputs import competing_registrations
from app.services.common import mappers
from app.services.common.access import Need, get_project
from app.services.scoring import audit, coverage
from app.services.scoring.judging_access import (
    CHIEF,
    COMPETING,
    JUDGE,
    assignment_of,
    get_target,
    judge_profiles,
    load_assignments,
)
from app.services.scoring.judging_errors import JudgingError

ROLES = (JUDGE, CHIEF)


def recusals_for(user: User, registrations: list[Registration]) -> dict[int, tuple[Reason, ...]]:
    """Return registration id → reasons the judge must recuse from that contestant."""
    profile = judge_profiles([user])[user.id]
    contestants = {r.id: mappers.contestant_profile(r) for r in registrations}
    pairs = conflicted_pairs([profile], list(contestants.values()))
    return {
        rid: pairs[(profile.id, c.person_id)]
        for rid, c in contestants.items()
        if (profile.id, c.person_id) in pairs
    }


def _projects_registrations(project_id: int) -> list[Registration]:
    """Return every registration that may still compete (approved onwards), profiles loaded."""
    return competing_registrations(project_id, (*COMPETING, "APPROVED"))


def _problems(
    recused: dict[int, tuple[Reason, ...]], regs: list[Registration]
) -> tuple[Reason, ...]:
    codes = {r.id: r.anonymous_code or r.ticket_no or str(r.id) for r in regs}
    return tuple(
        Reason(reason.code, reason.message, {**reason.params, "contestant": codes[rid]})
        for rid, reasons in recused.items()
        for reason in reasons
    )


def assign_judge(
    actor: User,
    project_id: int,
    *,
    user_id: int,
    role: str = JUDGE,
    allow_recusals: bool = False,
    now: datetime,
) -> JudgeAssignment:
    """Assign a judge (or the one chief judge) to a project; conflicts refuse unless accepted."""
    with write_transaction():
        project = get_project(actor, project_id, Need.MANAGE, forbid=True)
        user = db.session.get(User, user_id)
        if user is None:
            raise JudgingError("user.not_found", field="user_id")
        if role not in ROLES or not has_role(user, Role.JUDGE, Role.CHIEF_JUDGE):
            raise JudgingError("assign.not_judge", field="user_id")
        if role == CHIEF:
            chief = db.session.scalar(
                select(JudgeAssignment).where(
                    JudgeAssignment.project_id == project.id,
                    JudgeAssignment.role == CHIEF,
                    JudgeAssignment.user_id != user.id,
                )
            )
            if chief is not None:
                raise JudgingError("assign.chief_exists", field="role")
        regs = _projects_registrations(project.id)
        recused = recusals_for(user, regs)
        if recused and not allow_recusals:
            raise JudgingError(
                "assign.conflicted",
                params={"count": len(recused)},
                problems=_problems(recused, regs),
            )
        assignment = assignment_of(user, project.id)
        old = None if assignment is None else {"role": assignment.role}
        if assignment is None:
            assignment = JudgeAssignment(project_id=project.id, user_id=user.id, created_at=now)
            db.session.add(assignment)
        assignment.role = role
        db.session.flush()
        audit.record(
            "judge.assigned",
            entity="judge_assignment",
            entity_id=assignment.id,
            actor_id=actor.id,
            project_id=project.id,
            old=old,
            new={"user_id": user.id, "role": role, "recused": sorted(recused)},
            now=now,
        )
        return assignment


def _managed_assignment(
    actor: User, project_id: int, user_id: int
) -> tuple[Project, JudgeAssignment]:
    """Load a project the actor manages and the named judge's assignment in it."""
    project = get_project(actor, project_id, Need.MANAGE, forbid=True)
    user = db.session.get(User, user_id)
    assignment = assignment_of(user, project.id) if user is not None else None
    if assignment is None:
        raise JudgingError("assign.not_assigned", field="user_id")
    return project, assignment


def unassign_judge(actor: User, project_id: int, *, user_id: int, now: datetime) -> None:
    """Remove a judge who has not scored anything in the project."""
    with write_transaction():
        project, assignment = _managed_assignment(actor, project_id, user_id)
        scored = db.session.scalar(
            select(func.count(ScoreEvent.id))
            .join(Registration, Registration.id == ScoreEvent.registration_id)
            .where(Registration.project_id == project.id, ScoreEvent.judge_id == user_id)
        )
        if scored:
            raise JudgingError("assign.has_scores", params={"count": scored})
        audit.record(
            "judge.unassigned",
            entity="judge_assignment",
            entity_id=assignment.id,
            actor_id=actor.id,
            project_id=project.id,
            old={"user_id": user_id, "role": assignment.role},
            now=now,
        )
        db.session.delete(assignment)


def set_panel(
    actor: User,
    project_id: int,
    *,
    user_id: int,
    aspect_ids: list[int],
    component_ids: list[int] | None = None,
    now: datetime,
) -> JudgeAssignment:
    """Seat an assigned judge on exactly these aspects and whole components."""
    component_ids = list(component_ids or [])
    with write_transaction():
        project, assignment = _managed_assignment(actor, project_id, user_id)
        wanted = {(a, None) for a in aspect_ids} | {(None, c) for c in component_ids}
        for key in wanted:
            get_target(project, key)
        old = sorted((s.aspect_id or 0, s.component_id or 0) for s in assignment.panel)
        assignment.panel = [s for s in assignment.panel if (s.aspect_id, s.component_id) in wanted]
        held = {(s.aspect_id, s.component_id) for s in assignment.panel}
        for aspect_id, component_id in sorted(wanted - held, key=lambda k: (k[0] or 0, k[1] or 0)):
            assignment.panel.append(PanelSeat(aspect_id=aspect_id, component_id=component_id))
        db.session.flush()
        audit.record(
            "judge.panel_set",
            entity="judge_assignment",
            entity_id=assignment.id,
            actor_id=actor.id,
            project_id=project.id,
            old={"seats": old},
            new={"aspects": sorted(aspect_ids), "components": sorted(component_ids)},
            now=now,
        )
        return assignment


def list_assignments(project_id: int) -> list[dict[str, Any]]:
    """Return each assigned judge with role, seats and the contestants they recuse from."""
    regs = _projects_registrations(project_id)
    codes = {r.id: r.anonymous_code for r in regs}
    assignments = load_assignments(project_id)
    recused = coverage.read_coverage(assignments, regs).recused
    out = []
    for assignment in assignments:
        out.append(
            {
                "user_id": assignment.user_id,
                "name": assignment.user.display_name or assignment.user.username,
                "role": assignment.role,
                "aspect_ids": sorted(s.aspect_id for s in assignment.panel if s.aspect_id),
                "component_ids": sorted(s.component_id for s in assignment.panel if s.component_id),
                "recusals": [
                    {
                        "registration_id": r.id,
                        "code": codes[r.id],
                        "reasons": [reason.code for reason in reasons],
                    }
                    for r in sorted(regs, key=lambda r: r.id)
                    if (reasons := recused.get((assignment.user_id, r.id)))
                ],
            }
        )
    return out


def list_coverage_gaps(
    project_id: int, assignments: list[JudgeAssignment] | None = None
) -> list[coverage.Gap]:
    """Return the cells no seated judge may score (all recuse), for finishers-to-be."""
    if assignments is None:
        assignments = load_assignments(project_id)
    return coverage.coverage_gaps(project_id, assignments, _projects_registrations(project_id))


def list_judge_candidates() -> list[dict[str, Any]]:
    """Return the users who may be assigned (holding the judge or chief judge role), by name."""
    from app.models import RoleAssignment

    users = db.session.scalars(
        select(User)
        .join(RoleAssignment, RoleAssignment.user_id == User.id)
        .where(RoleAssignment.role.in_([Role.JUDGE.value, Role.CHIEF_JUDGE.value]))
        .distinct()
        .order_by(User.username)
    )
    return [{"user_id": u.id, "name": u.display_name or u.username, "username": u.username}
            for u in users]
