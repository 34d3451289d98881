"""/api/v1/projects/<id>/marking-sheets: the printable sheets as PDF, contestants by code only."""

from __future__ import annotations

from typing import Any

from flask import Response

from app.models._types import utcnow
from app.security import Role, roles_required
from app.services.scoring import marking_sheets as sheets
from app.web.api.base import ApiBlueprint, api_user
from app.web.api.marking_sheet_schemas import JudgeQuerySchema
from app.web.judging.routes_sheets import pdf_response

marking_sheets_blp = ApiBlueprint(
    "marking_sheets", __name__, url_prefix="/api/v1/projects/<int:project_id>/marking-sheets",
    description="Printable marking sheets for signature at sign-off (PDF).")


@marking_sheets_blp.route("/judge", methods=["GET"])
@roles_required(Role.JUDGE, Role.CHIEF_JUDGE, Role.ORGANIZER)
@marking_sheets_blp.arguments(JudgeQuerySchema, location="query")
@marking_sheets_blp.response(200, description="The judge's marks as a PDF.",
                             content_type="application/pdf")
def judge_sheet(query: dict[str, Any], project_id: int) -> Response:
    """Return a judge's marking sheet (aspects × contestant codes) as a PDF."""
    user = api_user()
    pdf = sheets.judge_sheet_pdf(user, project_id, judge_id=query["judge_id"], now=utcnow())
    return pdf_response(pdf, f"marking-sheet-{project_id}-{query['judge_id'] or user.id}.pdf")


@marking_sheets_blp.route("/signoff", methods=["GET"])
@roles_required(Role.CHIEF_JUDGE, Role.ORGANIZER)
@marking_sheets_blp.response(200, description="The sign-off sheet as a PDF.",
                             content_type="application/pdf")
def signoff_sheet(project_id: int) -> Response:
    """Return the chief judge's per-criterion sign-off sheet as a PDF."""
    return pdf_response(sheets.signoff_sheet_pdf(api_user(), project_id, now=utcnow()),
                        f"signoff-sheet-{project_id}.pdf")
