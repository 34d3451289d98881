"""Link requests and qualification conflicts: what crosses from one organizer to another."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.models._types import utcnow
from app.security import Role, roles_required
from app.services.identity import link_requests
from app.services.results.qualification_conflicts import list_qualification_conflicts
from app.web.organizer import bp
from app.web.organizer.forms_links import AnswerForm


@bp.get("/links")
@roles_required(Role.ORGANIZER)
def links() -> str:
    """Show link requests to answer, requests sent, and qualification conflicts."""
    incoming, outgoing = link_requests.list_link_requests(current_user)
    return render_template("organizer/links.html", incoming=incoming, outgoing=outgoing,
                           conflicts=list_qualification_conflicts(current_user),
                           form=AnswerForm())


@bp.post("/links/<int:request_id>/accept")
@roles_required(Role.ORGANIZER)
def accept_link(request_id: int) -> Any:
    """Accept a request to feed a competition or project the user manages."""
    if AnswerForm().validate_on_submit():
        link_requests.accept_link_request(current_user, request_id, now=utcnow())
        flash(_("Link accepted."), "success")
    return redirect(url_for("organizer.links"), code=303)


@bp.post("/links/<int:request_id>/decline")
@roles_required(Role.ORGANIZER)
def decline_link(request_id: int) -> Any:
    """Decline a request to feed a competition or project the user manages."""
    form = AnswerForm()
    if form.validate_on_submit():
        link_requests.decline_link_request(current_user, request_id, now=utcnow(),
                                           reason=form.reason.data or "")
        flash(_("Link declined."), "info")
    return redirect(url_for("organizer.links"), code=303)


@bp.post("/links/<int:request_id>/cancel")
@roles_required(Role.ORGANIZER)
def cancel_link(request_id: int) -> Any:
    """Cancel a request the user's side filed."""
    if AnswerForm().validate_on_submit():
        link_requests.cancel_link_request(current_user, request_id, now=utcnow())
        flash(_("Link request cancelled."), "info")
    return redirect(url_for("organizer.links"), code=303)
