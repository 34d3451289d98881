"""Inbox pages: list, mark one read, mark all read."""

from __future__ import annotations

from typing import Any

from flask import redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from app.models._types import utcnow
from app.security import login_required
from app.services.identity import notifications as svc
from app.web.notifications import bp

# Where each kind of notification leads (the first registered endpoint wins).
KIND_LINKS = {
    "REGISTRATION_APPROVED": ("registration.my_registrations",),
    "REGISTRATION_REJECTED": ("registration.my_registrations",),
    "TICKET_READY": ("checkin.my_tickets",),
    "RESCORE_REQUESTED": ("judging.index",),
    "RESULTS_PUBLISHED": ("leaderboard.index",),
    "OBJECTION_DEADLINE": ("appeals.index",),
    "CERTIFICATE_READY": ("certificates.mine",),
}


@bp.get("/notifications")
@login_required
def inbox() -> str:
    """List the user's newest notifications, unread first in bold."""
    unread_only = request.args.get("unread") == "1"
    return render_template("notifications/inbox.html", unread_only=unread_only,
                           messages=svc.list_notifications(current_user,
                                                           unread_only=unread_only),
                           form=FlaskForm(), links=KIND_LINKS)


@bp.post("/notifications/<int:notification_id>/read")
@login_required
def mark_read(notification_id: int) -> Any:
    """Mark one notification read and return to the inbox."""
    if FlaskForm().validate_on_submit():
        svc.mark_read(current_user, notification_id, now=utcnow())
    return redirect(url_for("notifications.inbox"), code=303)


@bp.post("/notifications/read-all")
@login_required
def mark_all_read() -> Any:
    """Mark every notification read and return to the inbox."""
    if FlaskForm().validate_on_submit():
        svc.mark_all_read(current_user, now=utcnow())
    return redirect(url_for("notifications.inbox"), code=303)
