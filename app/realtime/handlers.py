"""Socket.IO event handlers: authenticate on connect, refuse anonymous writers."""

from __future__ import annotations

from typing import Any

from flask_login import current_user

from app.extensions import db
from app.models import Project
from app.realtime.connections import admit_connection, release_connection
from app.realtime.payloads import payload_id
from app.realtime.registry import on
from app.realtime.rooms import checkin_room, enter
from app.security import Role, has_role, must_change_password
from app.services.common.scope import can_manage_project
from app.services.entry.checkin import get_checkin_counts


@on("connect")
def on_connect(auth: dict[str, Any] | None = None) -> bool:
    """Refuse an address holding too many anonymous sockets, and an account that must still
    change its password; rooms and writes are per event."""
    if must_change_password(current_user):
        raise ConnectionRefusedError("password_change_required")
    if not admit_connection():
        raise ConnectionRefusedError("too_many_connections")
    return True


@on("disconnect")
def on_disconnect(*_reason: Any) -> None:
    """Give the socket's place back to its address."""
    release_connection()


@on("join_checkin")
def on_join_checkin(data: Any = None) -> dict[str, Any]:
    """Join a project's check-in room: only a logged-in organizer who manages the project."""
    if not current_user.is_authenticated or not has_role(current_user, Role.ORGANIZER):
        return {"ok": False, "error": "auth.forbidden"}
    project_id = payload_id(data, "project_id")
    project = None if project_id is None else db.session.get(Project, project_id)
    if project is None or not can_manage_project(current_user, project):
        return {"ok": False, "error": "project.not_found"}
    enter(checkin_room(project.id))
    return {"ok": True, "counts": get_checkin_counts(project).to_dict()}
