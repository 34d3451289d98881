"""The organizer's board actions: publish, results workbooks, the ceremony console."""

from __future__ import annotations

import io

from flask import Response, abort, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.models._types import utcnow
from app.security import Role, roles_required
from app.services.boards import exports, leaderboard_ceremony
from app.services.boards.publication import publish_results
from app.services.common.access import Need, get_competition, get_project
from app.web.errors import refusals_go_to
from app.web.leaderboard import bp
from app.web.leaderboard.forms import ConfirmForm
from app.web.leaderboard.helpers import label_texts
from app.web.leaderboard.routes import XLSX


def _act(project_id: int, action, done: str) -> Response:  # noqa: ANN001
    get_project(current_user, project_id, Need.MANAGE)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    back = url_for("leaderboard.project", project_id=project_id)
    refusals_go_to(back)
    action(current_user._get_current_object(), project_id, now=utcnow())
    flash(done, "success")
    return redirect(back)


@bp.post("/projects/<int:project_id>/publish")
@roles_required(Role.ORGANIZER)
def publish(project_id: int) -> Response:
    """Publish the locked results: the 公示 opens for the configured working days."""
    return _act(project_id, publish_results, _("Results published."))


@bp.get("/projects/<int:project_id>/results.xlsx")
@roles_required(Role.ORGANIZER)
def project_results(project_id: int) -> Response:
    """Download the project's full results with every judge's marks."""
    project = get_project(current_user, project_id, Need.MANAGE)
    data = exports.project_results_xlsx(project, detail=True, now=utcnow())
    return send_file(io.BytesIO(data), mimetype=XLSX, download_name=f"results-{project.id}.xlsx")


@bp.get("/competitions/<int:competition_id>/results.xlsx")
@roles_required(Role.ORGANIZER)
def competition_results(competition_id: int) -> Response:
    """Download the competition's results: a summary, then each project with judges' marks."""
    from app.services.common.scope import can_manage_competition

    competition = get_competition(current_user, competition_id, Need.VIEW)
    if not can_manage_competition(current_user, competition):
        abort(404)
    data = exports.competition_results_xlsx(competition, detail=True, now=utcnow())
    return send_file(io.BytesIO(data), mimetype=XLSX,
                     download_name=f"results-competition-{competition.id}.xlsx")


@bp.get("/projects/<int:project_id>/ceremony")
@roles_required(Role.ORGANIZER)
def ceremony(project_id: int) -> str:
    """Show the ceremony console: start a reveal, reveal the next place, end it."""
    project = get_project(current_user, project_id, Need.MANAGE)
    return render_template("leaderboard/ceremony.html", project=project,
                           running=leaderboard_ceremony.get_ceremony(project),
                           **label_texts())
