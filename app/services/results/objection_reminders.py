"""Remind each entrant, once, that the objection period of a published result is ending."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from app.extensions import begin_write, db
from app.models import Notification, Project
from app.services.identity.notifications import notify_entrants

KIND = "OBJECTION_DEADLINE"
DEFAULT_NOTICE = timedelta(hours=24)


def remind_objection_deadlines(*, now: datetime, notice: timedelta = DEFAULT_NOTICE) -> list[int]:
    """Notify entrants of projects whose objection period ends within `notice`; return them.

    Idempotent: a project whose reminder was already sent is skipped, so a cron job may run
    this as often as it likes.
    """
    begin_write()
    due = list(db.session.scalars(select(Project).where(
        Project.result_status == "PUBLISHED", Project.publication_ends_at > now,
        Project.publication_ends_at <= now + notice).order_by(Project.id)))
    # Publication periods last days, not months: older reminders cannot concern these projects.
    sent = {row.params.get("project_id") for row in db.session.scalars(
        select(Notification).where(Notification.kind == KIND,
                                   Notification.created_at >= now - timedelta(days=90)))}
    reminded = []
    for project in due:
        if project.id in sent or project.publication_ends_at is None:
            continue
        notify_entrants(project.id, KIND, project_id=project.id,
                        deadline=project.publication_ends_at.isoformat())
        reminded.append(project.id)
    db.session.commit()
    return reminded
