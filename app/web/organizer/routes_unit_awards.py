"""Unit and coach awards of a competition: team results, chosen awards, certificates."""

from __future__ import annotations

from typing import Any

from flask import Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.models._types import utcnow
from app.security import Role, roles_required
from app.services.certification import certificates as certs
from app.services.common.access import Need, get_competition
from app.services.results import unit_awards as svc
from app.web.organizer import bp
from app.web.organizer.forms import options
from app.web.organizer.forms_unit_awards import (
    PlainForm,
    TeamPlacesForm,
    TeamRuleForm,
    UnitAwardForm,
)
from app.web.public_url import public_base_url


def _award_form(competition_id: int, *, submitted: bool = False) -> UnitAwardForm:
    form = UnitAwardForm() if submitted else UnitAwardForm(formdata=None)
    coaches = svc.list_coach_standings(current_user, competition_id)
    form.coach_name.choices = options([("", "—")] + [(c.coach, c.coach) for c in coaches])
    orgs = svc.list_award_organizations(current_user, competition_id)
    form.organization_id.choices = options([(0, "—")] + [(o.id, o.name) for o in orgs])
    return form


@bp.get("/competitions/<int:competition_id>/unit-awards")
@roles_required(Role.ORGANIZER)
def unit_awards(competition_id: int) -> str:
    """Show team standings, coaches, the awards given and their certificates."""
    competition = get_competition(current_user, competition_id, Need.MANAGE)
    rule_form = TeamRuleForm(formdata=None, team_rule=competition.team_rule,
                             team_k=competition.team_k)
    return render_template(
        "organizer/unit_awards.html", competition=competition, rule_form=rule_form,
        places_form=TeamPlacesForm(formdata=None), award_form=_award_form(competition_id),
        plain_form=PlainForm(),
        standings=svc.list_team_standings(current_user, competition_id),
        coaches=svc.list_coach_standings(current_user, competition_id),
        awards=svc.list_unit_awards(current_user, competition_id))


def _back(competition_id: int) -> Any:
    return redirect(url_for("organizer.unit_awards", competition_id=competition_id), 303)


def _invalid(form: Any) -> None:
    flash(_("Check the fields: %(fields)s.",
            fields="、".join(str(getattr(form, n).label.text) for n in form.errors)), "danger")


@bp.post("/competitions/<int:competition_id>/unit-awards/team-rule")
@roles_required(Role.ORGANIZER)
def set_team_rule(competition_id: int) -> Any:
    """Choose how organisations are ranked."""
    form = TeamRuleForm()
    if form.validate_on_submit():
        svc.update_team_rule(current_user, competition_id, rule=form.team_rule.data,
                             k=form.team_k.data)
        flash(_("Team rule saved."), "success")
    else:
        _invalid(form)
    return _back(competition_id)


@bp.post("/competitions/<int:competition_id>/unit-awards/team")
@roles_required(Role.ORGANIZER)
def award_team(competition_id: int) -> Any:
    """Give the 团体奖 to the first team places."""
    form = TeamPlacesForm()
    if form.validate_on_submit():
        awards = svc.award_team_places(current_user, competition_id, places=form.places.data)
        flash(_("%(n)d team awards given.", n=len(awards)), "success")
    else:
        _invalid(form)
    return _back(competition_id)


@bp.post("/competitions/<int:competition_id>/unit-awards")
@roles_required(Role.ORGANIZER)
def give_unit_award(competition_id: int) -> Any:
    """Give 优秀组织奖, 突出贡献单位 or 优秀指导教师."""
    form = _award_form(competition_id, submitted=True)
    if form.validate_on_submit():
        svc.assign_unit_award(current_user, competition_id, svc.UnitAwardData(
            kind=form.kind.data, organization_id=form.organization_id.data or None,
            coach_name=form.coach_name.data or "", reason=form.reason.data or ""))
        flash(_("Award given."), "success")
    else:
        _invalid(form)
    return _back(competition_id)


@bp.post("/competitions/<int:competition_id>/unit-awards/<int:award_id>/remove")
@roles_required(Role.ORGANIZER)
def remove_unit_award(competition_id: int, award_id: int) -> Any:
    """Withdraw an award; its certificate is revoked."""
    if PlainForm().validate_on_submit():
        get_competition(current_user, competition_id, Need.MANAGE)
        svc.remove_unit_award(current_user, award_id, now=utcnow())
        flash(_("Award withdrawn."), "success")
    return _back(competition_id)


@bp.post("/competitions/<int:competition_id>/unit-awards/certificates")
@roles_required(Role.ORGANIZER)
def issue_unit_certificates(competition_id: int) -> Any:
    """Issue a verifiable certificate for every award without one."""
    if PlainForm().validate_on_submit():
        issued = svc.issue_unit_certificates(current_user, competition_id, now=utcnow())
        flash(_("%(n)d certificates issued.", n=len(issued)), "success")
    return _back(competition_id)


@bp.get("/competitions/<int:competition_id>/unit-awards/<int:award_id>/certificate.pdf")
@roles_required(Role.ORGANIZER)
def unit_certificate(competition_id: int, award_id: int) -> Response:
    """Download an award's certificate."""
    get_competition(current_user, competition_id, Need.MANAGE)
    certificate = svc.get_unit_certificate(current_user, award_id)
    pdf = certs.render_certificate_pdf(certificate, base_url=public_base_url())
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{certificate.serial}.pdf"')
    return response

