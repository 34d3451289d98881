"""Check-in (检录): staff scan a ticket's QR or type its number; the contestant is marked in.

A typed number carries no signature and numbers are sequential, so typing one alone would let
anyone at a desk check in a contestant who is not there: it also needs the last 4 characters
of the contestant's ID number, or an explicit override with a written reason (audited). A
ticket of a project the staff member does not manage answers exactly like an unknown one, so a
desk cannot learn which competition and project another organizer's ticket belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from app import events
from app.domain.ordering import natural_key
from app.extensions import begin_write, db
from app.models import Competition, Project, Registration
from app.services.common.scope import can_manage_project, managed_competition_ids
from app.services.entry.tickets import TicketError, find_ticket, verify_ticket_token
from app.services.scoring import audit

ID_TAIL = 4
REASON_MAX = 500

CHECKIN_EVENT = "checkin_changed"
# Past check-in: scanning such a ticket again is harmless and changes nothing.
CHECKED_IN = ("CHECKED_IN", "COMPETED")
EXPECTED = ("APPROVED", *CHECKED_IN)


def checkin_room(project_id: int) -> str:
    """Return the Socket.IO room where a project's check-in counts are pushed."""
    return f"checkin:{project_id}"


@dataclass(frozen=True, slots=True)
class CheckinCounts:
    """How many of a project's approved contestants have checked in."""

    project_id: int
    checked_in: int
    approved: int

    def to_dict(self) -> dict[str, int]:
        """Return a JSON-ready dict."""
        return {"project_id": self.project_id, "checked_in": self.checked_in,
                "approved": self.approved}


@dataclass(frozen=True, slots=True)
class CheckInResult:
    """A successful scan: the registration, and whether it had already checked in."""

    registration: Registration
    already_checked_in: bool
    counts: CheckinCounts


def _not_approved(registration: Registration) -> TicketError:
    reasons = {
        "SUBMITTED": _("This registration has not been approved yet."),
        "REJECTED": _("This registration was rejected."),
        "WITHDRAWN": _("This contestant has withdrawn."),
        "DISQUALIFIED": _("This contestant was disqualified."),
    }
    reason = reasons.get(registration.status, _("This registration is not approved."))
    return TicketError("checkin.not_approved", _("%(reason)s Check-in refused.", reason=reason))


def _wrong_project(registration: Registration) -> TicketError:
    other = registration.project
    return TicketError(
        "checkin.wrong_project",
        _("This ticket is for another project: %(project)s (%(competition)s).",
          project=other.name, competition=other.competition.name),
    )


def _unknown(token_used: bool, ticket_no: str) -> TicketError:
    """Return the refusal of an unknown ticket (also used for other organizers' tickets)."""
    if token_used:
        return TicketError("ticket.unknown", _("No such ticket."), field="token")
    number = "".join(ticket_no.split())
    return TicketError("ticket.unknown_number", _("No ticket has the number %(no)s.", no=number),
                       field="ticket_no")


def _manual_method(registration: Registration, id_last4: str | None,
                   override_reason: str | None) -> tuple[str, str]:
    """Return (method, reason) of a typed-number check-in, or refuse it."""
    digits = (id_last4 or "").strip().upper()
    reason = (override_reason or "").strip()
    if digits:
        if digits != registration.person.id_number[-ID_TAIL:].upper():
            raise TicketError(
                "checkin.id_mismatch",
                _("The last 4 characters of the ID number do not match this ticket."),
                field="id_last4",
            )
        return "NUMBER_ID", ""
    if reason:
        if len(reason) > REASON_MAX:
            raise TicketError("checkin.reason_too_long",
                              _("The reason is longer than %(n)s characters.", n=REASON_MAX),
                              field="override_reason")
        return "OVERRIDE", reason
    raise TicketError(
        "checkin.id_required",
        _("A typed ticket number also needs the last 4 characters of the ID number, "
          "or an override with a reason."),
        field="id_last4",
    )


def check_in(
    project: Project,
    *,
    token: str | None = None,
    ticket_no: str | None = None,
    id_last4: str | None = None,
    override_reason: str | None = None,
    staff: Any,
    now: datetime,
) -> CheckInResult:
    """Mark the contestant holding a ticket (QR token or typed number) as checked in.

    Refused with TicketError when the token is forged, altered or revoked, the number is
    unknown (or the ticket belongs to a project the staff member does not manage), the ticket
    is for another project, a typed number comes without the ID number's last 4 characters
    (or they differ) and without an override reason, or the registration is not approved. A
    second scan of a checked-in ticket changes nothing and says so (already_checked_in).
    """
    token_used = bool(token and token.strip())
    if not token_used and not (ticket_no and ticket_no.strip()):
        raise TicketError(
            "checkin.input_missing", _("Scan a ticket's QR code or enter its number."),
            field="ticket_no",
        )
    begin_write()
    try:
        found = verify_ticket_token(token) if token_used else find_ticket(ticket_no or "")
        # Lock the row so two staff scanning the same ticket at once record it once.
        registration = db.session.get(
            Registration, found.id, with_for_update=True, populate_existing=True
        )
        assert registration is not None
        if registration.project_id != project.id:
            if not can_manage_project(staff, registration.project):
                raise _unknown(token_used, ticket_no or "")
            raise _wrong_project(registration)
        method, reason = ("QR", "") if token_used else _manual_method(
            registration, id_last4, override_reason)
        if registration.status in CHECKED_IN:
            db.session.rollback()
            return CheckInResult(registration, True, get_checkin_counts(project))
        if registration.status != "APPROVED":
            raise _not_approved(registration)
    except TicketError:
        db.session.rollback()
        raise
    registration.status = "CHECKED_IN"
    registration.checked_in_at = now
    audit.record(
        "registration.checked_in", entity="registration", entity_id=registration.id,
        actor_id=getattr(staff, "id", None), project_id=project.id,
        old={"status": "APPROVED"}, new={"status": "CHECKED_IN",
                                         "ticket_version": registration.ticket_version,
                                         "method": method},
        reason=reason, now=now,
    )
    db.session.flush()
    counts = get_checkin_counts(project)
    events.publish(CHECKIN_EVENT, counts.to_dict(), room=checkin_room(project.id))
    db.session.commit()
    return CheckInResult(registration, False, counts)


def get_checkin_counts(project: Project) -> CheckinCounts:
    """Count a project's checked-in contestants against all approved ones."""
    rows = db.session.execute(
        select(Registration.status, func.count())
        .where(Registration.project_id == project.id, Registration.status.in_(EXPECTED))
        .group_by(Registration.status)
    ).all()
    by_status = {status: count for status, count in rows}
    checked = sum(by_status.get(s, 0) for s in CHECKED_IN)
    return CheckinCounts(project.id, checked, sum(by_status.values()))


def list_checkin_projects(user: Any) -> list[tuple[Project, CheckinCounts]]:
    """Return the projects the user manages, newest competition first, with their counts."""
    ids = managed_competition_ids(user)
    query = (
        select(Project).join(Competition)
        .order_by(Competition.starts_on.desc(), Competition.id.desc(), Project.id)
    )
    if ids is not None:
        if not ids:
            return []
        query = query.where(Project.competition_id.in_(ids))
    return [(p, get_checkin_counts(p)) for p in db.session.scalars(query)]


def list_project_registrations(project: Project) -> list[Registration]:
    """Return a project's approved-or-later registrations by ticket number (organizer view)."""
    query = (
        select(Registration)
        .where(Registration.project_id == project.id, Registration.status.in_(EXPECTED))
    )
    return sorted(db.session.scalars(query), key=lambda r: (natural_key(r.ticket_no), r.id))
