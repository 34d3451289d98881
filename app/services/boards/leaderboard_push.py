"""Live board pushes: standings deltas as the public may see them.

``announce_standings`` runs after the judging use cases commit (app/realtime's coalesced job,
on ``project_scores_changed``): it recomputes the standings once and announces the delta from
``since`` (the last seq this process announced) to ``seq``. The project's room gets the delta as
the public may see it now (visibility, freeze, no anonymous codes); a client whose last seq is
not the delta's ``since`` refetches.
Staff boards listen in the same room and, during a freeze (``"frozen": true``), fetch their
live board for that seq (built once per seq, so a handful of organizers cost nothing).
``queue_board_refetch`` announces a change the delta cannot describe (publication, an
appeal, finality): clients fetch the board again.
"""

from __future__ import annotations

from typing import Any

from app import events
from app.extensions import db
from app.models import Project
from app.models._types import utcnow
from app.services.boards import leaderboard_cache, standings
from app.services.boards.leaderboard import (
    get_board_project,
    public_row,
    public_view_of,
    with_row_keys,
)
from app.services.scoring import judging_events
from app.services.scoring.judging_events import room_project

#: Internal event: a board step (delta or refetch notice) whose transaction committed.
STEP_COMMITTED = "board_step_committed"


def public_delta(project: Project, delta: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """Return (view key, the delta as the public may see it now)."""
    view = public_view_of(project, utcnow())
    if view.frozen_at is not None:
        # The frozen board does not move: announce the seq only.
        return view.key, {
            "project_id": delta["project_id"],
            "since": delta["since"],
            "seq": delta["seq"],
            "rows": [],
            "removed": [],
            "frozen": True,
        }
    shown = standings.public_view(delta, view.visibility)
    shown["rows"] = [public_row(row) for row in shown["rows"]]
    return view.key, shown


def announce_standings(project_id: int) -> int | None:
    """Announce a project's committed standings to its room; return the seq, or None if
    there was nothing new to announce.

    Called by app/realtime's coalesced job after changes commit: one computation covers every
    change committed by then. The delta goes from the last standings this process announced
    (``since``) to now (``seq``); ``standings_changed`` leaves through the outbox.
    """
    project = get_board_project(project_id)
    seq = project.event_seq if project is not None else None
    base = judging_events.last_announced(project_id)
    if project is None or seq is None or (base is not None and base[0] >= seq):
        db.session.rollback()  # end the read transaction
        return None
    after = judging_events.standings_before(project)
    if base is None:
        # Nothing announced to diff from (memory dropped): every board fetches again.
        queue_board_refetch(project, seq, reason="resync")
    else:
        delta = with_row_keys(project.id, standings.diff_standings(base[1], after))
        delta["since"] = base[0]
        view_key, shown = public_delta(project, delta)
        events.publish("standings_changed", shown, room_project(project.id))
        _queue_step(project.id, leaderboard_cache.Step(seq, base[0], view_key, shown, delta))
    db.session.commit()
    judging_events.announced(project.id, after)
    return seq


def queue_board_refetch(project: Project, seq: int, *, reason: str) -> None:
    """Queue a "fetch the board again" notice for the project's room (status, not rows)."""
    payload = {"project_id": project.id, "since": seq - 1, "seq": seq, "rows": [],
               "removed": [], "refetch": True, "reason": reason}
    events.publish("standings_changed", payload, room_project(project.id))
    _queue_step(project.id, leaderboard_cache.Step(seq, seq - 1, "", payload, payload))


def _queue_step(project_id: int, step: leaderboard_cache.Step) -> None:
    """Queue the step for the board cache; it is kept only if the caller's transaction commits.

    Written straight into the cache, a rolled-back change would leave a step for a seq that
    never existed, and resuming clients would be handed it.
    """
    events.publish_internal(STEP_COMMITTED, {"project_id": project_id, "step": step})


def on_event(event: events.Event) -> None:
    """Record a committed board step in this process's cache."""
    if event.internal and event.name == STEP_COMMITTED:
        leaderboard_cache.record_step(int(event.payload["project_id"]), event.payload["step"])


events.subscribe(on_event)
