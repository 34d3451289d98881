"""/api/v1/registrations: register, preview eligibility, list, decide, import, export."""

from __future__ import annotations

import io
from typing import Any

from flask import Response, jsonify, send_file, url_for
from flask_babel import gettext as _
from werkzeug.exceptions import RequestEntityTooLarge

from app.models import Registration
from app.models._types import utcnow
from app.security import Role, roles_required
from app.services.common import scope
from app.services.common.access import get_competition
from app.services.common.list_query import page_info
from app.services.entry import imports, registration_sheets, registrations, tickets
from app.services.entry import registration_status as status
from app.services.entry.registration_rules import (
    ApplicantInput,
    GradeInput,
    reason_dicts,
)
from app.services.identity.people import mask_id_number, mask_phone
from app.services.results.reasons import describe_reason
from app.web.api.base import ApiBlueprint, api_abort, api_user
from app.web.api.error_schemas import report_or_error
from app.web.api.list_schemas import list_filter
from app.web.api.registration_schemas import (
    ApplicantSchema,
    DecisionSchema,
    ImportFileSchema,
    ImportFormSchema,
    ImportReportSchema,
    ImportResultSchema,
    ListArgsSchema,
    PreviewSchema,
    RegistrationOutSchema,
    RegistrationPageSchema,
    SheetArgsSchema,
    WithdrawSchema,
)
from app.web.errors import upload_too_large

blp = ApiBlueprint("registrations", __name__, url_prefix="/api/v1/registrations",
                   description="Registrations: self-service, approval, bulk import and export.")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSX_SCHEMA = {"type": "string", "format": "binary"}


def _applicant(data: dict[str, Any]) -> ApplicantInput:
    return ApplicantInput(
        name=data["name"], id_number=data["id_number"], phone=data["phone"],
        organization_name=data["organization_name"],
        organization_kind=data["organization_kind"], group=data["group"],
        grades=tuple(GradeInput(g["occupation_id"], g["grade"], g["certificate_no"])
                     for g in data["grades"]),
        coach_name=data.get("coach_name", ""))


def _out(reg: Registration, *, full: bool) -> dict[str, Any]:
    """Serialise a registration; personal data in full only for the person or managers."""
    person, verdict = reg.person, reg.eligibility or {}
    failures = [{**f, "message": describe_reason(f)} for f in verdict.get("failures", [])]
    return {
        "id": reg.id, "project_id": reg.project_id, "project_name": reg.project.name,
        "competition_id": reg.project.competition_id, "status": reg.status,
        "source": reg.source, "group": reg.group, "eligible": verdict.get("ok"),
        "failures": failures, "decision_reason": reg.decision_reason,
        "ticket_no": reg.ticket_no,
        "ticket_pdf": (url_for("tickets.download_ticket", registration_id=reg.id)
                       if tickets.has_ticket(reg) else None),
        "submitted_at": reg.submitted_at,
        "decided_at": reg.decided_at,
        "person": {
            "name": person.name,
            "id_number": person.id_number if full else mask_id_number(person.id_number),
            "phone": person.phone if full else mask_phone(person.phone),
            "gender": person.gender, "birth_date": person.birth_date,
            "organization": reg.organization.name if reg.organization else None,
        },
    }


@blp.route("", methods=["POST"])
@roles_required(Role.CONTESTANT)
@blp.arguments(ApplicantSchema)
@blp.response(201, RegistrationOutSchema(many=True))
def register(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Register the caller for projects; ineligible entries are submitted with their reasons."""
    regs = registrations.register_for_project(api_user(), _applicant(data),
                                              data["project_ids"], now=utcnow())
    return [_out(r, full=True) for r in regs]


@blp.route("/eligibility", methods=["POST"])
@roles_required(Role.CONTESTANT)
@blp.arguments(ApplicantSchema)
@blp.response(200, PreviewSchema)
def preview(data: dict[str, Any]) -> dict[str, Any]:
    """Check the details and every eligibility rule of each project; nothing is saved."""
    result = registrations.preview_eligibility(api_user(), _applicant(data),
                                               data["project_ids"], now=utcnow())
    return {
        "problems": [p.to_dict() for p in result.problems],
        "verdicts": [{"project_id": v.project.id, "project_name": v.project.name,
                      "ok": v.result.ok, "blocking": v.blocking,
                      "failures": [{**r, "message": r["text"]} for r in reason_dicts(v.result)]}
                     for v in result.verdicts],
    }


@blp.route("/mine", methods=["GET"])
@roles_required(Role.CONTESTANT)
@blp.response(200, RegistrationOutSchema(many=True))
def mine() -> list[dict[str, Any]]:
    """List the caller's own registrations."""
    return [_out(r, full=True) for r in registrations.list_my_registrations(api_user())]


@blp.route("/<int:registration_id>/withdraw", methods=["POST"])
@roles_required(Role.CONTESTANT)
@blp.arguments(WithdrawSchema)
@blp.response(200, RegistrationOutSchema)
def withdraw(data: dict[str, Any], registration_id: int) -> dict[str, Any]:
    """Withdraw one of the caller's registrations before check-in."""
    reg = registrations.withdraw_registration(api_user(), registration_id, now=utcnow(),
                                              reason=data["reason"])
    return _out(reg, full=True)


def _filters(args: dict[str, Any]) -> status.RegistrationFilters:
    return list_filter(args, status.RegistrationFilters,
                       competition_id=args.get("competition_id"), eligible=args.get("eligible"))


@blp.route("", methods=["GET"])
@roles_required(Role.ORGANIZER)
@blp.arguments(ListArgsSchema, location="query")
@blp.response(200, RegistrationPageSchema)
def list_registrations(args: dict[str, Any]) -> dict[str, Any]:
    """List registrations in the caller's scope, filtered, with eligibility reasons."""
    page = status.list_registrations(api_user(), _filters(args))
    return {**page_info(page), "items": [_out(r, full=True) for r in page.items]}


@blp.route("/approve", methods=["POST"])
@roles_required(Role.ORGANIZER)
@blp.arguments(DecisionSchema)
@blp.response(200, RegistrationOutSchema(many=True))
def approve(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Approve submitted registrations (all or none) and assign admission ticket numbers."""
    regs = status.approve_registrations(api_user(), data["ids"], now=utcnow(),
                                        reason=data["reason"])
    return [_out(r, full=True) for r in regs]


@blp.route("/reject", methods=["POST"])
@roles_required(Role.ORGANIZER)
@blp.arguments(DecisionSchema)
@blp.response(200, RegistrationOutSchema(many=True))
def reject(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Reject submitted registrations (all or none) with a reason the contestant sees."""
    regs = status.reject_registrations(api_user(), data["ids"], now=utcnow(),
                                       reason=data["reason"])
    return [_out(r, full=True) for r in regs]


@blp.route("/import", methods=["POST"])
@roles_required(Role.ORGANIZER)
@blp.arguments(ImportFormSchema, location="query")
@blp.arguments(ImportFileSchema, location="files")
@blp.response(201, ImportResultSchema)
@blp.alt_response(200, schema=ImportReportSchema, description="validate_only: the check.")
@blp.alt_response(422, schema=report_or_error("ImportReport"),
                  description="Refused: every problem, or the request itself.")
def import_sheet(form: dict[str, Any], files: dict[str, Any]) -> Any:
    """Check a whole .xlsx/.csv and import it (all rows, or only the valid ones if asked).

    Send the file as multipart/form-data (field ``file``) and the options in the query string.
    """
    competition = get_competition(api_user(), form["competition_id"])
    target: Any = competition
    if form.get("project_id") is not None:
        target = next((p for p in competition.projects if p.id == form["project_id"]), None)
        if target is None:
            api_abort(404, "project.not_found", _("No such project."))
    upload = files["file"]
    data, filename = upload.read(), upload.filename or "upload"
    if form["validate_only"]:
        return _report(imports.validate_import(target, data, filename, now=utcnow()), 200)
    try:
        result = imports.import_registrations(api_user(), target, data, filename, now=utcnow(),
                                              only_valid=form["only_valid"],
                                              approve=form["approve"])
    except imports.ImportRefused as refused:  # own-handling: answers with the whole report
        return _report(refused.report, 422)
    return {"imported": result.imported, "approved": result.approved,
            "skipped_rows": result.skipped_rows, "report": result.report.to_dict()}


def _report(report: imports.ImportReport, status_code: int) -> Response:
    # A Response passes flask-smorest's 201 serialisation untouched (the alt responses).
    response = jsonify(ImportReportSchema().dump(report.to_dict()))
    response.status_code = status_code
    return response


@blp.route("/template", methods=["GET"])
@roles_required(Role.ORGANIZER)
@blp.arguments(SheetArgsSchema(only=("competition_id",)), location="query")
@blp.response(200, XLSX_SCHEMA, content_type=XLSX)
def template(args: dict[str, Any]) -> Response:
    """Download a competition's import template (Chinese headers, example row)."""
    competition = get_competition(api_user(), args["competition_id"])
    return send_file(io.BytesIO(registration_sheets.import_template(competition)),
                     mimetype=XLSX, as_attachment=True, download_name="template.xlsx")


@blp.route("/export", methods=["GET"])
@roles_required(Role.ORGANIZER)
@blp.arguments(SheetArgsSchema, location="query")
@blp.response(200, XLSX_SCHEMA, content_type=XLSX)
def export(args: dict[str, Any]) -> Response:
    """Download a competition's registrations (filtered like the list) as .xlsx."""
    user = api_user()
    competition = get_competition(api_user(), args["competition_id"])
    regs = status.list_all_registrations(user, _filters(args))
    data = registration_sheets.export_workbook(
        "报名名单", regs, full=scope.can_manage_competition(user, competition))
    return send_file(io.BytesIO(data), mimetype=XLSX, as_attachment=True,
                     download_name="registrations.xlsx")


blp.register_error_handler(RequestEntityTooLarge, upload_too_large)
