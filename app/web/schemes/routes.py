"""The marking scheme editor: edit in the page, or export and import the .xlsx table."""

from __future__ import annotations

import io
from typing import Any

from flask import Response, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.models._types import utcnow
from app.security import Role, roles_required
from app.services.common.access import Need, get_project
from app.services.scoring.judging_errors import JudgingError
from app.services.setup import scheme_transfer, schemes
from app.web.schemes import bp
from app.web.schemes.forms import SchemeUploadForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _editor(project: Any, form: SchemeUploadForm, *, error: JudgingError | None = None,
            table_errors: list[Any] | None = None, status: int = 200) -> tuple[str, int]:
    return render_template(
        "schemes/editor.html", project=project, form=form, error=error,
        table_errors=table_errors or [],
        boot={"scheme": schemes.get_marking_scheme(project.id),
              "locked": project.scheme_locked_at is not None,
              "url": url_for("judging_setup.put_scheme", project_id=project.id)},
    ), status


@bp.get("/projects/<int:project_id>")
@roles_required(Role.ORGANIZER)
def editor(project_id: int) -> tuple[str, int]:
    """Show the project's components and marking scheme for editing."""
    return _editor(get_project(current_user, project_id, Need.MANAGE), SchemeUploadForm())


@bp.get("/projects/<int:project_id>/scheme.xlsx")
@roles_required(Role.ORGANIZER)
def export_xlsx(project_id: int) -> Response:
    """Download the scheme as an .xlsx table, one row per aspect."""
    project = get_project(current_user, project_id, Need.MANAGE)
    data = scheme_transfer.export_scheme(project)
    return send_file(io.BytesIO(data), mimetype=XLSX, as_attachment=True,
                     download_name=f"scheme-{project.id}.xlsx")


@bp.post("/projects/<int:project_id>/import")
@roles_required(Role.ORGANIZER)
def import_xlsx(project_id: int) -> Response | tuple[str, int]:
    """Replace the scheme from an uploaded table: all or nothing, every problem listed."""
    project = get_project(current_user, project_id, Need.MANAGE)
    form = SchemeUploadForm()
    if not form.validate_on_submit():
        return _editor(project, form, status=422)
    upload = form.file.data
    try:
        scheme_transfer.import_scheme(project, upload.read(), upload.filename or "scheme.xlsx",
                                      actor=current_user._get_current_object(), now=utcnow())
    except scheme_transfer.TransferRefused as refused:  # own-handling: lists every bad cell
        return _editor(project, form, table_errors=refused.report.errors, status=refused.status)
    except JudgingError as error:  # own-handling: the editor lists every problem of the scheme
        return _editor(project, form, error=error, status=error.status)
    flash(_("The marking scheme was imported."), "success")
    return redirect(url_for("schemes.editor", project_id=project.id))

