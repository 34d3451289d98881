"""Lot draw pages: the organizer's two steps, and the public page anyone can check."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.domain.lotdraw import ALGORITHM
from app.models._types import utcnow
from app.security import Role, public, roles_required
from app.services.common.access import Need, get_project
from app.services.entry import checkin, lotdraw
from app.web.checkin import bp
from app.web.checkin.forms import ConfirmForm
from app.web.errors import refusals_go_to


@bp.get("/projects/<int:project_id>/draw")
@roles_required(Role.ORGANIZER)
def draw(project_id: int) -> str:
    """Show the lot draw's state, its two steps and, once drawn, the name↔code mapping."""
    project = get_project(current_user, project_id, Need.MANAGE)
    row = lotdraw.get_draw(project)
    return render_template(
        "checkin/draw.html", project=project, draw=row, form=ConfirmForm(),
        counts=checkin.get_checkin_counts(project),
        assignments=lotdraw.list_assignments(project) if row and row.drawn_at else [],
        verification=lotdraw.verify_draw(project) if row and row.drawn_at else None,
    )


@bp.post("/projects/<int:project_id>/draw/commit")
@roles_required(Role.ORGANIZER)
def commit(project_id: int) -> Response:
    """Step 1: commit to a secret seed and publish its hash."""
    project = get_project(current_user, project_id, Need.MANAGE)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    refusals_go_to(url_for("checkin.draw", project_id=project.id))
    lotdraw.commit_draw(project, user=current_user, now=utcnow())
    flash(_("Seed committed: its hash is now published."), "success")
    return redirect(url_for("checkin.draw", project_id=project.id))


@bp.post("/projects/<int:project_id>/draw/run")
@roles_required(Role.ORGANIZER)
def run(project_id: int) -> Response:
    """Step 2: draw stations and anonymous codes for the checked-in (the seed stays sealed)."""
    project = get_project(current_user, project_id, Need.MANAGE)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    refusals_go_to(url_for("checkin.draw", project_id=project.id))
    lotdraw.run_draw(project, user=current_user, now=utcnow())
    flash(_("The lot draw is done; the seed is revealed when the scores are locked."),
          "success")
    return redirect(url_for("checkin.draw", project_id=project.id))


@bp.get("/projects/<int:project_id>/draw/public")
@public
def draw_public(project_id: int) -> str:
    """Show anyone the commitment, the revealed seed and whether the draw re-runs the same."""
    project = get_project(current_user, project_id)
    row = lotdraw.get_draw(project)
    return render_template(
        "checkin/draw_public.html", project=project, draw=row, algorithm=ALGORITHM,
        verification=lotdraw.verify_draw(project) if row and row.drawn_at else None,
    )
