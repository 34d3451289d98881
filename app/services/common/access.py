"""The one answer to "may this user do X to this record", and one loader per aggregate.

Pages, the API and the sockets load a record the same way (flaskr's ``get_post``)::

    project = access.get_project(user, project_id, need=Need.MANAGE)

A record that does not exist and one the user may not reach both raise RecordNotFound
(``<aggregate>.not_found``, 404): nobody learns that someone else's record exists. Each surface's
one handler answers it (the API's JSON error, the 404 page, the socket's error ack). A use case
whose users all know the record exists (a project's own staff pages, its ceremony) passes
``forbid=True``: a record that is there but out of reach then answers ``auth.forbidden`` (403).

Which records a user's roles reach (their organizations and what lies below, the feeder
competitions, an approver's competitions) is answered by app/services/common/scope.py.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.errors import ForbiddenError, NotFoundError, RecordNotFound
from app.extensions import db
from app.models import (
    Appeal,
    Competition,
    JudgeAssignment,
    Organization,
    Person,
    Project,
    Registration,
)
from app.security import Role, has_role
from app.services.common.scope import (
    can_manage_competition,
    can_manage_project,
    managed_body_ids,
    managed_competition_ids,
    visible_body_ids,
)

CHIEF = "CHIEF_JUDGE"


class Need(Enum):
    """What the caller means to do with a project (each implies being allowed to see it)."""

    VIEW = "view"  # the public boards: anyone
    JUDGE = "judge"  # assigned to it as a judge or its chief judge
    OVERSEE = "oversee"  # its chief judge, its organizers, an admin
    MANAGE = "manage"  # its organizers, an admin
    PUBLISHED = "published"  # anyone, once its results are published (公示)
    THEORY = "theory"  # importing theory scores: its organizers, its chief judge
    HOLD = "hold"  # a registration or person record: that person, or their organizers
    ARBITRATE = "arbitrate"  # appeals: an arbitrator who need not recuse


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


def manages_person(user: Any, person: Person) -> bool:
    """Tell whether the user organizes a contest the person entered (or is an admin)."""
    ids = managed_competition_ids(user)
    if ids is None:
        return True
    if not ids:
        return False
    found = db.session.scalar(select(Registration.id).join(
        Project, Registration.project_id == Project.id).where(
        Registration.person_id == person.id, Project.competition_id.in_(ids)).limit(1))
    return found is not None


def arbitration_refusal(user: Any, appeal: Appeal) -> ForbiddenError | None:
    """Return why the user may not decide the appeal (not an arbitrator, or must recuse)."""
    # Imported here: the judging checks build on this module's predicates.
    from app.services.scoring.judging_access import recusal_reasons

    if not has_role(user, Role.ARBITRATOR):
        return forbidden()
    reasons = "；".join(r.message for r in recusal_reasons(user, appeal.registration))
    if reasons:
        return ForbiddenError("appeal.recused", _l(
            "You must recuse yourself from this appeal: %(reasons)s", reasons=reasons),
            params={"reasons": reasons})
    return None


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


# A parent is a form's choice, not the record the URL names: its refusal is a field's error.
_ORGANIZATION_NOT_FOUND: dict[str, tuple[type[NotFoundError], str, Any, str]] = {
    "organization": (RecordNotFound, "organization.not_found", _l("No such organization."),
                     "organization_id"),
    "parent": (NotFoundError, "organization.parent_not_found",
               _l("No such parent organization."), "parent_id"),
}


def get_organization(user: Any, organization_id: Any, need: Need = Need.VIEW, *,
                     what: str = "organization") -> Organization:
    """Return a body the user may see (VIEW: their own and below) or change (MANAGE: strictly
    below their own, else organization.not_in_scope, 403); else ``organization.not_found``
    (``what="parent"``: organization.parent_not_found on parent_id)."""
    key = _id(organization_id)
    body = db.session.get(Organization, key) if key is not None else None
    visible = visible_body_ids(user)
    if body is None or (visible is not None and body.id not in visible):
        error, code, message, field = _ORGANIZATION_NOT_FOUND[what]
        raise error(code, message, field=field)
    managed = managed_body_ids(user)
    if need is Need.MANAGE and managed is not None and body.id not in managed:
        raise ForbiddenError("organization.not_in_scope",
                             _l("You may only change the bodies below your own."),
                             field="organization_id")
    return body


def get_person(user: Any, person_id: Any, need: Need = Need.HOLD) -> Person:
    """Return a person record: HOLD (their own, or their organizers') or MANAGE (their
    organizers', an admin's); else person.not_found."""
    key = _id(person_id)
    person = db.session.get(Person, key) if key is not None else None
    own = (person is not None and getattr(user, "is_authenticated", False)
           and user.person_id == person.id)
    if person is None or not ((need is Need.HOLD and own) or manages_person(user, person)):
        raise RecordNotFound("person.not_found", _l("No such person."), field="person_id")
    return person


def get_duplicate(user: Any, person_id: Any) -> tuple[Person, Person]:
    """Return a pending duplicate and the record it duplicates, for that record's organizers;
    else duplicate.not_found."""
    key = _id(person_id)
    pending = db.session.get(Person, key) if key is not None else None
    record = (db.session.get(Person, pending.duplicate_of_id)
              if pending is not None and pending.duplicate_of_id is not None else None)
    if pending is None or record is None or not manages_person(user, record):
        raise RecordNotFound("duplicate.not_found", _l("No such duplicate record."),
                             field="person_id")
    return pending, record


def get_appeal(user: Any, appeal_id: Any, need: Need = Need.ARBITRATE) -> Appeal:
    """Return an appeal: ARBITRATE for an arbitrator who need not recuse (else 403), HOLD also
    for its filer and the project's overseers; else appeal.not_found (nobody else learns it)."""
    key = _id(appeal_id)
    appeal = db.session.get(Appeal, key) if key is not None else None
    if (appeal is not None and need is Need.HOLD
            and appeal.filed_by_id != getattr(user, "id", None)
            and not can_oversee(user, db.session.get(Project, appeal.project_id))
            and arbitration_refusal(user, appeal) is not None):
        appeal = None
    if appeal is None:
        raise RecordNotFound("appeal.not_found", _l("No such appeal."), field="appeal_id")
    refusal = arbitration_refusal(user, appeal) if need is Need.ARBITRATE else None
    if refusal is not None:
        raise refusal
    return appeal
