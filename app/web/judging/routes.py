"""Judge pages: my projects, and the tablet scoring page of one project."""

from __future__ import annotations

from flask import Response, current_app, render_template, send_from_directory, url_for
from flask_login import current_user

from app.models._types import utcnow
from app.security import Role, public, roles_required
from app.services.common.access import Need, get_project
from app.services.common.local_time import local_date
from app.services.scoring.judging_access import CHIEF
from app.services.scoring.score_matrix import get_worklist
from app.services.setup.dashboard import ALL_ASSIGNED, list_judge_projects
from app.web.judging import bp


@bp.get("/")
@roles_required(Role.JUDGE, Role.CHIEF_JUDGE)
def index() -> str:
    """List the projects the user judges, with links to the tablet page and the console."""
    return render_template(
        "judging/index.html", projects=list_judge_projects(current_user.id, limit=ALL_ASSIGNED),
        today=local_date(utcnow()),
    )


@bp.get("/chief")
@roles_required(Role.CHIEF_JUDGE)
def chief() -> str:
    """List the projects the user is chief judge of, with links to their consoles."""
    projects = [p for p in list_judge_projects(current_user.id, limit=ALL_ASSIGNED)
                if p.role == CHIEF]
    return render_template("judging/chief.html", projects=projects)


@bp.get("/sw.js")
@public
def service_worker() -> Response:
    """Serve static/sw.js at /judging/ so it may control the tablet pages (offline reload)."""
    assert current_app.static_folder is not None
    response = send_from_directory(current_app.static_folder, "sw.js", max_age=0)
    response.headers["Service-Worker-Allowed"] = "/judging/"
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/projects/<int:project_id>")
@roles_required(Role.JUDGE, Role.CHIEF_JUDGE)
def tablet(project_id: int) -> str:
    """Show the tablet scoring page: contestants by code, the judge's aspects, the outbox."""
    project = get_project(current_user, project_id, Need.JUDGE)
    worklist = get_worklist(current_user, project)
    return render_template(
        "judging/tablet.html",
        project=project,
        worklist=worklist,
        boot={
            "project_id": project.id,
            "user_id": current_user.id,
            "worklist": worklist,
            "worklist_url": url_for("judging_api.get_my_worklist", project_id=project.id),
            "score_url": url_for("judging_api.post_score"),
        },
    )
