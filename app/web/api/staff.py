"""/api/v1/competitions/<id>/staff: judges, chief judges, approvers, arbitrators."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Response, jsonify

from app.models._types import utcnow
from app.security import Role, roles_required
from app.services.identity import staff, staff_imports
from app.web.api.base import ApiBlueprint, api_user
from app.web.api.error_schemas import report_or_error
from app.web.api.registration_schemas import ImportReportSchema
from app.web.api.staff_schemas import (
    QualificationInSchema,
    StaffFileSchema,
    StaffImportArgsSchema,
    StaffInSchema,
)
from app.web.secrets_page import forbid_caching

blp = ApiBlueprint("staff", __name__, url_prefix="/api/v1/competitions/<int:competition_id>/staff",
                   description="Staff accounts of a competition, one by one or from a sheet; "
                               "each new account's one-time password is shown once.")


def _data(data: dict[str, Any]) -> staff.StaffData:
    expires: date | None = data.get("expires_on")
    return staff.StaffData(
        role=data["role"], username=data["username"], name=data["name"],
        id_number=data["id_number"], employer=data["employer"], phone=data["phone"],
        qualification_level=data["qualification_level"],
        certificate_no=data["certificate_no"], expires_on=expires,
        project_ids=tuple(data["project_ids"]))


@blp.route("", methods=["GET"])
@roles_required(Role.ORGANIZER)
@blp.response(200)
def list_staff(competition_id: int) -> list[dict[str, Any]]:
    """List the competition's staff with qualification and projects."""
    return staff.list_staff(api_user(), competition_id)


@blp.route("", methods=["POST"])
@roles_required(Role.ORGANIZER)
@blp.arguments(StaffInSchema)
@blp.response(201)
def create_staff(data: dict[str, Any], competition_id: int) -> dict[str, Any]:
    """Create one staff account; the answer holds its one-time password (shown once)."""
    forbid_caching()
    return staff.create_staff(api_user(), competition_id, _data(data), now=utcnow()).to_dict()


@blp.route("/import", methods=["POST"])
@roles_required(Role.ORGANIZER)
@blp.arguments(StaffImportArgsSchema, location="query")
@blp.arguments(StaffFileSchema, location="files")
@blp.response(201)
@blp.alt_response(200, schema=ImportReportSchema, description="validate_only: the check.")
@blp.alt_response(422, schema=report_or_error("ImportReport"),
                  description="Refused: every problem, or the request itself.")
def import_staff(args: dict[str, Any], files: dict[str, Any], competition_id: int) -> Any:
    """Check a whole .xlsx/.csv of staff and create the accounts (all, or the valid rows)."""
    forbid_caching()
    upload = files["file"]
    data, filename = upload.read(), upload.filename or "upload"
    if args["validate_only"]:
        competition = staff.load_competition(api_user(), competition_id)
        return _report(staff_imports.validate_staff_import(competition, data, filename,
                                                           now=utcnow()), 200)
    try:
        result = staff_imports.import_staff(api_user(), competition_id, data, filename,
                                            now=utcnow(), only_valid=args["only_valid"])
    except staff_imports.StaffImportRefused as refused:  # own-handling: the whole report
        return _report(refused.report, 422)
    return result.to_dict()


@blp.route("/template", methods=["GET"])
@roles_required(Role.ORGANIZER)
def staff_template(competition_id: int) -> Response:
    """Download the staff import template (.xlsx)."""
    staff.load_competition(api_user(), competition_id)
    response = Response(staff_imports.staff_template_xlsx(), mimetype=(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    response.headers["Content-Disposition"] = "attachment; filename=staff-template.xlsx"
    return response


@blp.route("/<int:user_id>/qualification", methods=["PUT"])
@roles_required(Role.ORGANIZER)
@blp.arguments(QualificationInSchema)
@blp.response(200)
def set_qualification(data: dict[str, Any], competition_id: int,
                      user_id: int) -> dict[str, Any]:
    """Record or renew a staff member's judge qualification (裁判员资格)."""
    row = staff.set_qualification(api_user(), competition_id, user_id, level=data["level"],
                                  certificate_no=data["certificate_no"],
                                  expires_on=data["expires_on"], now=utcnow())
    return {"user_id": user_id, "level": row.level, "certificate_no": row.certificate_no,
            "expires_on": row.expires_on.isoformat() if row.expires_on else None}


@blp.route("/<int:user_id>/deactivate", methods=["POST"])
@roles_required(Role.ORGANIZER)
@blp.response(200)
def deactivate_staff(competition_id: int, user_id: int) -> dict[str, Any]:
    """Disable a staff account (its scores and history stay)."""
    user = staff.deactivate_staff(api_user(), competition_id, user_id, now=utcnow())
    return {"user_id": user.id, "active": user.active}


def _report(report: Any, status_code: int) -> Response:
    response = jsonify(ImportReportSchema().dump(report.to_dict()))
    response.status_code = status_code
    return response
