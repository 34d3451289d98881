"""Live board pushes: one standings delta per change, as the public may see it.

``queue_board_delta`` is called by the judging use cases (through
``judging_events.queue_standings``) inside their transaction; the events leave after the commit
(app.events). The project's room gets the delta as the public may see it now (visibility,
freeze, no anonymous codes); every seq is announced, so a client that sees a gap refetches.
Staff boards listen in the same room and, during a freeze (``"frozen": true``), fetch their
live board for that seq (built once per seq, so a handful of organizers cost nothing).
``queue_board_refetch`` announces a change the delta cannot describe (publication, an
appeal, finality): clients fetch the board again.
"""

from __future__ import annotations

from typing import Any

from app import events
from app.models import Project
from app.models._types import utcnow
from app.services import leaderboard_cache, standings
from app.services.judging_events import room_project
from app.services.leaderboard import public_row, public_view_of


def public_delta(project: Project, delta: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """Return (view key, the delta as the public may see it now)."""
    view = public_view_of(project, utcnow())
    if view.frozen_at is not None:
        # The frozen board does not move: announce the seq only.
        return view.key, {
            "project_id": delta["project_id"],
            "seq": delta["seq"],
            "rows": [],
            "removed": [],
            "frozen": True,
        }
    shown = standings.public_view(delta, view.visibility)
    shown["rows"] = [public_row(row) for row in shown["rows"]]
    return view.key, shown


def queue_board_delta(project: Project, delta: dict[str, Any]) -> dict[str, Any]:
    """Queue the public delta for the project's room, remember both; return the public one."""
    view_key, shown = public_delta(project, delta)
    events.publish("standings_changed", shown, room_project(project.id))
    leaderboard_cache.record_step(
        project.id, leaderboard_cache.Step(delta["seq"], view_key, shown, delta)
    )
    return shown


def queue_board_refetch(project: Project, seq: int, *, reason: str) -> None:
    """Queue a "fetch the board again" notice for the project's room (status, not rows)."""
    payload = {"project_id": project.id, "seq": seq, "rows": [], "removed": [],
               "refetch": True, "reason": reason}
    events.publish("standings_changed", payload, room_project(project.id))
    leaderboard_cache.record_step(
        project.id, leaderboard_cache.Step(seq, "", payload, payload)
    )
