"""Judge pages: my projects, and the tablet scoring page of one project."""

from __future__ import annotations

from flask import render_template, url_for
from flask_login import current_user

from app.security import Role, roles_required
from app.services.dashboard import list_judge_projects
from app.services.judging_access import CHIEF
from app.services.score_matrix import get_worklist
from app.web.judging import bp
from app.web.judging.helpers import judged_project_or_404

_LIST_LIMIT = 200


@bp.get("/")
@roles_required(Role.JUDGE, Role.CHIEF_JUDGE)
def index() -> str:
    """List the projects the user judges, with links to the tablet page and the console."""
    return render_template(
        "judging/index.html", projects=list_judge_projects(current_user.id, limit=_LIST_LIMIT)
    )


@bp.get("/chief")
@roles_required(Role.CHIEF_JUDGE)
def chief() -> str:
    """List the projects the user is chief judge of, with links to their consoles."""
    projects = [p for p in list_judge_projects(current_user.id, limit=_LIST_LIMIT)
                if p.role == CHIEF]
    return render_template("judging/chief.html", projects=projects)


@bp.get("/projects/<int:project_id>")
@roles_required(Role.JUDGE, Role.CHIEF_JUDGE)
def tablet(project_id: int) -> str:
    """Show the tablet scoring page: contestants by code, the judge's aspects, the outbox."""
    project = judged_project_or_404(project_id)
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
