"""The approver's pages: projects with promotions to review, and one project's review."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from app.models._types import utcnow
from app.security import Role, roles_required
from app.services.boards.leaderboard import get_board_project
from app.services.common.scope import can_approve_promotions
from app.services.results import promotions as svc
from app.web.approvals import bp
from app.web.approvals.forms import DecisionForm
from app.web.errors import refusals_go_to
from app.web.form_fields import maybe_id


@bp.get("/")
@roles_required(Role.APPROVER)
def index() -> str:
    """List the projects whose promotions the approver may decide."""
    return render_template("approvals/index.html",
                           projects=svc.list_approval_projects(current_user))


@bp.get("/project/<int:project_id>")
@roles_required(Role.APPROVER, Role.ORGANIZER)
def project(project_id: int) -> str:
    """Show a project's promotions with their explanations; approvers may decide."""
    state = request.args.get("state") or None
    promotions = svc.list_promotions(current_user, project_id=project_id,
                                     states=[state] if state else None)
    first = promotions[0].registration.project if promotions else None
    form = DecisionForm()
    # With nothing listed yet the page still says which project it is about.
    shown = first or get_board_project(project_id)
    return render_template(
        "approvals/project.html", promotions=promotions, project_id=project_id,
        project=shown, state=state, form=form,
        may_decide=bool(first) and can_approve_promotions(current_user, first.competition_id),
        issuer_missing=bool(first) and svc.issuer_problem(first.competition) is not None)


@bp.post("/project/<int:project_id>/decide")
@roles_required(Role.APPROVER)
def decide(project_id: int) -> Any:
    """Approve, reject or certify the ticked promotions, all or none."""
    form = DecisionForm()
    form.ids.choices = [SelectChoice(i, v) for v in request.form.getlist("ids")
                        if (i := maybe_id(v)) is not None]
    back = url_for("approvals.project", project_id=project_id)
    if not form.validate_on_submit():
        flash(_("Tick at least one promotion and choose an action."), "error")
        return redirect(back)
    use_case = {
        "approve": lambda: svc.approve_promotions(current_user, form.ids.data, now=utcnow(),
                                                  reason=form.reason.data or ""),
        "reject": lambda: svc.reject_promotions(current_user, form.ids.data,
                                                reason=form.reason.data or "", now=utcnow()),
        "certify": lambda: svc.certify_promotions(current_user, form.ids.data, now=utcnow()),
    }[form.action.data]
    refusals_go_to(back, category="error")
    rows = use_case()
    superseded = sum(1 for p in rows if p.state == "SUPERSEDED")
    flash(_("%(n)d promotions updated.", n=len(rows) - superseded), "success")
    if superseded:
        flash(_("%(n)d were superseded by a higher promotion of the same year.", n=superseded),
              "warning")
    return redirect(back)
