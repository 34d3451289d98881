"""Check-in (检录): staff scan a ticket's QR or type its number; the contestant is marked in."""

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
from app.services import audit
from app.services.scope import managed_competition_ids
from app.services.tickets import TicketError, find_ticket, verify_ticket_token

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


def check_in(
    project: Project,
    *,
    token: str | None = None,
    ticket_no: str | None = None,
    staff: Any,
    now: datetime,
) -> CheckInResult:
    """Mark the contestant holding a ticket (QR token or typed number) as checked in.

    Refused with TicketError when the token is forged, altered or revoked, the number is
    unknown, the ticket is for another project or the registration is not approved. A
    second scan of a checked-in ticket changes nothing and says so (already_checked_in).
    A typed number carries no signature: staff compare it with the ID card, as on paper.
    """
    if not (token and token.strip()) and not (ticket_no and ticket_no.strip()):
        raise TicketError(
            "checkin.input_missing", _("Scan a ticket's QR code or enter its number."),
            field="ticket_no",
        )
    begin_write()
    try:
        found = verify_ticket_token(token) if token and token.strip() else find_ticket(
            ticket_no or ""
        )
        # Lock the row so two staff scanning the same ticket at once record it once.
        registration = db.session.get(
            Registration, found.id, with_for_update=True, populate_existing=True
        )
        assert registration is not None
        if registration.project_id != project.id:
            raise _wrong_project(registration)
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
                                         "ticket_version": registration.ticket_version},
        now=now,
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
