"""Chief-judge announcements: a short text that reaches every tablet of the project live.

The text goes to each assigned judge's room (``judge:<user_id>``, app/realtime emits it) and
into the audit log, so what the venue was told, by whom and when is on record.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _

from app import events
from app.errors import ForbiddenError, ServiceError
from app.extensions import write_transaction
from app.models import User
from app.security import Role, has_role
from app.services.common.access import get_project
from app.services.scoring import audit, judging_events
from app.services.scoring.judging_access import is_chief, load_assignments

MAX_TEXT = 500

__all__ = ["MAX_TEXT", "post_announcement"]


def post_announcement(actor: User, project_id: int, text: str | None, *,
                      now: datetime) -> dict[str, object]:
    """Send the chief judge's text to every judge of the project and record it; return it."""
    with write_transaction():
        project = get_project(actor, project_id)
        if not (has_role(actor, Role.ADMIN) or is_chief(actor, project.id)):
            raise ForbiddenError("auth.forbidden", _(
                "Only the chief judge of this project can send announcements."))
        cleaned = (text or "").strip()
        if not cleaned:
            raise ServiceError("announcement.empty", _("Write the announcement first."),
                               field="text")
        if len(cleaned) > MAX_TEXT:
            raise ServiceError("announcement.too_long", _(
                "An announcement may be at most %(limit)d characters long; this one has "
                "%(n)d.", limit=MAX_TEXT, n=len(cleaned)), field="text")
        judges = sorted({a.user_id for a in load_assignments(project.id)})
        entry = audit.record("project.announcement", entity="project", entity_id=project.id,
                             actor_id=actor.id, project_id=project.id,
                             new={"text": cleaned, "judges": len(judges)}, now=now)
        payload = {"project_id": project.id, "text": cleaned, "at": now.isoformat(),
                   "id": getattr(entry, "id", None)}
        for user_id in judges:
            events.publish("announcement", payload, judging_events.room_judge(user_id))
        return {**payload, "judges": len(judges)}
