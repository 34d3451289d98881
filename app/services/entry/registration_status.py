"""Organizer side of registrations: list with filters, approve and reject (DOMAIN §3)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from app.extensions import begin_write, db
from app.models import Competition, Organization, Person, Project, Registration
from app.services.common import list_query, scope
from app.services.common.list_query import (
    ListFilter,
    ListSpec,
    SortKey,
    any_of,
    contains,
    ends_with,
    number_in,
)
from app.services.entry import tickets
from app.services.entry.registration_rules import NotFoundError, RegistrationError, status_label
from app.services.identity import notifications
from app.services.scoring import audit

# §3: SUBMITTED → APPROVED | REJECTED; a place won in a feeder contest (QUALIFIED) is
# confirmed or refused the same way.
DECIDABLE = frozenset({"SUBMITTED", "QUALIFIED"})
MAX_REASON = 500
MAX_BATCH = 5000


@dataclass(frozen=True)
class RegistrationFilters(ListFilter):
    """What the organizer's list is narrowed to: the shared filters, a competition, eligibility."""

    competition_id: int | None = None
    eligible: bool | None = None


def _search(text: str) -> Any:
    """Name, ticket number, registration number or ID number (organizers see it whole)."""
    number = number_in(text)
    return any_of(contains(Person.name, text), contains(Registration.ticket_no, text),
                  Person.id_number.startswith(text.upper(), autoescape=True),
                  ends_with(Person.id_number, text.upper()),
                  Registration.id == number if number is not None else None)


SPEC = ListSpec(
    sorts={
        "id": SortKey((Registration.id,)),
        "name": SortKey((Person.name,)),
        "ticket_no": SortKey((Registration.ticket_no,), natural=True),
        "status": SortKey((Registration.status,)),
        "project": SortKey((Registration.project_id,)),
        "submitted_at": SortKey((Registration.submitted_at,)),
    },
    default_sort="id", tiebreak=Registration.id, search=_search,
    status=Registration.status, project=Registration.project_id,
    organization=Registration.organization_id,
)
STATUSES = ("SUBMITTED", "APPROVED", "REJECTED", "CHECKED_IN", "COMPETED", "WITHDRAWN",
            "DISQUALIFIED", "QUALIFIED")


def _scoped(user: Any, query: Select[Any]) -> Select[Any]:
    """Keep only registrations of competitions the user manages."""
    managed = scope.managed_competition_ids(user)
    if managed is None:
        return query
    return query.where(Project.competition_id.in_(managed or {-1}))


def _filtered(user: Any, filters: RegistrationFilters) -> Select[Any]:
    query = _scoped(user, select(Registration).join(Registration.project)
                    .join(Registration.person))
    if filters.competition_id is not None:
        query = query.where(Project.competition_id == filters.competition_id)
    if filters.eligible is not None:
        query = query.where(Registration.eligibility["ok"].as_boolean() == filters.eligible)
    return query


def list_registrations(user: Any, filters: RegistrationFilters) -> Pagination:
    """Return one page of the registrations in the user's scope that match the filters."""
    query = _filtered(user, filters).options(
        joinedload(Registration.person), joinedload(Registration.organization),
        joinedload(Registration.project).joinedload(Project.competition))
    return list_query.page_of(query, SPEC, filters)


def list_all_registrations(user: Any, filters: RegistrationFilters) -> list[Registration]:
    """Return every matching registration in scope, in the list's order (exports)."""
    query = _filtered(user, filters).options(
        joinedload(Registration.person).selectinload(Person.grades),
        joinedload(Registration.organization),
        joinedload(Registration.project).joinedload(Project.occupation),
    )
    return list_query.everything(query, SPEC, filters)


def list_managed_competitions(user: Any) -> list[Competition]:
    """List the competitions the user manages, newest first."""
    query = select(Competition).order_by(Competition.starts_on.desc(), Competition.id.desc())
    managed = scope.managed_competition_ids(user)
    if managed is not None:
        query = query.where(Competition.id.in_(managed or {-1}))
    return list(db.session.scalars(query))


def _load_for_decision(user: Any, ids: Sequence[int]) -> list[Registration]:
    """Load the registrations to decide on; any unknown or out of scope is a 404."""
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        raise RegistrationError("registration.none_selected",
                                _("Select at least one registration."), field="ids")
    if len(wanted) > MAX_BATCH:
        raise RegistrationError("registration.batch_too_large", _(
            "Decide on at most %(n)d registrations at once.", n=MAX_BATCH), field="ids")
    query = _scoped(user, select(Registration).join(Registration.project)
                    .where(Registration.id.in_(wanted))
                    .options(joinedload(Registration.person)))
    regs = list(db.session.scalars(query).unique())
    if len(regs) != len(wanted):
        raise NotFoundError()
    return regs


def _refuse_illegal(regs: Sequence[Registration], target: str) -> None:
    illegal = [r for r in regs if r.status not in DECIDABLE]
    if not illegal:
        return
    first = illegal[0]
    raise RegistrationError("registration.illegal_transition", _(
        "%(count)d of the selected registrations cannot become %(target)s: for example "
        "%(name)s is %(status)s. Only submitted or qualified registrations can be decided.",
        count=len(illegal), target=status_label(target), name=first.person.name,
        status=status_label(first.status)), field="ids")


def _decide(user: Any, ids: Sequence[int], target: str, *, reason: str,
            now: datetime) -> list[Registration]:
    begin_write()
    try:
        regs = _load_for_decision(user, ids)
        _refuse_illegal(regs, target)
        if target == "APPROVED":
            _refuse_unresolved_duplicates(regs)
    except RegistrationError:
        db.session.rollback()
        raise
    for reg in regs:
        old = reg.status
        reg.status, reg.decided_at, reg.decision_reason = target, now, reason
        if target == "APPROVED":
            tickets.assign_ticket(reg)
        audit.record(f"registration.{target.lower()}", entity="registration",
                     entity_id=reg.id, actor_id=user.id, project_id=reg.project_id,
                     old={"status": old}, new={"status": target, "ticket_no": reg.ticket_no},
                     reason=reason, now=now)
        notifications.notify_registration(reg.id, f"REGISTRATION_{target}", reason=reason)
    db.session.commit()
    return regs


def _refuse_unresolved_duplicates(regs: Sequence[Registration]) -> None:
    """A pending duplicate record gets no ticket until the organizer links or refuses it."""
    for reg in regs:
        person = reg.person
        if person.duplicate_of_id is not None and person.duplicate_refused_at is None:
            raise RegistrationError("registration.pending_duplicate", _(
                "%(name)s shares the ID number of an existing record: link or refuse the "
                "possible duplicate first.", name=person.name), field="ids")


def approve_registrations(user: Any, ids: Sequence[int], *, now: datetime,
                          reason: str = "") -> list[Registration]:
    """Approve submitted registrations and give each an admission ticket number."""
    reason = reason.strip()
    if len(reason) > MAX_REASON:
        raise RegistrationError("registration.reason_too_long", _(
            "The reason is longer than %(n)d characters.", n=MAX_REASON), field="reason")
    return _decide(user, ids, "APPROVED", reason=reason, now=now)


def reject_registrations(user: Any, ids: Sequence[int], *, reason: str,
                         now: datetime) -> list[Registration]:
    """Reject submitted registrations with a reason the contestant sees."""
    reason = reason.strip()
    if not reason:
        raise RegistrationError("registration.reason_missing", _(
            "Give the reason for the rejection; the contestant will see it."), field="reason")
    if len(reason) > MAX_REASON:
        raise RegistrationError("registration.reason_too_long", _(
            "The reason is longer than %(n)d characters.", n=MAX_REASON), field="reason")
    return _decide(user, ids, "REJECTED", reason=reason, now=now)


def list_registration_organizations(competition_id: int) -> list[Organization]:
    """List the employers and schools of a competition's registrations, for the filter."""
    query = (select(Organization).where(Organization.id.in_(
        select(Registration.organization_id).join(Registration.project)
        .where(Project.competition_id == competition_id)))
        .order_by(Organization.name))
    return list(db.session.scalars(query))
