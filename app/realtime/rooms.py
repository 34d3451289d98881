"""Room names, one place for all of them (the services publish to the same names).

- ``project:<project_id>``: public; spectators and boards (standings_changed).
- ``chief:<project_id>``: the chief judge and organizers of the project (score_recorded,
  sheet_changed).
- ``judge:<user_id>``: one judge's own tablets (rescore_requested).
- ``checkin:<project_id>``: organizers at the check-in desk (check-in counts).
"""

from __future__ import annotations

import contextlib

from flask_socketio import join_room

from app.services.entry.checkin import checkin_room
from app.services.scoring.judging_events import room_chief, room_judge, room_project

__all__ = ["checkin_room", "enter", "room_chief", "room_judge", "room_project"]


def enter(room: str) -> None:
    """Put the event's socket in `room`, unless it disconnected before its event ran."""
    # python-socketio's manager no longer knows a gone sid (ValueError when the namespace
    # emptied, KeyError otherwise); its ack goes nowhere, so there is nothing to refuse.
    with contextlib.suppress(KeyError, ValueError):
        join_room(room)
