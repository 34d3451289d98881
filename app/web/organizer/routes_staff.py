"""Staff pages of a competition: list, add one, import a sheet, deactivate."""

from __future__ import annotations

from typing import Any

from flask import Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.models._types import utcnow
from app.security import Role, roles_required
from app.services.identity import staff as staff_svc
from app.services.identity import staff_imports
from app.web.organizer import bp
from app.web.organizer.forms import options
from app.web.organizer.forms_staff import QualificationForm, StaffForm, StaffImportForm
from app.web.secrets_page import passwords_page


def _forms(competition: Any) -> tuple[StaffForm, StaffImportForm]:
    form = StaffForm()
    form.project_ids.choices = options((p.id, p.name) for p in competition.projects)
    return form, StaffImportForm()


def _page(competition: Any, form: StaffForm, upload: StaffImportForm,
          report: Any = None) -> str:
    return render_template("organizer/staff.html", competition=competition, form=form,
                           upload=upload,
                           rows=staff_svc.list_staff(current_user, competition.id),
                           projects={p.id: p.name for p in competition.projects},
                           roles=staff_svc.STAFF_ROLES, levels=staff_svc.QUALIFICATION_LEVELS,
                           report=report, qualification_form=QualificationForm(formdata=None))


@bp.get("/competitions/<int:competition_id>/staff")
@roles_required(Role.ORGANIZER)
def staff(competition_id: int) -> str:
    """List the competition's staff, with the forms to add one or import a sheet."""
    competition = staff_svc.load_competition(current_user, competition_id)
    return _page(competition, *_forms(competition))


@bp.post("/competitions/<int:competition_id>/staff")
@roles_required(Role.ORGANIZER)
def create_staff(competition_id: int) -> Any:
    """Create one staff account and show its one-time password once."""
    competition = staff_svc.load_competition(current_user, competition_id)
    form, upload = _forms(competition)
    if not form.validate():
        return _page(competition, form, upload), 422
    data = staff_svc.StaffData(
        role=form.role.data, username=form.username.data, name=form.name.data,
        id_number=form.id_number.data, employer=form.employer.data or "",
        phone=form.phone.data or "", qualification_level=form.qualification_level.data or "",
        certificate_no=form.certificate_no.data or "", expires_on=form.expires_on.data,
        project_ids=tuple(form.project_ids.data or ()))
    created = staff_svc.create_staff(current_user, competition.id, data, now=utcnow())
    return passwords_page([
        (created.user.username, created.user.display_name, created.password)],
        back=url_for("organizer.staff", competition_id=competition.id))


@bp.post("/competitions/<int:competition_id>/staff/import")
@roles_required(Role.ORGANIZER)
def import_staff(competition_id: int) -> Any:
    """Import a staff sheet: the report of every problem, or the new accounts' passwords."""
    competition = staff_svc.load_competition(current_user, competition_id)
    form, upload = _forms(competition)
    if not upload.validate():
        return _page(competition, form, upload), 422
    file = upload.file.data
    try:
        result = staff_imports.import_staff(current_user, competition.id, file.read(),
                                            file.filename or "upload", now=utcnow(),
                                            only_valid=upload.only_valid.data)
    except staff_imports.StaffImportRefused as refused:  # own-handling: shows the whole report
        return _page(competition, form, upload, report=refused.report), 422
    return passwords_page([
        (c.user.username, c.user.display_name, c.password) for _row, c in result.created],
        back=url_for("organizer.staff", competition_id=competition.id))


@bp.get("/competitions/<int:competition_id>/staff/template.xlsx")
@roles_required(Role.ORGANIZER)
def staff_template(competition_id: int) -> Response:
    """Download the staff import template."""
    staff_svc.load_competition(current_user, competition_id)
    response = Response(staff_imports.staff_template_xlsx(), mimetype=(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    response.headers["Content-Disposition"] = "attachment; filename=staff-template.xlsx"
    return response


@bp.post("/competitions/<int:competition_id>/staff/<int:user_id>/deactivate")
@roles_required(Role.ORGANIZER)
def deactivate_staff(competition_id: int, user_id: int) -> Response:
    """Disable a staff account."""
    user = staff_svc.deactivate_staff(current_user, competition_id, user_id, now=utcnow())
    flash(_("%(name)s was deactivated.", name=user.display_name or user.username), "success")
    return redirect(url_for("organizer.staff", competition_id=competition_id), code=303)


@bp.post("/competitions/<int:competition_id>/staff/<int:user_id>/qualification")
@roles_required(Role.ORGANIZER)
def set_qualification(competition_id: int, user_id: int) -> Response:
    """Record or renew a staff member's judge qualification."""
    form = QualificationForm()
    if not form.validate():
        flash(_("Give the level, the certificate number and a valid date."), "danger")
    else:
        staff_svc.set_qualification(current_user, competition_id, user_id,
                                    level=form.level.data, certificate_no=form.certificate_no.data,
                                    expires_on=form.expires_on.data, now=utcnow())
        flash(_("The qualification was saved."), "success")
    return redirect(url_for("organizer.staff", competition_id=competition_id), code=303)
