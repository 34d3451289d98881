"""Record honours and grades with evidence on a lifetime record (organizers in scope)."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.models._types import utcnow
from app.security import Role, roles_required
from app.services.setup import honours as svc
from app.services.setup.occupations import list_occupations
from app.web.organizer.forms import options
from app.web.people import bp
from app.web.people.forms import ConfirmForm, GradeEvidenceForm, HonourForm


def honour_form(formdata: Any = None) -> HonourForm:
    """Return the honour form with the occupations to choose from."""
    form = HonourForm(formdata=formdata)
    form.occupation_id.choices = options(
        [(0, _("Any occupation"))] + [(o.id, o.name) for o in list_occupations()])
    return form


def grade_form(formdata: Any = None) -> GradeEvidenceForm:
    """Return the grade form with the occupations to choose from."""
    form = GradeEvidenceForm(formdata=formdata)
    form.occupation_id.choices = options((o.id, o.name) for o in list_occupations())
    return form


@bp.post("/<int:person_id>/honours")
@roles_required(Role.ORGANIZER)
def add_honour(person_id: int) -> Any:
    """Record an honour; it may bar the person from contests that exclude its holders."""
    form = honour_form()
    if form.validate_on_submit():
        svc.record_honour(current_user, person_id, svc.HonourData(
            honour=form.honour.data, year=form.year.data, name=form.name.data or "",
            issuer=form.issuer.data or "", document_no=form.document_no.data or "",
            occupation_id=form.occupation_id.data or None), today=utcnow().date())
        flash(_("Honour recorded."), "success")
    else:
        flash(_("Check the honour's fields: %(fields)s.",
                fields="、".join(str(getattr(form, n).label.text) for n in form.errors)),
              "danger")
    return redirect(url_for("people.record", person_id=person_id))


@bp.post("/<int:person_id>/honours/<int:honour_id>/remove")
@roles_required(Role.ORGANIZER)
def remove_honour(person_id: int, honour_id: int) -> Any:
    """Remove an honour recorded by mistake."""
    if ConfirmForm().validate_on_submit():
        svc.remove_honour(current_user, honour_id)
        flash(_("Honour removed."), "success")
    return redirect(url_for("people.record", person_id=person_id))


@bp.post("/<int:person_id>/grades")
@roles_required(Role.ORGANIZER)
def add_grade(person_id: int) -> Any:
    """Record a grade with its source and evidence."""
    form = grade_form()
    if form.validate_on_submit():
        svc.record_grade(current_user, person_id, svc.GradeEvidenceData(
            occupation_id=form.occupation_id.data, grade=form.grade.data,
            source=form.source.data, obtained_on=form.obtained_on.data,
            document_no=form.document_no.data or "", issuer=form.issuer.data or ""),
            today=utcnow().date())
        flash(_("Grade recorded."), "success")
    else:
        flash(_("Check the grade's fields: %(fields)s.",
                fields="、".join(str(getattr(form, n).label.text) for n in form.errors)),
              "danger")
    return redirect(url_for("people.record", person_id=person_id))
