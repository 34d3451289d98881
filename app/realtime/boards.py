"""Socket.IO events of the live boards: spectators join anonymously; the organizer's reveal.

``join_board`` puts the socket in the project's public room (``project:<id>``), where the
freeze- and visibility-aware ``standings_changed`` deltas and ``ceremony`` steps arrive (see
app/services/boards/leaderboard_push.py). With ``since`` the ack carries the missed deltas for the
socket's view, or ``refetch``. Ceremony events need a logged-in organizer of the project.
"""

from __future__ import annotations

from typing import Any

from flask_login import current_user

from app.models._types import utcnow
from app.realtime.payloads import payload_id
from app.realtime.registry import on
from app.realtime.rooms import enter, room_project
from app.services.boards import leaderboard, leaderboard_ceremony
from app.services.boards.board_errors import BoardError
from app.services.common.access import get_project


@on("join_board")
def on_join_board(data: Any = None) -> dict[str, Any]:
    """Join a project's board (anyone); resume from ``since`` when given."""
    project = get_project(current_user, payload_id(data, "project_id"))
    enter(room_project(project.id))
    ack: dict[str, Any] = {"ok": True, "room": room_project(project.id), "seq": project.event_seq,
                           "ceremony": leaderboard_ceremony.get_ceremony(project)}
    since = data.get("since")
    if type(since) is int:
        user = current_user if current_user.is_authenticated else None
        view = leaderboard.view_for(user, project, utcnow())
        ack["resume"] = leaderboard.get_deltas_since(project, view, since)
    return ack


def _ceremony(action: Any, data: Any, **options: Any) -> dict[str, Any]:
    if not current_user.is_authenticated:
        return BoardError("auth.forbidden").to_dict()
    # The use case loads the project itself, locked and checked for its organizer.
    payload = action(current_user._get_current_object(), payload_id(data, "project_id"),
                     now=utcnow(), **options)
    return {"ok": True, **payload}


@on("ceremony_start")
def on_ceremony_start(data: Any = None) -> dict[str, Any]:
    """Start the reveal (organizer): mode ALL (last place upward) or MEDALS."""
    mode = data.get("mode") if isinstance(data, dict) else None
    return _ceremony(leaderboard_ceremony.start_ceremony, data, mode=mode)


@on("ceremony_next")
def on_ceremony_next(data: Any = None) -> dict[str, Any]:
    """Reveal the next place (organizer)."""
    return _ceremony(leaderboard_ceremony.reveal_next, data)


@on("ceremony_end")
def on_ceremony_end(data: Any = None) -> dict[str, Any]:
    """End the reveal (organizer)."""
    return _ceremony(leaderboard_ceremony.end_ceremony, data)
