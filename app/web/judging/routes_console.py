"""Chief judge pages: the live console, the project's audit log and judge statistics."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.models._types import utcnow
from app.security import Role, has_role, roles_required
from app.services.boards.standings import compute_standings
from app.services.common.access import Need, get_project
from app.services.scoring import announcements, audit
from app.services.scoring.judge_stats import get_judge_stats
from app.services.scoring.judging_access import is_chief
from app.services.scoring.score_matrix import get_decrypted_names, get_matrix
from app.web.judging import bp
from app.web.judging.forms import AnnouncementForm

_OVERSEERS = (Role.CHIEF_JUDGE, Role.ORGANIZER)
_AUDIT_LIMIT = 500


@bp.get("/projects/<int:project_id>/console")
@roles_required(*_OVERSEERS)
def console(project_id: int) -> str:
    """Show the live matrix with flags and the chief judge's actions."""
    project = get_project(current_user, project_id, Need.OVERSEE)
    chief = has_role(current_user, Role.ADMIN) or is_chief(current_user, project.id)
    return render_template(
        "judging/console.html",
        project=project,
        announce_form=AnnouncementForm(),
        boot={
            "project_id": project.id,
            "user_id": current_user.id,
            "chief": chief,
            "matrix": get_matrix(project),
            "standings": compute_standings(project),
            "names": {str(k): v for k, v in get_decrypted_names(project).items()},
            "urls": {
                "matrix": url_for("judging_api.get_project_matrix", project_id=project.id),
                "standings": url_for("judging_api.get_standings", project_id=project.id),
                "rescore": url_for("chief_judge.request_rescore", project_id=project.id),
                "verify": url_for("chief_judge.verify_sheet", project_id=project.id),
                "penalties": url_for("chief_judge.add_penalty", project_id=project.id),
                # The page appends the registration id.
                "finish": f"/api/v1/projects/{project.id}/finish/",
                "lock": url_for("chief_judge.lock", project_id=project.id),
                "unlock": url_for("chief_judge.unlock", project_id=project.id),
                "sign_off": url_for("chief_judge.sign_off_results", project_id=project.id),
            },
        },
    )


@bp.post("/projects/<int:project_id>/announcements")
@roles_required(Role.CHIEF_JUDGE)
def announce(project_id: int) -> Any:
    """Send the chief judge's text to every tablet of the project, then back to the console."""
    project = get_project(current_user, project_id, Need.OVERSEE)
    form = AnnouncementForm()
    if not form.validate_on_submit():
        for error in form.text.errors or [_("The form expired; please send it again.")]:
            flash(error, "danger")
        return redirect(url_for("judging.console", project_id=project.id), 303)
    sent = announcements.post_announcement(current_user, project.id, form.text.data,
                                           now=utcnow())
    flash(ngettext("Announcement sent to %(num)d judge.", "Announcement sent to %(num)d judges.",
                   int(sent["judges"])), "success")
    return redirect(url_for("judging.console", project_id=project.id), 303)


@bp.get("/projects/<int:project_id>/audit")
@roles_required(*_OVERSEERS)
def audit_log(project_id: int) -> str:
    """List the project's audit entries, newest first; ?verify=1 recomputes the hash chain."""
    project = get_project(current_user, project_id, Need.OVERSEE)
    entries = audit.list_entries(project_id=project.id, limit=_AUDIT_LIMIT)
    report = audit.verify_chain() if request.args.get("verify") else None
    return render_template(
        "judging/audit.html", project=project, entries=entries,
        actors=audit.actor_names(entries), report=report, limit=_AUDIT_LIMIT,
    )


@bp.get("/projects/<int:project_id>/stats")
@roles_required(*_OVERSEERS)
def stats(project_id: int) -> str:
    """Show each judge's count of scores and deviation from the panel, with a chart."""
    project = get_project(current_user, project_id, Need.OVERSEE)
    return render_template("judging/stats.html", project=project,
                           rows=get_judge_stats(project))
