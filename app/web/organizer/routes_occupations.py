"""The occupations catalogue: list, add, edit, import from a sheet (admin and organizers)."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.security import Role, roles_required
from app.services.setup import occupations as svc
from app.web.organizer import bp
from app.web.organizer.forms import GRADE_NAMES, OccupationForm
from app.web.organizer.forms_occupations import OccupationImportForm


def _page(form: OccupationForm, import_form: OccupationImportForm, report: Any = None,
          status: int = 200) -> Any:
    return render_template("organizer/occupations.html", form=form, import_form=import_form,
                           occupations=svc.list_occupations(), report=report,
                           grade_names=GRADE_NAMES), status


@bp.route("/occupations", methods=["GET", "POST"])
@roles_required(Role.ORGANIZER)
def occupations() -> Any:
    """List the catalogue and add an occupation."""
    form = OccupationForm()
    if form.validate_on_submit():
        svc.create_occupation(current_user, _data(form))
        flash(_("Occupation added."), "success")
        return redirect(url_for("organizer.occupations"))
    status = 400 if request.method == "POST" else 200
    return _page(form, OccupationImportForm(formdata=None), status=status)


@bp.route("/occupations/<int:occupation_id>", methods=["GET", "POST"])
@roles_required(Role.ORGANIZER)
def edit_occupation(occupation_id: int) -> Any:
    """Change an occupation's names or top grade."""
    occupation = svc.get_occupation(occupation_id)
    form = OccupationForm(obj=occupation)
    if form.validate_on_submit():
        svc.update_occupation(current_user, occupation.id, _data(form, code=occupation.code))
        flash(_("Occupation saved."), "success")
        return redirect(url_for("organizer.occupations"))
    status = 400 if request.method == "POST" else 200
    return render_template("organizer/occupation_edit.html", form=form,
                           occupation=occupation), status


@bp.post("/occupations/import")
@roles_required(Role.ORGANIZER)
def import_occupations() -> Any:
    """Import a sheet: every row is checked and reported by its row number."""
    import_form = OccupationImportForm()
    if not import_form.validate_on_submit():
        return _page(OccupationForm(formdata=None), import_form, status=400)
    upload = import_form.file.data
    report = svc.import_occupations(current_user, upload.read(), upload.filename or "upload",
                                    valid_only=import_form.valid_only.data)
    if report.created or report.updated:
        flash(_("%(created)d occupations added, %(updated)d updated.",
                created=report.created, updated=report.updated), "success")
    elif report.errors:
        flash(_("Nothing was imported: correct the rows below, or import the valid rows only."),
              "danger")
    return _page(OccupationForm(formdata=None), import_form, report,
                 status=422 if report.errors and not report.planned else 200)


def _data(form: OccupationForm, *, code: str | None = None) -> svc.OccupationData:
    return svc.OccupationData(code=code or form.code.data or "", name=form.name.data or "",
                              name_en=form.name_en.data or "",
                              top_grade=form.top_grade.data or "L1")
