"""Check-in and ticket pages: project list, scanner, roster, re-issue, PDF downloads."""

from __future__ import annotations

import io

from flask import Response, abort, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.models._types import utcnow
from app.security import Role, login_required, roles_required
from app.services.common.access import Need, get_project, get_registration
from app.services.entry import checkin, lotdraw, tickets
from app.services.identity.people import mask_id_number
from app.web.checkin import bp
from app.web.checkin.forms import ConfirmForm
from app.web.errors import refusals_go_to


def _pdf(data: bytes, name: str) -> Response:
    return send_file(io.BytesIO(data), mimetype="application/pdf", download_name=name)


@bp.get("/")
@roles_required(Role.ORGANIZER)
def index() -> str:
    """List the projects the user manages, with how many have checked in."""
    return render_template("checkin/index.html", rows=checkin.list_checkin_projects(current_user))


@bp.get("/projects/<int:project_id>")
@roles_required(Role.ORGANIZER)
def scan(project_id: int) -> str:
    """Show the scanner: camera or typed ticket number, the result, the live count."""
    project = get_project(current_user, project_id, Need.MANAGE)
    return render_template(
        "checkin/scan.html", project=project, counts=checkin.get_checkin_counts(project)
    )


@bp.get("/projects/<int:project_id>/roster")
@roles_required(Role.ORGANIZER)
def roster(project_id: int) -> str:
    """List the project's approved contestants: ticket, check-in, station and code."""
    project = get_project(current_user, project_id, Need.MANAGE)
    return render_template(
        "checkin/roster.html", project=project,
        registrations=checkin.list_project_registrations(project),
        counts=checkin.get_checkin_counts(project), draw=lotdraw.get_draw(project),
        form=ConfirmForm(), mask=mask_id_number,
    )


@bp.post("/registrations/<int:registration_id>/reissue")
@roles_required(Role.ORGANIZER)
def reissue(registration_id: int) -> Response:
    """Re-issue a ticket: the printed QR code of the old one stops working."""
    registration = get_registration(current_user, registration_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    refusals_go_to(url_for("checkin.roster", project_id=registration.project_id))
    tickets.reissue_ticket(registration, user=current_user, now=utcnow())
    flash(_("Ticket %(no)s re-issued: the old QR code no longer works.",
            no=registration.ticket_no), "success")
    return redirect(url_for("checkin.roster", project_id=registration.project_id))


@bp.get("/projects/<int:project_id>/tickets.pdf")
@roles_required(Role.ORGANIZER)
def project_tickets(project_id: int) -> Response:
    """Download all of a project's admission tickets as one PDF."""
    project = get_project(current_user, project_id, Need.MANAGE)
    refusals_go_to(url_for("checkin.roster", project_id=project.id), category="warning")
    pdf = tickets.get_project_tickets_pdf(project, today=tickets.local_date(utcnow()),
                                          actor_id=current_user.id)
    return _pdf(pdf, f"tickets-project-{project.id}.pdf")


@bp.get("/tickets/<int:registration_id>.pdf")
@login_required
def ticket(registration_id: int) -> Response:
    """Download one admission ticket: your own, or one of a project you manage."""
    registration = get_registration(current_user, registration_id, Need.HOLD, what="ticket")
    if not tickets.has_ticket(registration):
        abort(404)
    pdf = tickets.get_ticket_pdf(registration, today=tickets.local_date(utcnow()),
                                  actor_id=current_user.id)
    return _pdf(pdf, f"ticket-{registration.ticket_no}.pdf")


@bp.get("/my-tickets")
@login_required
def my_tickets() -> str:
    """List the user's own admission tickets for download."""
    return render_template("checkin/mine.html", registrations=tickets.list_my_tickets(current_user))
