"""Loading and access checks shared by the judging use cases (who judges, who oversees)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from app.domain.conflicts import ContestantProfile, JudgeProfile, conflict_reasons
from app.domain.errors import Reason
from app.extensions import db
from app.models import (
    Aspect,
    Component,
    Criterion,
    DeclaredConflict,
    JudgeAssignment,
    PanelSeat,
    Person,
    Project,
    Registration,
    SubCriterion,
    User,
)
from app.security import Role, has_role
from app.services.common import mappers
from app.services.common.access import (  # noqa: F401  (the judging use cases' names for them)
    CHIEF,
    assignment_of,
    can_manage,
    can_oversee,
    can_read_scheme,
    is_chief,
)
from app.services.scoring.judging_errors import JudgingError

JUDGE = "JUDGE"
#: Registration statuses that compete in a project (scored, ranked, listed on the board).
COMPETING = ("CHECKED_IN", "COMPETED", "DISQUALIFIED", "QUALIFIED")
#: Statuses a judge may score.
SCORABLE = ("CHECKED_IN", "COMPETED")

#: A sheet key: (aspect id, component id), exactly one set.
SheetKey = tuple[int | None, int | None]


def get_registration(project: Project, registration_id: int) -> Registration:
    """Return a registration of this project or refuse."""
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.project_id != project.id:
        raise JudgingError("registration.not_found", field="registration_id")
    return registration


def load_components(project_id: int) -> list[Component]:
    """Return a project's components with their whole scheme, in three queries."""
    return list(
        db.session.scalars(
            select(Component)
            .where(Component.project_id == project_id)
            .order_by(Component.position, Component.code)
            .options(
                selectinload(Component.criteria)
                .selectinload(Criterion.sub_criteria)
                .selectinload(SubCriterion.aspects)
            )
        )
    )


def load_assignments(project_id: int) -> list[JudgeAssignment]:
    """Return a project's judge assignments with their seats and users' organizations."""
    return list(
        db.session.scalars(
            select(JudgeAssignment)
            .where(JudgeAssignment.project_id == project_id)
            .order_by(JudgeAssignment.id)
            .options(
                selectinload(JudgeAssignment.panel),
                selectinload(JudgeAssignment.user)
                .selectinload(User.person)
                .selectinload(Person.organization),
            )
        )
    )


def require(allowed: bool) -> None:
    """Refuse with auth.forbidden unless allowed."""
    if not allowed:
        raise JudgingError("auth.forbidden")


def require_chief(user: Any, project: Project) -> None:
    """Refuse unless the user is the chief judge of the project (or an admin)."""
    require(has_role(user, Role.ADMIN) or is_chief(user, project.id))


def declared_by_judge(person_ids: Iterable[int]) -> dict[int, set[int]]:
    """Return judge person id → person ids they declared a conflict with (either direction)."""
    ids = {pid for pid in person_ids if pid is not None}
    out: dict[int, set[int]] = {pid: set() for pid in ids}
    if not ids:
        return out
    rows = db.session.execute(
        select(DeclaredConflict.judge_person_id, DeclaredConflict.person_id).where(
            DeclaredConflict.judge_person_id.in_(ids)
        )
    )
    for judge_pid, pid in rows:
        out[judge_pid].add(pid)
    return out


def judge_profiles(users: Iterable[User]) -> dict[int, JudgeProfile]:
    """Return user id → recusal profile, declared conflicts loaded in one query."""
    users = list(users)
    declared = declared_by_judge(u.person_id for u in users if u.person_id is not None)
    return {
        u.id: mappers.judge_profile(u, declared_person_ids=declared.get(u.person_id, ()))
        for u in users
    }


def recusal_reasons(judge: User, registration: Registration) -> tuple[Reason, ...]:
    """Return why the judge must not score the contestant (empty when they may)."""
    profile = judge_profiles([judge])[judge.id]
    return conflict_reasons(profile, mappers.contestant_profile(registration))


def contestant_profiles(registrations: Iterable[Registration]) -> dict[int, ContestantProfile]:
    """Return registration id → contestant profile."""
    return {r.id: mappers.contestant_profile(r) for r in registrations}


def seat_of(assignment: JudgeAssignment, key: SheetKey) -> PanelSeat | None:
    """Return the assignment's seat for a sheet key, if seated."""
    aspect_id, component_id = key
    return next(
        (
            s
            for s in assignment.panel
            if s.aspect_id == aspect_id and s.component_id == component_id
        ),
        None,
    )


def get_target(project: Project, key: SheetKey) -> Aspect | Component:
    """Return the aspect or component a score is for, checking it belongs to the project."""
    aspect_id, component_id = key
    if aspect_id is not None:
        # One query for the aspect and its path up to the component (read again by the
        # value check and the sheet's assessment from the identity map).
        aspect = db.session.get(Aspect, aspect_id, options=[
            joinedload(Aspect.sub_criterion).joinedload(SubCriterion.criterion)
            .joinedload(Criterion.component)])
        if aspect is None or aspect.sub_criterion.criterion.component.project_id != project.id:
            raise JudgingError("aspect.not_found", field="aspect_id")
        return aspect
    component = db.session.get(Component, component_id)
    if component is None or component.project_id != project.id:
        raise JudgingError("component.not_found", field="component_id")
    return component


def registration_by_code(code: Any, key: SheetKey) -> int:
    """Return the id of the contestant whose anonymous code (加密号) is `code` in the project
    the sheet belongs to; judges name contestants by code, never by registration id."""
    if not isinstance(code, str) or not 0 < len(code.strip()) <= 16:
        raise JudgingError("score.bad_request", field="registration_code",
                           params={"field": "registration_code"})
    if key[1] is not None:
        project_id = select(Component.project_id).where(Component.id == key[1])
    else:
        project_id = (
            select(Component.project_id)
            .join(Criterion, Criterion.component_id == Component.id)
            .join(SubCriterion, SubCriterion.criterion_id == Criterion.id)
            .join(Aspect, Aspect.sub_criterion_id == SubCriterion.id)
            .where(Aspect.id == key[0])
        )
    found = db.session.scalar(
        select(Registration.id).where(Registration.project_id == project_id.scalar_subquery(),
                                      Registration.anonymous_code == code.strip().upper())
    )
    if found is None:
        raise JudgingError("registration.not_found", field="registration_code")
    return int(found)
