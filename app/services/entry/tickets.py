"""Admission tickets (准考证): numbers, signed QR tokens, PDFs."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from app.documents.tickets import TicketData, ticket_pdf, tickets_pdf
from app.domain.errors import IdCardError
from app.domain.idcard import parse_id_number
from app.domain.ordering import natural_key
from app.errors import ServiceError
from app.extensions import begin_write, db, write_transaction
from app.models import Project, Registration
from app.models._types import utcnow
from app.services.common import labels
from app.services.common.local_time import to_local
from app.services.common.offload import offload
from app.services.common.signing import BadToken, sign, unsign
from app.services.identity import notifications
from app.services.identity.claims import account_of, format_code, new_claim_code
from app.services.scoring import audit

TICKET_PURPOSE = "ticket"
# Registrations that hold a valid ticket: approved, and every later state of the lifecycle.
TICKETED = ("APPROVED", "CHECKED_IN", "COMPETED")
_GENDERS = {"M": "男", "MALE": "男", "F": "女", "FEMALE": "女"}


class TicketError(ServiceError):
    """A ticket that cannot be used: a stable code, a translated message, the field."""

    def __init__(self, code: str, message: Any, *, field: str | None = None,
                 status: int | None = None) -> None:
        super().__init__(code, message, field=field, status=status)


def assign_ticket(registration: Registration) -> None:
    """Give an approved registration a ticket number and invalidate older QR tokens.

    Joins the caller's transaction (approval, re-issue); the caller commits. The number
    is year + project + registration id: unique, stable and needing no counter.
    """
    if registration.id is None or registration.project is None:
        raise ValueError("flush the registration before assigning a ticket")
    year = registration.project.competition.year
    registration.ticket_no = f"{year}{registration.project_id:04d}{registration.id:06d}"
    registration.ticket_version += 1
    notifications.notify_registration(registration.id, "TICKET_READY",
                                      ticket=registration.ticket_no)


def ticket_token(registration: Registration) -> str:
    """Return the signed token a ticket's QR code carries (valid for the current version)."""
    return sign(TICKET_PURPOSE, {"r": registration.id, "v": registration.ticket_version})


def verify_ticket_token(token: str) -> Registration:
    """Return the registration a QR token names, or raise TicketError saying why not.

    Codes: ticket.forged (not signed by us, or changed after signing), ticket.unknown
    (signed, but the registration is gone), ticket.revoked (an older version, re-issued since).
    """
    try:
        payload = unsign(TICKET_PURPOSE, token.strip())
        registration_id, version = int(payload["r"]), int(payload["v"])
    except (BadToken, KeyError, TypeError, ValueError):
        raise TicketError(
            "ticket.forged",
            _("This QR code is not a valid ticket: it is forged or has been altered."),
            field="token",
        ) from None
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.ticket_no is None:
        raise TicketError("ticket.unknown", _("No such ticket."), field="token")
    if version != registration.ticket_version:
        raise TicketError(
            "ticket.revoked",
            _("Ticket %(no)s was revoked: a newer ticket has been issued since. "
              "Ask the contestant for the latest one.", no=registration.ticket_no),
            field="token",
        )
    return registration


def find_ticket(ticket_no: str) -> Registration:
    """Return the registration holding a typed ticket number, or raise TicketError."""
    number = "".join(ticket_no.split())
    if not number:
        raise TicketError("ticket.number_missing", _("Enter a ticket number."), field="ticket_no")
    registration = db.session.scalar(select(Registration).where(Registration.ticket_no == number))
    if registration is None:
        raise TicketError(
            "ticket.unknown_number", _("No ticket has the number %(no)s.", no=number),
            field="ticket_no",
        )
    return registration


def reissue_ticket(registration: Registration, *, user: Any, now: datetime) -> Registration:
    """Issue a fresh ticket (same number, new QR); every older QR code stops verifying."""
    begin_write()
    registration = db.session.get(Registration, registration.id)
    if registration is None or registration.ticket_no is None or (
        registration.status not in TICKETED
    ):
        db.session.rollback()
        raise TicketError(
            "ticket.not_issued", _("Only an approved registration has a ticket to re-issue."),
            status=409,
        )
    old_version = registration.ticket_version
    assign_ticket(registration)
    audit.record(
        "ticket.reissued", entity="registration", entity_id=registration.id,
        actor_id=getattr(user, "id", None), project_id=registration.project_id,
        old={"version": old_version}, new={"version": registration.ticket_version}, now=now,
    )
    db.session.commit()
    return registration


def _local(moment: datetime) -> datetime:
    """Turn a stored UTC time into the contest's wall-clock time."""
    return to_local(moment).replace(tzinfo=None)


def local_date(moment: datetime) -> date:
    """Return the contest's calendar date at a UTC moment (for "issued on")."""
    return _local(moment).date()


def _group_label(code: str) -> str:
    return labels.chinese(code, "group")


def _gender_label(id_number: str, stored: str | None) -> str:
    """Return 男/女 from the ID number's 17th digit, else from the stored gender, else ""."""
    # People store MALE/FEMALE (§3); the ID number is the source, so read it first.
    try:
        gender = parse_id_number(id_number).gender.value
    except IdCardError:
        gender = stored or ""
    return {"MALE": "男", "FEMALE": "女", "M": "男", "F": "女"}.get(gender, "")


def ticket_data(registration: Registration, *, issued_on: date | None = None) -> TicketData:
    """Map a registration to what its printed ticket shows (times in local wall-clock)."""
    project: Project = registration.project
    competition = project.competition
    person = registration.person
    if project.starts_at is not None:
        starts_at = _local(project.starts_at)
    else:
        # No session time set yet: print the contest's first day (the time reads 00:00).
        starts_at = datetime.combine(competition.starts_on, time())
    employer = registration.organization or person.organization
    return TicketData(
        competition=competition.name,
        ticket_number=registration.ticket_no or "",
        name=person.name,
        id_number=person.id_number,
        group=_group_label(registration.group),
        project=project.name,
        venue=project.venue,
        starts_at=starts_at,
        ends_at=_local(project.ends_at) if project.ends_at is not None else None,
        organizer=competition.organizer.name if competition.organizer else "",
        qr_payload=ticket_token(registration),
        station=str(registration.station_no) if registration.station_no else "",
        gender=_gender_label(person.id_number, person.gender),
        employer=employer.name if employer is not None else "",
        check_in_at=(
            _local(registration.checked_in_at) if registration.checked_in_at else None
        ),
        issued_on=issued_on,
    )


def _claim_codes(registrations: list[Registration], *, actor_id: int | None,
                 now: datetime) -> dict[int, str]:
    """Issue a claim code for each ticketed person who has no account yet; commit if any."""
    people = {r.person_id: r.person for r in registrations if account_of(r.person_id) is None
              and r.person.duplicate_of_id is None}
    if not people:
        return {}
    with write_transaction():
        codes = {pid: format_code(new_claim_code(person, purpose="TICKET",
                                                 issued_by_id=actor_id, now=now))
                 for pid, person in people.items()}
        return codes


def has_ticket(registration: Registration) -> bool:
    """Tell whether the registration holds a ticket that may be printed."""
    return registration.ticket_no is not None and registration.status in TICKETED


def get_ticket_pdf(registration: Registration, *, today: date | None = None,
                   actor_id: int | None = None) -> bytes:
    """Return one registration's ticket as a PDF, or raise TicketError if it has none.

    A person with no account gets a fresh claim code printed on it (see ``claims``).
    """
    if not has_ticket(registration):
        raise TicketError("ticket.not_issued", _("This registration has no ticket yet."),
                          status=409)
    codes = _claim_codes([registration], actor_id=actor_id, now=utcnow())
    return offload(ticket_pdf, replace(ticket_data(registration, issued_on=today),
                              claim_code=codes.get(registration.person_id, "")))


def list_ticketed(project: Project) -> list[Registration]:
    """Return a project's registrations that hold a ticket, by ticket number."""
    query = (
        select(Registration)
        .where(Registration.project_id == project.id, Registration.status.in_(TICKETED),
               Registration.ticket_no.is_not(None))
    )
    return sorted(db.session.scalars(query), key=lambda r: (natural_key(r.ticket_no), r.id))


def get_project_tickets_pdf(project: Project, *, today: date | None = None,
                            actor_id: int | None = None) -> bytes:
    """Return every ticket of a project in one PDF, or raise TicketError if there are none."""
    registrations = list_ticketed(project)
    if not registrations:
        raise TicketError("ticket.none",
                          _("No registration of this project has a ticket yet."), status=409)
    codes = _claim_codes(registrations, actor_id=actor_id, now=utcnow())
    return offload(tickets_pdf,
        [replace(ticket_data(r, issued_on=today), claim_code=codes.get(r.person_id, ""))
         for r in registrations],
        title=f"{project.competition.name} {project.name} 准考证",
    )


def list_my_tickets(user: Any) -> list[Registration]:
    """Return the registrations of the user's own person that hold a ticket."""
    person_id = getattr(user, "person_id", None)
    if person_id is None:
        return []
    query = (
        select(Registration)
        .where(Registration.person_id == person_id, Registration.status.in_(TICKETED),
               Registration.ticket_no.is_not(None))
        .order_by(Registration.id.desc())
    )
    return list(db.session.scalars(query))
