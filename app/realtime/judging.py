"""Socket.IO events of live judging: rooms for spectators, judges and the chief judge; scores.

Every handler returns its acknowledgement, sent after the handler (and so after the commit)
returns: ``{"ok": true, ...}`` or ``{"ok": false, "code", "message", "field"}``. Judge and
chief events need the Flask-Login session of the page that opened the socket. See
docs/REALTIME.md for the payloads.
"""

from __future__ import annotations

import logging
from typing import Any

from flask_login import current_user
from flask_socketio import leave_room

from app.errors import ServiceError
from app.extensions import db
from app.models._types import utcnow
from app.realtime.payloads import load_score, payload_id
from app.realtime.registry import on
from app.realtime.rooms import enter, room_chief, room_judge, room_project
from app.services.common.access import get_project
from app.services.scoring.judging import parse_client_time, submit_score
from app.services.scoring.judging_access import can_oversee
from app.services.scoring.judging_errors import JudgingError

log = logging.getLogger(__name__)


def _refuse(code: str, field: str | None = None) -> dict[str, Any]:
    return JudgingError(code, field=field, params={"field": field or ""}).to_dict()


@on("join_project")
def on_join_project(data: Any = None) -> dict[str, Any]:
    """Join a project's public room (anyone); the ack carries the current sequence number."""
    project = get_project(current_user, payload_id(data, "project_id"))
    enter(room_project(project.id))
    return {"ok": True, "room": room_project(project.id), "seq": project.event_seq}


@on("leave_project")
def on_leave_project(data: Any = None) -> dict[str, Any]:
    """Leave a project's public room."""
    project = get_project(current_user, payload_id(data, "project_id"))
    leave_room(room_project(project.id))
    return {"ok": True}


@on("join_judge")
def on_join_judge(data: Any = None) -> dict[str, Any]:
    """Join the logged-in judge's own room (re-score requests reach every tablet of theirs)."""
    if not current_user.is_authenticated:
        return _refuse("auth.required")
    enter(room_judge(current_user.id))
    return {"ok": True, "room": room_judge(current_user.id)}


@on("join_chief")
def on_join_chief(data: Any = None) -> dict[str, Any]:
    """Join a project's chief-judge room: its chief judge, an organizer of it, or an admin."""
    if not current_user.is_authenticated:
        return _refuse("auth.required")
    project = get_project(current_user, payload_id(data, "project_id"))
    if not can_oversee(current_user, project):
        return _refuse("auth.forbidden")
    enter(room_chief(project.id))
    return {"ok": True, "room": room_chief(project.id), "seq": project.event_seq}


@on("submit_score")
def on_submit_score(data: Any = None) -> dict[str, Any]:
    """Store a judge's score; the ack (sent after the commit) is the stored result or a refusal."""
    if not current_user.is_authenticated:
        return _refuse("auth.required")
    try:
        score = load_score(data)
        outcome = submit_score(
            client_id=score["client_id"],
            judge=current_user._get_current_object(),
            registration_id=score["registration_id"] or 0,
            registration_code=score["registration_code"],
            aspect_id=score["aspect_id"],
            component_id=score["component_id"],
            value=score["value"],
            client_time=parse_client_time(score["client_time"]),
            now=utcnow(),
        )
    except ServiceError:  # own-handling: kept out of the catch-all; the registry acks it
        raise
    except Exception:  # never leave a tablet without an answer; it will replay later
        log.exception("submit_score failed")
        db.session.rollback()
        return {**_refuse("server.error"), "retry": True}
    return outcome.to_dict()
