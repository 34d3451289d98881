"""Room names, one place for all of them (the services publish to the same names).

- ``project:<project_id>``: public; spectators and boards (standings_changed).
- ``chief:<project_id>``: the chief judge and organizers of the project (score_recorded,
  sheet_changed).
- ``judge:<user_id>``: one judge's own tablets (rescore_requested).
- ``checkin:<project_id>``: organizers at the check-in desk (check-in counts).
"""

from __future__ import annotations

from app.services.entry.checkin import checkin_room
from app.services.scoring.judging_events import room_chief, room_judge, room_project

__all__ = ["checkin_room", "room_chief", "room_judge", "room_project"]
