"""The one answer to "may this user do X to this record", and one loader per aggregate.

Pages, the API and the sockets load a record the same way (flaskr's ``get_post``)::

    project = access.get_project(user, project_id, need=Need.MANAGE)

A record that does not exist and one the user may not reach both raise RecordNotFound
(``<aggregate>.not_found``, 404): nobody learns that someone else's record exists. Each surface's
one handler answers it (the API's JSON error, the 404 page, the socket's error ack). A use case
whose users all know the record exists (a project's own staff pages, its ceremony) passes
``forbid=True``: a record that is there but out of reach then answers ``auth.forbidden`` (403).

An organizer's reach is their organizations and what lies below, plus the competitions that
feed into a managed one (lower tiers of the pyramid); an administrator reaches everything.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.errors import ForbiddenError, RecordNotFound
from app.extensions import db
from app.models import Competition, JudgeAssignment, Organization, Project, Registration
from app.security import Role, has_role, user_roles

CHIEF = "CHIEF_JUDGE"


class Need(Enum):
    """What the caller means to do with a project (each implies being allowed to see it)."""

    VIEW = "view"  # the public boards: anyone
    JUDGE = "judge"  # assigned to it as a judge or its chief judge
    OVERSEE = "oversee"  # its chief judge, its organizers, an admin
    MANAGE = "manage"  # its organizers, an admin
    PUBLISHED = "published"  # anyone, once its results are published (公示)
    THEORY = "theory"  # importing theory scores: its organizers, its chief judge
    HOLD = "hold"  # registrations: the person it belongs to, or its organizers


# ---------------------------------------------------------------- organizational reach


def _descendants(parent_ids: set[int], model: Any) -> set[int]:
    """Return ids of `model` rows reachable from `parent_ids` through parent_id (inclusive)."""
    found = set(parent_ids)
    frontier = set(parent_ids)
    while frontier:
        children = set(db.session.scalars(select(model.id).where(model.parent_id.in_(frontier))))
        frontier = children - found
        found |= frontier
    return found


def organization_subtree(org_ids: set[int]) -> set[int]:
    """Return the ids of the organizations at or below `org_ids`."""
    return _descendants(org_ids, Organization)


def is_admin(user: Any) -> bool:
    """Tell whether the user is an administrator."""
    return Role.ADMIN in user_roles(user)


def managed_competition_ids(user: Any) -> set[int] | None:
    """Return the ids of competitions the user organizes; None means all (admin).

    An organizer scoped to an organization manages that organization's competitions and
    those of organizations below it; scoped to a competition, that competition. Either way
    the competitions feeding into a managed one (lower tiers of the pyramid) are included.
    """
    if not getattr(user, "is_authenticated", False):
        return set()
    if is_admin(user):
        return None
    org_ids: set[int] = set()
    comp_ids: set[int] = set()
    for assignment in user.roles:
        if assignment.role != Role.ORGANIZER:
            continue
        if assignment.organization_id is not None:
            org_ids.add(assignment.organization_id)
        if assignment.competition_id is not None:
            comp_ids.add(assignment.competition_id)
    if org_ids:
        orgs = organization_subtree(org_ids)
        comp_ids |= set(
            db.session.scalars(select(Competition.id).where(Competition.organizer_id.in_(orgs)))
        )
    return _feeder_closure(comp_ids)


def _feeder_closure(comp_ids: set[int]) -> set[int]:
    """Add every competition that feeds, directly or not, into one of `comp_ids`."""
    found = set(comp_ids)
    frontier = set(comp_ids)
    while frontier:
        feeders = set(
            db.session.scalars(select(Competition.id).where(Competition.parent_id.in_(frontier)))
        )
        frontier = feeders - found
        found |= frontier
    return found


def can_manage_competition(user: Any, competition: Competition | int) -> bool:
    """Tell whether the user may edit this competition (or competition id) and its entries."""
    ids = managed_competition_ids(user)
    competition_id = competition if isinstance(competition, int) else competition.id
    return ids is None or competition_id in ids


def can_manage_project(user: Any, project: Project) -> bool:
    """Tell whether the user may manage this project (through its competition)."""
    return can_manage_competition(user, project.competition_id)


# ---------------------------------------------------------------- judging roles


def assignment_of(user: Any, project_id: int) -> JudgeAssignment | None:
    """Return the user's judging assignment to a project, if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(
        select(JudgeAssignment).where(
            JudgeAssignment.project_id == project_id, JudgeAssignment.user_id == user.id
        )
    )


def is_chief(user: Any, project_id: int) -> bool:
    """Tell whether the user is this project's chief judge."""
    assignment = assignment_of(user, project_id)
    return assignment is not None and assignment.role == CHIEF


def can_oversee(user: Any, project: Project) -> bool:
    """Tell whether the user may watch the matrix: the chief judge, an organizer, an admin."""
    if not getattr(user, "is_authenticated", False):
        return False
    if has_role(user, Role.ADMIN) or is_chief(user, project.id):
        return True
    return has_role(user, Role.ORGANIZER) and can_manage_project(user, project)


def can_manage(user: Any, project: Project) -> bool:
    """Tell whether the user may set the scheme and assignments (organizer of it, admin)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return has_role(user, Role.ADMIN) or (
        has_role(user, Role.ORGANIZER) and can_manage_project(user, project)
    )


def can_read_scheme(user: Any, project: Project) -> bool:
    """Tell whether the user may read the marking scheme: the project's staff (its organizers,
    judges, chief judge, admins) always, anyone logged in once the results are published."""
    if not getattr(user, "is_authenticated", False):
        return False
    if project.published_at is not None or can_oversee(user, project):
        return True
    return assignment_of(user, project.id) is not None


def can_import_theory(user: Any, project: Project) -> bool:
    """Tell whether the user may import theory scores: the organizer, the chief judge."""
    return can_manage(user, project) or is_chief(user, project.id)


def holds(user: Any, registration: Registration) -> bool:
    """Tell whether the registration is the user's own (their person entered it)."""
    person_id = getattr(user, "person_id", None)
    return person_id is not None and registration.person_id == person_id


def may(user: Any, need: Need, project: Project) -> bool:
    """Tell whether the user may do `need` to this project."""
    if need is Need.VIEW:
        return True
    if need is Need.PUBLISHED:
        return project.published_at is not None
    if need is Need.THEORY:
        return can_import_theory(user, project)
    if need is Need.JUDGE:
        return assignment_of(user, project.id) is not None
    if need is Need.OVERSEE:
        return can_oversee(user, project)
    return can_manage(user, project)


# ---------------------------------------------------------------- loaders


def _id(value: Any) -> int | None:
    return value if type(value) is int else None


def forbidden() -> ForbiddenError:
    """Return the refusal for a record that is there but not the user's to touch (403)."""
    return ForbiddenError("auth.forbidden", _l("You do not have permission to do this."))


def get_project(user: Any, project_id: Any, need: Need = Need.VIEW, *, forbid: bool = False,
                for_update: bool = False) -> Project:
    """Return the project if the user may do `need` to it, else raise project.not_found.

    ``forbid=True`` answers a project that exists but is out of reach with auth.forbidden
    (403) instead; ``for_update`` locks its row for the rest of the transaction.
    """
    key = _id(project_id)
    project = (db.session.get(Project, key, with_for_update=for_update or None)
               if key is not None else None)
    if project is not None and not may(user, need, project):
        if forbid:
            raise forbidden()
        project = None
    if project is None:
        raise RecordNotFound("project.not_found", _l("No such project."), field="project_id")
    return project


def get_competition(user: Any, competition_id: Any, need: Need = Need.MANAGE, *,
                    forbid: bool = False) -> Competition:
    """Return the competition if the user may do `need` to it (VIEW or MANAGE), else 404
    (``forbid=True``: 403 for one that exists but is out of reach)."""
    key = _id(competition_id)
    competition = db.session.get(Competition, key) if key is not None else None
    if (competition is not None and need is not Need.VIEW
            and not can_manage_competition(user, competition)):
        if forbid:
            raise forbidden()
        competition = None
    if competition is None:
        raise RecordNotFound("competition.not_found", _l("No such competition."),
                             field="competition_id")
    return competition


def get_registration(user: Any, registration_id: Any, need: Need = Need.MANAGE, *,
                     what: str = "registration") -> Registration:
    """Return a registration the user may reach: MANAGE (its organizers) or HOLD (also its
    own person); else raise ``<what>.not_found`` (``what="ticket"`` for its admission ticket).
    """
    key = _id(registration_id)
    registration = db.session.get(Registration, key) if key is not None else None
    allowed = registration is not None and (
        (need is Need.HOLD and holds(user, registration))
        or can_manage_project(user, registration.project))
    if not allowed:
        message = _l("No such ticket.") if what == "ticket" else _l("No such registration.")
        raise RecordNotFound(f"{what}.not_found", message, field="registration_id")
    assert registration is not None
    return registration
