"""Outcome pages: thin views over finalisation, outcomes_read, what_if and qualification."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.models._types import utcnow
from app.security import Role, has_role, login_required, roles_required
from app.services.results import finalisation, outcomes_read, qualification, what_if
from app.services.results.outcome_errors import NotFound, OutcomeError
from app.services.setup.competition_rules import row_input
from app.services.setup.competitions import SetupError
from app.web.errors import refusals_go_to
from app.web.organizer.forms_rules import RulesForm
from app.web.organizer.routes_projects import _row_input, _show_row_error
from app.web.outcomes import bp
from app.web.outcomes.forms import (
    ConfirmForm,
    FinaliseForm,
    WithdrawForContestantForm,
    WithdrawForm,
)


@bp.get("/projects/<int:project_id>")
@roles_required(Role.ORGANIZER)
def project(project_id: int) -> str:
    """Show the finalise button (or why it is refused) and the stored outcomes."""
    outcomes = outcomes_read.get_project_outcomes(current_user, project_id)
    return render_template("outcomes/project.html", o=outcomes, form=FinaliseForm(),
                           withdraw_form=WithdrawForContestantForm(),
                           is_admin=has_role(current_user, Role.ADMIN))


@bp.post("/projects/<int:project_id>/qualifications/<int:qualification_id>/withdraw")
@roles_required(Role.ORGANIZER)
def withdraw_for_contestant(project_id: int, qualification_id: int) -> Any:
    """Record a contestant's withdrawal (a 放弃声明); the next-ranked finisher is offered it."""
    back = url_for("outcomes.project", project_id=project_id)
    form = WithdrawForContestantForm()
    if not form.validate_on_submit():
        flash(_("Say why the place is given up (for example, the contestant's written "
                "withdrawal)."), "danger")
        return redirect(back)
    refusals_go_to(back)
    qualification.withdraw_qualification(current_user, qualification_id, now=utcnow(),
                                         reason=form.reason.data or "")
    flash(_("Withdrawal recorded; the place goes to the next-ranked finisher."), "success")
    return redirect(back)


@bp.post("/projects/<int:project_id>/finalize")
@roles_required(Role.ORGANIZER)
def finalize(project_id: int) -> Any:
    """Finalise the results and store the outcomes; refusals are shown with their reason."""
    back = url_for("outcomes.project", project_id=project_id)
    form = FinaliseForm()
    if not form.validate_on_submit():
        flash(_("The form expired or the reason is too long; please try again."), "danger")
        return redirect(back)
    # Refusals (the 公示 still runs, an appeal is open …) flash via the page error handler.
    report = finalisation.finalize_project(project_id, actor=current_user, now=utcnow(),
                                           override_reason=form.override_reason.data or "")
    if not report.changed:
        flash(_("Nothing changed: the stored outcomes already match the results."), "info")
    else:
        flash(_("Results finalised: %(n)d outcomes stored, %(r)d replaced.",
                n=sum(report.created.values()), r=len(report.replaced)), "success")
    return redirect(back)


@bp.route("/projects/<int:project_id>/what-if", methods=["GET", "POST"])
@roles_required(Role.ORGANIZER)
def what_if_page(project_id: int) -> Any:
    """Try the promotion rules (as stored, or edited here) on the current standings."""
    form = RulesForm()
    rows = None
    if request.method == "GET":
        try:
            result = what_if.run_what_if(current_user, project_id)
        except OutcomeError as error:  # own-handling: the page still shows, with the reason
            if isinstance(error, NotFound):
                raise
            flash(error.message, "danger")
            result = None
        if result is not None:
            for row in result.rule_set.rows:
                form.rows.append_entry(row_input(row))
        return render_template("outcomes/what_if.html", form=form, result=result,
                               project_id=project_id)
    if form.add.data:
        form.rows.append_entry()
    form.rows.entries = [e for e in form.rows.entries if not e.form.remove.data]
    kept = [entry.form for entry in form.rows]
    result = None
    if form.validate_on_submit() or form.add.data:
        rows = [_row_input(sub) for sub in kept if (sub.band.data or "").strip()]
        try:
            result = what_if.run_what_if(current_user, project_id, rows=rows)
        except SetupError as error:  # own-handling: re-renders the rows, error on its row
            _show_row_error(kept, error)
        except OutcomeError as error:  # own-handling: re-renders the edited rows
            if isinstance(error, NotFound):
                raise
            flash(error.message, "danger")
    return render_template("outcomes/what_if.html", form=form, result=result,
                           project_id=project_id), 200 if result is not None else 400


@bp.get("/qualifications")
@login_required
def my_qualifications() -> str:
    """List the places the contestant won, each to confirm or withdraw."""
    places = qualification.list_my_qualifications(current_user)
    return render_template("outcomes/qualifications.html", places=places,
                           project_names=qualification.target_names(places),
                           confirm_form=ConfirmForm(), withdraw_form=WithdrawForm())


@bp.post("/qualifications/<int:qualification_id>/confirm")
@login_required
def confirm(qualification_id: int) -> Any:
    """Confirm one's place."""
    if ConfirmForm().validate_on_submit():
        _answer(qualification.confirm_qualification, qualification_id,
                _("Your place is confirmed."))
    return redirect(url_for("outcomes.my_qualifications"))


@bp.post("/qualifications/<int:qualification_id>/withdraw")
@login_required
def withdraw(qualification_id: int) -> Any:
    """Give up one's place; the next-ranked finisher is offered it."""
    form = WithdrawForm()
    if form.validate_on_submit():
        _answer(qualification.withdraw_qualification, qualification_id,
                _("You have withdrawn; the place goes to the next-ranked finisher."),
                reason=form.reason.data or "")
    else:
        flash(_("The reason is at most %(max)d characters.", max=500), "danger")
    return redirect(url_for("outcomes.my_qualifications"))


def _answer(action: Any, qualification_id: int, message: str, **kwargs: Any) -> None:
    refusals_go_to(url_for("outcomes.my_qualifications"))
    action(current_user, qualification_id, now=utcnow(), **kwargs)
    flash(message, "success")
