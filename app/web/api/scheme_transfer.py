"""/api/v1 for moving marking schemes and theory scores in and out as .xlsx."""

from __future__ import annotations

import io
from typing import Any

from flask import Response, jsonify, send_file
from werkzeug.exceptions import RequestEntityTooLarge

from app.models._types import utcnow
from app.security import Role, roles_required
from app.services.common.access import get_project
from app.services.scoring import theory_import
from app.services.scoring.judging_access import can_manage, can_oversee
from app.services.scoring.judging_errors import JudgingError
from app.services.setup import scheme_transfer
from app.services.setup.transfer_report import TransferRefused, TransferReport
from app.web.api.base import ApiBlueprint, api_user
from app.web.api.error_schemas import report_or_error
from app.web.api.scheme_transfer_schemas import (
    TheoryImportArgsSchema,
    TheoryImportResultSchema,
    TransferReportSchema,
    UploadSchema,
)
from app.web.errors import upload_too_large

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSX_SCHEMA = {"type": "string", "format": "binary"}

blp = ApiBlueprint("scheme_transfer", __name__, url_prefix="/api/v1/projects/<int:project_id>",
                   description="Marking schemes and theory scores as .xlsx: export, import.")


def _report(report: TransferReport, status: int) -> Response:
    # A Response passes flask-smorest's success serialisation untouched (the alt responses).
    response = jsonify(TransferReportSchema().dump(report.to_dict()))
    response.status_code = status
    return response


def _xlsx(data: bytes, name: str) -> Response:
    return send_file(io.BytesIO(data), mimetype=XLSX, as_attachment=True, download_name=name)


@blp.route("/scheme.xlsx", methods=["GET"])
@roles_required(Role.ORGANIZER, Role.CHIEF_JUDGE)
@blp.response(200, XLSX_SCHEMA, content_type=XLSX)
def export_scheme(project_id: int) -> Response:
    """Download the components and marking scheme, one row per aspect (WorldSkills layout)."""
    project = get_project(api_user(), project_id)
    if not (can_manage(api_user(), project) or can_oversee(api_user(), project)):
        raise JudgingError("auth.forbidden")
    return _xlsx(scheme_transfer.export_scheme(project), f"scheme-{project.id}.xlsx")


@blp.route("/scheme/import", methods=["POST"])
@roles_required(Role.ORGANIZER)
@blp.arguments(UploadSchema, location="files")
@blp.response(200)
@blp.alt_response(409, schema=TransferReportSchema, description="The scheme is locked.")
@blp.alt_response(422, schema=report_or_error("TransferReport"),
                  description="Refused: every problem, or the request itself.")
def import_scheme(files: dict[str, Any], project_id: int) -> Any:
    """Replace the scheme from a workbook: all or nothing; returns the saved scheme.

    Problems come as a report (sheet, row, column, code, message); once judging has started
    the scheme is locked (409).
    """
    project = get_project(api_user(), project_id)
    upload = files["file"]
    try:
        return scheme_transfer.import_scheme(project, upload.read(), upload.filename or "upload",
                                             actor=api_user(), now=utcnow())
    except TransferRefused as refused:  # own-handling: the API answers with the whole report
        return _report(refused.report, refused.status)


@blp.route("/theory-template.xlsx", methods=["GET"])
@roles_required(Role.ORGANIZER, Role.CHIEF_JUDGE)
@blp.response(200, XLSX_SCHEMA, content_type=XLSX)
def theory_template(project_id: int) -> Response:
    """Download the theory score sheet: the checked-in contestants, a score column to fill."""
    project = get_project(api_user(), project_id)
    if not theory_import.can_import(api_user(), project):
        raise JudgingError("auth.forbidden")
    return _xlsx(theory_import.theory_template(project), f"theory-{project.id}.xlsx")


@blp.route("/theory-scores/import", methods=["POST"])
@roles_required(Role.ORGANIZER, Role.CHIEF_JUDGE)
@blp.arguments(TheoryImportArgsSchema, location="query")
@blp.arguments(UploadSchema, location="files")
@blp.response(201, TheoryImportResultSchema)
@blp.alt_response(200, schema=TransferReportSchema, description="validate_only: the check.")
@blp.alt_response(409, schema=TransferReportSchema, description="Scores are locked.")
@blp.alt_response(422, schema=report_or_error("TransferReport"),
                  description="Refused: every problem, or the request itself.")
def import_theory(args: dict[str, Any], files: dict[str, Any], project_id: int) -> Any:
    """Import theory scores: every row valid, or only the valid ones when asked.

    Columns: 准考证号或加密号 (ticket number or anonymous code), 姓名 (optional, checked),
    理论成绩 (0–100). Importing the same file again stores nothing new.
    """
    project = get_project(api_user(), project_id)
    user = api_user()
    if not theory_import.can_import(user, project):
        raise JudgingError("auth.forbidden")
    upload = files["file"]
    data, filename = upload.read(), upload.filename or "upload"
    if args["validate_only"]:
        return _report(theory_import.validate_theory_import(project, data, filename, actor=user),
                       200)
    try:
        result = theory_import.import_theory_scores(project, data, filename, actor=user,
                                                    now=utcnow(), only_valid=args["only_valid"])
    except TransferRefused as refused:  # own-handling: the API answers with the whole report
        return _report(refused.report, refused.status)
    return {"imported": result.imported, "unchanged": result.unchanged,
            "skipped_rows": result.skipped_rows, "report": result.report.to_dict()}


blp.register_error_handler(RequestEntityTooLarge, upload_too_large)
