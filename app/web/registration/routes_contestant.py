"""Contestant pages: sign up, fill in the registration form, see eligibility, withdraw."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from app.auth import start_session
from app.models._types import utcnow
from app.security import Role, public, roles_required
from app.services.common.mappers import current_grades
from app.services.entry import registrations, tickets
from app.services.entry.registration_rules import ApplicantInput, GradeInput
from app.services.identity import accounts
from app.services.identity.people import list_affiliations, list_occupations
from app.web.errors import refusals_go_to
from app.web.registration import bp, drafts
from app.web.registration.forms import ConfirmForm, RegisterForm, SignupForm


@bp.route("/signup", methods=["GET", "POST"])
@public
def signup() -> Any:
    """Create a contestant account, log it in and go on to the registration form."""
    if current_user.is_authenticated:
        return redirect(url_for("registration.register"))
    form = SignupForm()
    if form.validate_on_submit():
        try:
            user = accounts.create_user(form.username.data, form.password.data,
                                        display_name=form.display_name.data or "",
                                        roles=[Role.CONTESTANT])
        except accounts.AccountError as error:  # own-handling: the error goes on its field
            getattr(form, error.field or "username").errors.append(error.message)
        else:
            start_session(user)
            flash(_("Your account is ready. Now fill in your registration."), "success")
            return redirect(url_for("registration.register"))
    status = 400 if request.method == "POST" else 200
    return render_template("registration/signup.html", form=form), status


@bp.get("/check-id")
@public
def check_id() -> Any:
    """Tell whether an ID number is valid and what it says (used live by the form)."""
    raw = request.args.get("id_number", "")[:40]
    return jsonify(registrations.check_id_number(raw, now=utcnow()))


def _prepare(form: RegisterForm, projects: list[Any]) -> None:
    occupations = [SelectChoice(0, "—")] + [SelectChoice(o.id, o.name)
                                             for o in list_occupations()]
    for entry in form.grades:
        entry.form.occupation_id.choices = occupations
    form.project_ids.choices = [SelectChoice(p.id, p.name) for p in projects]


def _prefill(form: RegisterForm) -> None:
    person = registrations.get_my_person(current_user)
    if person is None:
        form.name.data = current_user.display_name
        return
    form.name.data, form.id_number.data, form.phone.data = (person.name, person.id_number,
                                                            person.phone)
    if person.organization is not None:
        form.organization_name.data = person.organization.name
        form.organization_kind.data = person.organization.kind
        form.group.data = "STUDENT" if person.organization.kind == "SCHOOL" else "EMPLOYEE"
    held = list(current_grades(person.grades).values())[: len(form.grades)]
    for entry, grade in zip(form.grades, held, strict=False):
        entry.form.occupation_id.data = grade.occupation_id
        entry.form.grade.data = grade.grade
        entry.form.certificate_no.data = grade.certificate_no


def _applicant(form: RegisterForm) -> ApplicantInput:
    grades = tuple(
        GradeInput(e.form.occupation_id.data or 0, e.form.grade.data or "",
                   e.form.certificate_no.data or "")
        for e in form.grades if e.form.occupation_id.data
    )
    return ApplicantInput(
        name=form.name.data or "", id_number=form.id_number.data or "",
        phone=form.phone.data or "", organization_name=form.organization_name.data or "",
        organization_kind=form.organization_kind.data or "", group=form.group.data or "",
        grades=grades, coach_name=form.coach_name.data or "")


def _attach(form: RegisterForm, problems: list[Any]) -> list[Any]:
    """Show each problem under its field; return those without one."""
    loose = []
    for problem in problems:
        field = getattr(form, problem.field, None)
        if field is not None and problem.field != "grades":
            field.errors = [*field.errors, problem.message]
        else:
            loose.append(problem)
    return loose


@bp.route("/register", methods=["GET", "POST"])
@roles_required(Role.CONTESTANT)
def register() -> Any:
    """Fill in the form; "check" previews eligibility, "submit" saves the registrations.

    Every POST redirects (PRG): the GET after it shows the kept draft with its verdicts.
    """
    now = utcnow()
    projects = registrations.list_open_projects(now=now)
    if request.method == "POST":
        return _post_register(projects, now=now)
    draft = drafts.load() if request.args.get("checked") else None
    form = RegisterForm(formdata=draft[0]) if draft else RegisterForm(formdata=None)
    _prepare(form, projects)
    context: dict[str, Any] = {"form": form, "projects": projects,
                               "affiliations": list_affiliations()}
    if draft is None:
        _prefill(form)
        return render_template("registration/register.html", **context)
    kept = [registrations.Problem(field or "", "registration.refused", message)
            for field, message in draft[1]]
    if not form.validate():
        return render_template("registration/register.html", **context)
    data, ids = _applicant(form), form.project_ids.data or []
    preview = registrations.preview_eligibility(current_user, data, ids, now=now)
    fresh = {p.message for p in preview.problems}
    problems = [*preview.problems, *[p for p in kept if p.message not in fresh]]
    context.update(loose=_attach(form, problems), verdicts=preview.verdicts,
                   previewed=not problems)
    return render_template("registration/register.html", **context)


def _post_register(projects: list[Any], *, now: Any) -> Any:
    """Check or submit the form, then redirect: to one's registrations, or back to the form."""
    form = RegisterForm()
    _prepare(form, projects)
    back = redirect(url_for("registration.register", checked=1, _anchor="eligibility"), 303)
    if not form.validate_on_submit():
        csrf = getattr(form, "csrf_token", None)  # absent when CSRF is off (tests)
        if csrf is not None and csrf.errors:
            context = {"form": form, "projects": projects, "affiliations": list_affiliations()}
            return render_template("registration/register.html", **context), 400
        drafts.keep(request.form, [])
        return back
    data, ids = _applicant(form), form.project_ids.data or []
    if request.form.get("action") != "submit":
        drafts.keep(request.form, [])
        return back
    again = registrations.already_submitted(current_user, ids)
    try:
        registrations.register_for_project(current_user, data, ids, now=now)
    except registrations.RegistrationError as error:  # own-handling: the draft keeps the problems
        drafts.keep(request.form, [(p.field, p.message) for p in error.problems])
        return back
    drafts.drop()
    if again:
        flash(_("You had already registered for %(projects)s: that registration was updated "
                "with these details and no second one was created.",
                projects="、".join(again)), "warning")
    if len(again) < len(set(ids)):
        flash(_("Your registration was submitted. The organizer will review it."), "success")
    return redirect(url_for("registration.my_registrations"))


@bp.get("/mine")
@roles_required(Role.CONTESTANT)
def my_registrations() -> Any:
    """List the contestant's registrations with status, eligibility and decisions."""
    items = registrations.list_my_registrations(current_user)
    return render_template("registration/mine.html",
                           person=registrations.get_my_person(current_user), items=items,
                           ticketed={r.id for r in items if tickets.has_ticket(r)},
                           confirm=ConfirmForm())


@bp.post("/<int:registration_id>/withdraw")
@roles_required(Role.CONTESTANT)
def withdraw(registration_id: int) -> Any:
    """Withdraw one of the contestant's registrations."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    refusals_go_to(url_for("registration.my_registrations"))
    registrations.withdraw_registration(current_user, registration_id, now=utcnow())
    flash(_("The registration was withdrawn."), "info")
    return redirect(url_for("registration.my_registrations"))
