"""Competition pages: the pyramid tree, a competition's page, create and edit."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.security import Role, roles_required
from app.services.common.access import Need, get_competition
from app.services.identity import link_requests
from app.services.setup import competitions as svc
from app.services.setup.checklist import get_checklist
from app.services.setup.competition_rules import list_rule_rows
from app.web.checklist_links import fix_url
from app.web.context import code_label
from app.web.form_fields import form_id
from app.web.organizer import bp
from app.web.organizer.forms import (
    CompetitionForm,
    OccupationForm,
    local_to_utc,
    options,
    tier_choices,
    utc_to_local,
)
from app.web.organizer.helpers import show_error


@bp.get("/")
@roles_required(Role.ORGANIZER)
def competitions() -> str:
    """Show the competitions the user manages as the contest pyramid."""
    return render_template("organizer/competitions.html",
                           tree=svc.list_competition_tree(current_user))


@bp.get("/competitions/<int:competition_id>")
@roles_required(Role.ORGANIZER)
def competition(competition_id: int) -> str:
    """Show a competition's settings and its projects with where each feeds."""
    comp = get_competition(current_user, competition_id, Need.MANAGE)
    rows = {p.id: list_rule_rows(p) for p in comp.projects}
    checks = get_checklist(current_user, comp.id)
    links = [fix_url(item, comp.id) for item in checks.items]
    return render_template("organizer/competition.html", competition=comp, rule_rows=rows,
                           checklist=checks, check_links=links,
                           pending_links=link_requests.pending_for_competition(comp.id))


@bp.route("/competitions/new", methods=["GET", "POST"])
@roles_required(Role.ORGANIZER)
def new_competition() -> Any:
    """Create a competition for an organization in the user's scope."""
    form = _competition_form(None)
    if request.method == "GET" and request.args.get("parent", type=form_id):
        form.parent_id.data = request.args.get("parent", type=form_id)
    if form.validate_on_submit():
        try:
            comp = svc.create_competition(current_user, _competition_data(form))
        except svc.SetupError as error:  # own-handling: re-renders the form, error on its field
            show_error(form, error)
        else:
            flash(_("Competition created. Now add its projects."), "success")
            return redirect(url_for("organizer.competition", competition_id=comp.id))
    status = 400 if request.method == "POST" else 200
    return render_template("organizer/competition_form.html", form=form, competition=None), status


@bp.route("/competitions/<int:competition_id>/edit", methods=["GET", "POST"])
@roles_required(Role.ORGANIZER)
def edit_competition(competition_id: int) -> Any:
    """Change a competition the user manages."""
    comp = get_competition(current_user, competition_id, Need.MANAGE)
    form = _competition_form(comp)
    if form.validate_on_submit():
        try:
            svc.update_competition(current_user, comp.id, _competition_data(form))
        except svc.SetupError as error:  # own-handling: re-renders the form, error on its field
            show_error(form, error)
        else:
            flash(_("Competition saved."), "success")
            return redirect(url_for("organizer.competition", competition_id=comp.id))
    status = 400 if request.method == "POST" else 200
    return render_template("organizer/competition_form.html", form=form,
                           competition=comp), status


@bp.route("/occupations/new", methods=["GET", "POST"])
@roles_required(Role.ORGANIZER)
def new_occupation() -> Any:
    """Add an occupation to the shared list, then go back to the project form."""
    form = OccupationForm()
    back = request.args.get("competition", type=form_id)
    if form.validate_on_submit():
        try:
            svc.create_occupation(current_user, code=form.code.data, name=form.name.data,
                                  name_en=form.name_en.data or "",
                                  top_grade=form.top_grade.data or "L1")
        except svc.SetupError as error:  # own-handling: re-renders the form, error on its field
            show_error(form, error)
        else:
            flash(_("Occupation added."), "success")
            if back:
                return redirect(url_for("organizer.new_project", competition_id=back))
            return redirect(url_for("organizer.competitions"))
    status = 400 if request.method == "POST" else 200
    return render_template("organizer/occupation_form.html", form=form,
                           occupations=svc.list_occupations()), status


def _competition_form(comp: Any) -> CompetitionForm:
    """Build the form with the user's organizations and the possible parents."""
    form = CompetitionForm(obj=comp) if comp is not None and request.method == "GET" \
        else CompetitionForm()
    form.tier.choices = tier_choices()
    organizations = [(o.id, o.name) for o in svc.list_organizer_organizations(current_user)]
    if comp is not None and comp.organizer_id not in dict(organizations):
        organizations.append((comp.organizer_id, comp.organizer.name))
    form.organizer_id.choices = options(organizations)
    parents = svc.list_parent_candidates(below_tier="ENTERPRISE",
                                         exclude_id=comp.id if comp else None)
    form.parent_id.choices = options([(0, _("— none (top of the pyramid) —"))] + [
        (p.id, f"{p.name} · {code_label(p.tier)} · {p.year}") for p in parents])
    if comp is not None and request.method == "GET":
        form.parent_id.data = comp.parent_id or 0
        form.registration_opens_at.data = utc_to_local(comp.registration_opens_at)
        form.registration_closes_at.data = utc_to_local(comp.registration_closes_at)
    return form


def _competition_data(form: CompetitionForm) -> svc.CompetitionData:
    """Turn the form into the service's input (times to UTC)."""
    return svc.CompetitionData(
        name=form.name.data.strip(),
        tier=form.tier.data,
        category=form.category.data,
        region=(form.region.data or "").strip(),
        year=form.year.data,
        organizer_id=form.organizer_id.data,
        parent_id=form.parent_id.data or None,
        registration_opens_at=local_to_utc(form.registration_opens_at.data),
        registration_closes_at=local_to_utc(form.registration_closes_at.data),
        starts_on=form.starts_on.data,
        ends_on=form.ends_on.data,
        appeal_window_minutes=form.appeal_window_minutes.data,
        publication_working_days=form.publication_working_days.data,
        shares_ranks=form.shares_ranks.data,
        public_visibility=form.public_visibility.data,
        mask_names=form.mask_names.data,
        issuer_kind=form.issuer_kind.data or "",
        issuer_body_code=(form.issuer_body_code.data or "").strip(),
        issuer_province_code=(form.issuer_province_code.data or "").strip(),
        issuer_site_serial=(form.issuer_site_serial.data or "").strip(),
        description=form.description.data or "",
        is_municipality=form.is_municipality.data,
        once_a_year=form.once_a_year.data,
    )
