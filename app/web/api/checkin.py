"""/api/v1 admission tickets and check-in: download, re-issue, check in, count."""

from __future__ import annotations

import io
from typing import Any

from flask import Response, send_file
from flask_babel import gettext as _

from app.models._types import utcnow
from app.security import Role, login_required, roles_required
from app.services.common.access import Need, get_project, get_registration
from app.services.entry import checkin, tickets
from app.services.identity.people import mask_id_number
from app.web.api.base import ApiBlueprint, api_user
from app.web.api.checkin_schemas import (
    PDF_SCHEMA,
    CheckedInSchema,
    CheckInSchema,
    CountsSchema,
    TicketIssuedSchema,
)

tickets_blp = ApiBlueprint(
    "tickets", __name__, url_prefix="/api/v1",
    description="Admission tickets (准考证): PDFs with a signed, revocable QR code.",
)
checkin_blp = ApiBlueprint(
    "check-in", __name__, url_prefix="/api/v1/projects",
    description="Check-in (检录) by QR token or ticket number, and live counts.",
)


def _pdf(data: bytes, name: str) -> Response:
    return send_file(io.BytesIO(data), mimetype="application/pdf", download_name=name)


@tickets_blp.route("/tickets/<int:registration_id>", methods=["GET"])
@login_required
@tickets_blp.response(200, PDF_SCHEMA, content_type="application/pdf")
def download_ticket(registration_id: int) -> Response:
    """Download one admission ticket: the contestant's own, or any in an organizer's scope."""
    registration = get_registration(api_user(), registration_id, Need.HOLD, what="ticket")
    pdf = tickets.get_ticket_pdf(registration, today=tickets.local_date(utcnow()),
                                  actor_id=api_user().id)
    return _pdf(pdf, f"ticket-{registration.ticket_no}.pdf")


@tickets_blp.route("/tickets/<int:registration_id>/reissue", methods=["POST"])
@roles_required(Role.ORGANIZER)
@tickets_blp.response(200, TicketIssuedSchema)
def reissue_ticket(registration_id: int) -> dict[str, Any]:
    """Re-issue a ticket: same number, new QR code; the old QR code stops working."""
    registration = get_registration(api_user(), registration_id, what="ticket")
    registration = tickets.reissue_ticket(registration, user=api_user(), now=utcnow())
    return {"registration_id": registration.id, "ticket_no": registration.ticket_no,
            "ticket_version": registration.ticket_version,
            "token": tickets.ticket_token(registration)}


@tickets_blp.route("/projects/<int:project_id>/tickets", methods=["GET"])
@roles_required(Role.ORGANIZER)
@tickets_blp.response(200, PDF_SCHEMA, content_type="application/pdf")
def download_project_tickets(project_id: int) -> Response:
    """Download every admission ticket of a project as one PDF, one ticket a page."""
    project = get_project(api_user(), project_id, Need.MANAGE)
    pdf = tickets.get_project_tickets_pdf(project, today=tickets.local_date(utcnow()),
                                          actor_id=api_user().id)
    return _pdf(pdf, f"tickets-project-{project.id}.pdf")


def checked_in_payload(result: checkin.CheckInResult) -> dict[str, Any]:
    """Describe a check-in for staff: who, which project, and what happened."""
    registration = result.registration
    project = registration.project
    if result.already_checked_in:
        message = _("Already checked in: nothing was changed.")
    else:
        message = _("Checked in.")
    return {
        "registration_id": registration.id,
        "ticket_no": registration.ticket_no,
        "name": registration.person.name,
        "id_number_masked": mask_id_number(registration.person.id_number),
        "project_id": project.id,
        "project": project.name,
        "competition": project.competition.name,
        "status": registration.status,
        "checked_in_at": registration.checked_in_at,
        "station_no": registration.station_no,
        "already_checked_in": result.already_checked_in,
        "message": message,
        "counts": result.counts.to_dict(),
    }


@checkin_blp.route("/<int:project_id>/checkin", methods=["POST"])
@roles_required(Role.ORGANIZER)
@checkin_blp.arguments(CheckInSchema)
@checkin_blp.response(200, CheckedInSchema)
def check_in(data: dict[str, Any], project_id: int) -> dict[str, Any]:
    """Check a contestant in by the QR token or the ticket number (idempotent).

    A typed ticket number needs ``id_last4`` (the ID number's last 4 characters) or an
    ``override_reason`` (audited). Refusals are 422 with a code: ticket.forged,
    ticket.revoked, ticket.unknown, ticket.unknown_number (also for tickets of projects the
    caller does not manage), checkin.wrong_project, checkin.not_approved,
    checkin.input_missing, checkin.id_required, checkin.id_mismatch.
    """
    project = get_project(api_user(), project_id, Need.MANAGE)
    result = checkin.check_in(project, token=data.get("token"),
                              ticket_no=data.get("ticket_no"), id_last4=data.get("id_last4"),
                              override_reason=data.get("override_reason"),
                              staff=api_user(), now=utcnow())
    return checked_in_payload(result)


@checkin_blp.route("/<int:project_id>/checkin", methods=["GET"])
@roles_required(Role.ORGANIZER)
@checkin_blp.response(200, CountsSchema)
def checkin_counts(project_id: int) -> dict[str, int]:
    """Count the project's checked-in contestants against all approved ones."""
    return checkin.get_checkin_counts(get_project(api_user(), project_id, Need.MANAGE)).to_dict()
