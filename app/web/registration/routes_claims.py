"""Claiming a person record: the contestant's claim page, the organizer's duplicates and codes."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.models._types import utcnow
from app.security import Role, login_required, roles_required
from app.services.entry import registrations
from app.services.identity import claims, person_duplicates
from app.web.registration import bp
from app.web.registration.forms import ClaimForm, ConfirmForm, RefuseForm


@bp.route("/claim", methods=["GET", "POST"])
@login_required
def claim() -> Any:
    """Enter a claim code to link one's account to one's existing person record."""
    form = ClaimForm()
    if form.validate_on_submit():
        person = claims.claim_person_record(current_user, form.code.data or "", now=utcnow())
        flash(_("Your account is now linked to the record of %(name)s.", name=person.name),
              "success")
        return redirect(url_for("registration.my_registrations"))
    status = 400 if request.method == "POST" else 200
    return render_template("registration/claim.html", form=form,
                           person=registrations.get_my_person(current_user)), status


@bp.get("/duplicates")
@roles_required(Role.ORGANIZER)
def duplicates() -> str:
    """List pending records sharing the ID number of a record in the organizer's contests."""
    return render_template("registration/duplicates.html",
                           items=person_duplicates.list_duplicates(current_user),
                           confirm=ConfirmForm(), refuse=RefuseForm())


@bp.post("/duplicates/<int:person_id>/approve")
@roles_required(Role.ORGANIZER)
def approve_duplicate(person_id: int) -> Any:
    """Link the pending record's account to the existing record and merge the entries."""
    if ConfirmForm().validate_on_submit():
        person = person_duplicates.approve_duplicate(current_user, person_id, now=utcnow())
        flash(_("The account now holds the record of %(name)s.", name=person.name), "success")
    return redirect(url_for("registration.duplicates"), code=303)


@bp.post("/duplicates/<int:person_id>/refuse")
@roles_required(Role.ORGANIZER)
def refuse_duplicate(person_id: int) -> Any:
    """Keep the pending record apart from the existing one."""
    form = RefuseForm()
    if form.validate_on_submit():
        person_duplicates.refuse_duplicate(current_user, person_id, now=utcnow(),
                                           reason=form.reason.data or "")
        flash(_("The pending record stays apart."), "info")
    return redirect(url_for("registration.duplicates"), code=303)


@bp.post("/people/<int:person_id>/claim-code")
@roles_required(Role.ORGANIZER)
def issue_claim_code(person_id: int) -> Any:
    """Issue a claim code for a record without an account and show it this once."""
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("registration.duplicates"), code=303)
    person, code = claims.issue_claim_code(current_user, person_id, now=utcnow())
    return render_template("registration/claim_code.html", person=person,
                           code=claims.format_code(code), days=claims.CODE_DAYS)
