"""Judge assignment for organizers: judges and the chief judge, panels, recusal reasons."""

from __future__ import annotations

from typing import Any

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from app.models._types import utcnow
from app.security import Role, roles_required
from app.services.common.access import Need, get_project
from app.services.common.labels import label
from app.services.scoring.judging_errors import JudgingError
from app.services.setup import judge_assignments, schemes
from app.web.schemes import bp
from app.web.schemes.forms import AssignForm, ConfirmForm, PanelForm


def _seats(project_id: int) -> list[tuple[str, str]]:
    """Return every seat a judge can hold: whole components without a scheme, and aspects."""
    out = []
    for c in schemes.get_marking_scheme(project_id)["components"]:
        if not c.get("criteria"):
            out.append((f"c:{c['id']}", f"{c['code']} {c['name']}"))
        for cr in c.get("criteria", []):
            for sub in cr["sub_criteria"]:
                for a in sub["aspects"]:
                    # M and J are the scheme's own one-letter marks; PANEL reads as its name.
                    kind = a["kind"] if a["kind"] in ("M", "J") else label(a["kind"], "aspect_kind")
                    out.append((f"a:{a['id']}", f"{a['code']} ({kind})"))
    return out


def _page(project: Any, *, form: AssignForm | None = None, refusal: JudgingError | None = None,
          status: int = 200) -> tuple[str, int]:
    assigned = judge_assignments.list_assignments(project.id)
    taken = {a["user_id"] for a in assigned}
    form = form or AssignForm()
    form.user_id.choices = [SelectChoice(c["user_id"], f"{c['name']} ({c['username']})")
                            for c in judge_assignments.list_judge_candidates()
                            if c["user_id"] not in taken]
    return render_template(
        "schemes/judges.html", project=project, assigned=assigned, form=form,
        seats=_seats(project.id), refusal=refusal,
        gaps=judge_assignments.list_coverage_gaps(project.id),
        problems=refusal.to_dict()["problems"] if refusal else [], confirm=ConfirmForm(),
    ), status


@bp.get("/projects/<int:project_id>/judges")
@roles_required(Role.ORGANIZER)
def judges(project_id: int) -> tuple[str, int]:
    """List the assigned judges with their seats and recusals, and the seats left with no judge
    who may score a contestant (coverage gaps); assign another."""
    return _page(get_project(current_user, project_id, Need.MANAGE))


@bp.post("/projects/<int:project_id>/judges")
@roles_required(Role.ORGANIZER)
def assign(project_id: int) -> Response | tuple[str, int]:
    """Assign a judge; a refusal (conflicts of interest, a second chief) shows why."""
    project = get_project(current_user, project_id, Need.MANAGE)
    form = AssignForm()
    form.user_id.choices = [SelectChoice(c["user_id"], c["name"])
                            for c in judge_assignments.list_judge_candidates()]
    if not form.validate_on_submit():
        return _page(project, form=form, status=422)
    try:
        judge_assignments.assign_judge(
            current_user._get_current_object(), project.id, user_id=form.user_id.data,
            role=form.role.data, allow_recusals=form.allow_recusals.data, now=utcnow())
    except JudgingError as error:  # own-handling: the page lists every recusal reason
        return _page(project, form=form, refusal=error, status=error.status)
    flash(_("The judge was assigned."), "success")
    return redirect(url_for("schemes.judges", project_id=project.id))


@bp.post("/projects/<int:project_id>/judges/<int:user_id>/panel")
@roles_required(Role.ORGANIZER)
def panel(project_id: int, user_id: int) -> Response | tuple[str, int]:
    """Seat the judge on exactly the ticked aspects and whole components."""
    project = get_project(current_user, project_id, Need.MANAGE)
    form = PanelForm()
    form.seats.choices = _seats(project.id)
    if not form.validate_on_submit():
        return _page(project, status=422)
    chosen = request.form.getlist("seats")
    try:
        judge_assignments.set_panel(
            current_user._get_current_object(), project.id, user_id=user_id,
            aspect_ids=[int(s[2:]) for s in chosen if s.startswith("a:")],
            component_ids=[int(s[2:]) for s in chosen if s.startswith("c:")], now=utcnow())
    except JudgingError as error:  # own-handling: the page lists every problem
        return _page(project, refusal=error, status=error.status)
    flash(_("The judge's seats were saved."), "success")
    return redirect(url_for("schemes.judges", project_id=project.id))


@bp.post("/projects/<int:project_id>/judges/<int:user_id>/remove")
@roles_required(Role.ORGANIZER)
def unassign(project_id: int, user_id: int) -> Response | tuple[str, int]:
    """Remove a judge who has not scored yet."""
    project = get_project(current_user, project_id, Need.MANAGE)
    if not ConfirmForm().validate_on_submit():
        return _page(project, status=400)
    try:
        judge_assignments.unassign_judge(current_user._get_current_object(), project.id,
                                         user_id=user_id, now=utcnow())
    except JudgingError as error:  # own-handling: the page lists every problem
        return _page(project, refusal=error, status=error.status)
    flash(_("The judge was removed from the project."), "success")
    return redirect(url_for("schemes.judges", project_id=project.id))
