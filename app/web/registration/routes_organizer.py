"""Organizer pages: registrations per competition, approval, import and export."""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import quote

from flask import (
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from app.models._types import utcnow
from app.security import Role, is_safe_path, roles_required
from app.services.common.access import get_competition
from app.services.entry import imports, registration_sheets
from app.services.entry import registration_status as status
from app.web.context import code_label
from app.web.errors import refusals_go_to, upload_too_large
from app.web.form_fields import form_id
from app.web.list_forms import list_form, query_args
from app.web.registration import bp, uploads
from app.web.registration.forms import (
    DecisionForm,
    ImportForm,
    ImportValidForm,
    RegistrationListForm,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


SORTS = {"id": _l("Registration number"), "name": _l("Full name"),
         "ticket_no": _l("Admission ticket"), "status": _l("Status"),
         "submitted_at": _l("Submitted")}


def _list_form(competition: Any) -> RegistrationListForm:
    return list_form(
        RegistrationListForm, request.args,
        statuses={s: code_label(s) for s in status.STATUSES},
        projects=[(p.id, p.name) for p in competition.projects],
        organizations=[(o.id, o.name)
                       for o in status.list_registration_organizations(competition.id)],
        sorts=SORTS)


def _filters(form: RegistrationListForm, competition_id: int) -> status.RegistrationFilters:
    eligible = {"yes": True, "no": False}.get(form.valid("eligible") or "")
    return form.to_filter(status.RegistrationFilters, competition_id=competition_id,
                          eligible=eligible)


@bp.get("/")
@roles_required(Role.ORGANIZER)
def index() -> Any:
    """List the competitions whose registrations the organizer manages."""
    return render_template("registration/index.html",
                           competitions=status.list_managed_competitions(current_user))


@bp.get("/competitions/<int:competition_id>")
@roles_required(Role.ORGANIZER)
def list_registrations(competition_id: int) -> Any:
    """List a competition's registrations with filters, reasons and bulk decisions."""
    competition = get_competition(current_user, competition_id)
    filters = _list_form(competition)
    page = status.list_registrations(current_user, _filters(filters, competition_id))
    return render_template(
        "registration/list.html", competition=competition, page=page, filters=filters,
        form=DecisionForm(), args=query_args(request.args))


@bp.post("/competitions/<int:competition_id>/decide")
@roles_required(Role.ORGANIZER)
def decide(competition_id: int) -> Any:
    """Approve or reject the checked registrations."""
    get_competition(current_user, competition_id)
    form = DecisionForm()
    back = request.form.get("back", "")
    target = back if is_safe_path(back) else url_for(
        "registration.list_registrations", competition_id=competition_id)
    if not form.validate_on_submit():
        flash(_("The request could not be understood."), "danger")
        return redirect(target)
    ids = request.form.getlist("ids", type=form_id)
    refusals_go_to(target)
    if form.action.data == "approve":
        done = status.approve_registrations(current_user, ids, now=utcnow(),
                                            reason=form.reason.data or "")
        flash(_("%(n)d registration(s) approved; admission ticket numbers assigned.",
                n=len(done)), "success")
    else:
        done = status.reject_registrations(current_user, ids, now=utcnow(),
                                           reason=form.reason.data or "")
        flash(_("%(n)d registration(s) rejected.", n=len(done)), "success")
    return redirect(target)


@bp.get("/competitions/<int:competition_id>/template.xlsx")
@roles_required(Role.ORGANIZER)
def template(competition_id: int) -> Any:
    """Download the import template of the competition."""
    competition = get_competition(current_user, competition_id)
    return _xlsx(registration_sheets.import_template(competition), "报名导入模板.xlsx")


@bp.get("/competitions/<int:competition_id>/export.xlsx")
@roles_required(Role.ORGANIZER)
def export(competition_id: int) -> Any:
    """Download the (filtered) registrations as .xlsx, with full personal data."""
    competition = get_competition(current_user, competition_id)
    filters = _list_form(competition)
    regs = status.list_all_registrations(current_user, _filters(filters, competition_id))
    data = registration_sheets.export_workbook("报名名单", regs, full=True)
    return _xlsx(data, f"{competition.name}-报名名单.xlsx")


def _xlsx(data: bytes, filename: str) -> Any:
    response = send_file(io.BytesIO(data), mimetype=XLSX, as_attachment=True,
                         download_name=filename)
    response.headers["Content-Disposition"] = (
        f"attachment; filename=registrations.xlsx; filename*=UTF-8''{quote(filename)}")
    return response


@bp.route("/competitions/<int:competition_id>/import", methods=["GET", "POST"])
@roles_required(Role.ORGANIZER)
def import_sheet(competition_id: int) -> Any:
    """Upload a sheet: check it whole; import it when every row is valid."""
    competition = get_competition(current_user, competition_id)
    form = ImportForm()
    if not form.validate_on_submit():
        status_code = 400 if request.method == "POST" else 200
        return render_template("registration/import.html", competition=competition,
                               form=form), status_code
    upload = form.file.data
    data, filename = upload.read(), upload.filename or "upload"
    if form.check_only.data:
        report = imports.validate_import(competition, data, filename, now=utcnow())
        return _report(competition, report, data, approve=form.approve.data)
    try:
        result = imports.import_registrations(current_user, competition, data, filename,
                                              now=utcnow(), approve=form.approve.data)
    except imports.ImportRefused as refused:  # own-handling: shows the report of every row
        return _report(competition, refused.report, data, approve=form.approve.data), 422
    flash(_("%(n)d registration(s) imported.", n=result.imported), "success")
    return redirect(url_for("registration.list_registrations", competition_id=competition_id))


def _report(competition: Any, report: imports.ImportReport, data: bytes, *,
            approve: bool, replaces: str | None = None) -> str:
    token = (uploads.stash(data, report.filename, competition.id, replaces=replaces)
             if report.planned else "")
    if not token:
        uploads.discard(replaces)
    valid_form = ImportValidForm(formdata=None, token=token, approve=approve)
    return render_template("registration/import_report.html", competition=competition,
                           report=report, valid_form=valid_form, form=ImportForm(formdata=None))


@bp.post("/competitions/<int:competition_id>/import/valid")
@roles_required(Role.ORGANIZER)
def import_valid(competition_id: int) -> Any:
    """Import only the valid rows of the file checked before."""
    competition = get_competition(current_user, competition_id)
    form = ImportValidForm()
    stashed = uploads.load(form.token.data or "", competition.id) if form.validate() else None
    if stashed is None:
        flash(_("The checked file is no longer available; upload it again."), "warning")
        return redirect(url_for("registration.import_sheet", competition_id=competition_id))
    data, filename = stashed
    try:
        result = imports.import_registrations(current_user, competition, data, filename,
                                              now=utcnow(), only_valid=True,
                                              approve=form.approve.data)
    except imports.ImportRefused as refused:  # own-handling: shows the report of every row
        return _report(competition, refused.report, data, approve=form.approve.data,
                       replaces=form.token.data), 422
    uploads.discard(form.token.data)
    flash(_("%(n)d registration(s) imported; %(skipped)d row(s) with problems were skipped.",
            n=result.imported, skipped=len(result.skipped_rows)), "success")
    return redirect(url_for("registration.list_registrations", competition_id=competition_id))


bp.register_error_handler(RequestEntityTooLarge, upload_too_large)
