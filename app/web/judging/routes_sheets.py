"""Printable marking sheets: a judge's own marks and the chief judge's sign-off sheet (PDF)."""

from __future__ import annotations

from flask import Response, request
from flask_login import current_user

from app.models._types import utcnow
from app.security import Role, roles_required
from app.services.scoring import marking_sheets as sheets
from app.web.judging import bp


def pdf_response(pdf: bytes, filename: str) -> Response:
    """Send a PDF inline (it is printed from the browser), never cached."""
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/projects/<int:project_id>/marking-sheet.pdf")
@roles_required(Role.JUDGE, Role.CHIEF_JUDGE, Role.ORGANIZER)
def marking_sheet(project_id: int) -> Response:
    """Print one's own marking sheet (an overseer may name a judge with ?judge_id=)."""
    judge_id = request.args.get("judge_id", type=int)
    pdf = sheets.judge_sheet_pdf(current_user, project_id, judge_id=judge_id, now=utcnow())
    return pdf_response(pdf, f"marking-sheet-{project_id}-{judge_id or current_user.id}.pdf")


@bp.get("/projects/<int:project_id>/signoff-sheet.pdf")
@roles_required(Role.CHIEF_JUDGE, Role.ORGANIZER)
def signoff_sheet(project_id: int) -> Response:
    """Print the per-criterion sign-off sheet for the chief judge's and judges' signatures."""
    pdf = sheets.signoff_sheet_pdf(current_user, project_id, now=utcnow())
    return pdf_response(pdf, f"signoff-sheet-{project_id}.pdf")
