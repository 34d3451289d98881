"""Theory score import: download the sheet, upload it, see every problem row by row."""

from __future__ import annotations

import io
from typing import Any

from flask import Response, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from app.models import Project
from app.models._types import utcnow
from app.security import Role, roles_required
from app.services.common.access import Need, get_project
from app.services.scoring import theory_import
from app.services.setup.transfer_report import TransferRefused, TransferReport
from app.web.errors import upload_too_large
from app.web.transfers import bp
from app.web.transfers.forms import TheoryUploadForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _page(project: Project, form: TheoryUploadForm, *, report: TransferReport | None = None,
          status: int = 200) -> tuple[str, int]:
    return render_template("transfers/theory.html", project=project, form=form, report=report,
                           has_theory=theory_import.theory_component(project) is not None), status


@bp.route("/projects/<int:project_id>/theory", methods=["GET", "POST"])
@roles_required(Role.ORGANIZER, Role.CHIEF_JUDGE)
def theory(project_id: int) -> Any:
    """Upload a theory score sheet: check it whole; store it when every row is valid."""
    project = get_project(current_user, project_id, Need.THEORY)
    form = TheoryUploadForm()
    if not form.validate_on_submit():
        return _page(project, form, status=422 if form.is_submitted() else 200)
    upload = form.file.data
    data, filename = upload.read(), upload.filename or "upload"
    if form.check_only.data:
        report = theory_import.validate_theory_import(project, data, filename,
                                                      actor=current_user._get_current_object())
        return _page(project, form, report=report)
    try:
        result = theory_import.import_theory_scores(
            project, data, filename, actor=current_user._get_current_object(), now=utcnow(),
            only_valid=form.only_valid.data)
    except TransferRefused as refused:  # own-handling: the page shows the report of every row
        return _page(project, form, report=refused.report, status=refused.status)
    flash(_("%(n)d theory score(s) stored; %(same)d already stored as given; %(skipped)d "
            "row(s) skipped.", n=result.imported, same=result.unchanged,
            skipped=len(result.skipped_rows)), "success")
    return redirect(url_for("transfers.theory", project_id=project.id))


@bp.get("/projects/<int:project_id>/theory-template.xlsx")
@roles_required(Role.ORGANIZER, Role.CHIEF_JUDGE)
def theory_template(project_id: int) -> Response:
    """Download the theory score sheet of the project's checked-in contestants."""
    project = get_project(current_user, project_id, Need.THEORY)
    return send_file(io.BytesIO(theory_import.theory_template(project)), mimetype=XLSX,
                     as_attachment=True, download_name=f"theory-{project.id}.xlsx")


bp.register_error_handler(RequestEntityTooLarge, upload_too_large)
