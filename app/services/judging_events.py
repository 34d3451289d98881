"""The realtime side of judging use cases: sequence numbers, standings deltas, queued events.

Every change that can move the standings bumps ``Project.event_seq`` in its own transaction and
queues a ``standings_changed`` delta for the project's public room; the events leave only after
the commit (app.events). A client that sees a gap in ``seq`` refetches the snapshot.
"""

from __future__ import annotations

import threading
from typing import Any

from sqlalchemy import update

from app.extensions import db
from app.models import Project
from app.services import standings

# project id → (seq, snapshot) of the last committed standings computed in this process. A
# snapshot is reused as the "before" of the next change only while the seq still matches, so
# a change made by another process (which bumped the seq) is never diffed against stale data.
_cache: dict[int, tuple[int, dict[str, Any]]] = {}
_cache_lock = threading.Lock()


def room_project(project_id: int) -> str:
    """Return the public room of a project (spectators, boards)."""
    return f"project:{project_id}"


def room_chief(project_id: int) -> str:
    """Return the chief judge's room of a project (the live matrix)."""
    return f"chief:{project_id}"


def room_judge(user_id: int) -> str:
    """Return a judge's own room (re-score requests)."""
    return f"judge:{user_id}"


def standings_before(project: Project) -> dict[str, Any]:
    """Return the standings as committed, from this process's cache when still current."""
    with _cache_lock:
        cached = _cache.get(project.id)
    if cached is not None and cached[0] == project.event_seq:
        return cached[1]
    return standings.compute_standings(project)


def bump_seq(project: Project) -> int:
    """Increment the project's sequence number atomically and return the new value."""
    seq = db.session.execute(
        update(Project)
        .where(Project.id == project.id)
        .values(event_seq=Project.event_seq + 1)
        .returning(Project.event_seq)
    ).scalar_one()
    # Keep the loaded object in step without a reload (the UPDATE bypassed the ORM).
    db.session.expire(project, ["event_seq"])
    return int(seq)


def queue_standings(project: Project, before: dict[str, Any], seq: int) -> dict[str, Any]:
    """Recompute the standings, queue the delta for the public room; return the new snapshot."""
    after = standings.compute_standings(project)
    after["seq"] = seq
    delta = standings.diff_standings(before, after)
    # The board decides what the public sees (visibility, freeze) and tells the staff room.
    from app.services.leaderboard_push import queue_board_delta

    queue_board_delta(project, delta)
    return after


def remember(project_id: int, snapshot: dict[str, Any]) -> None:
    """Cache a committed snapshot as the next change's starting point (call after commit)."""
    with _cache_lock:
        _cache[project_id] = (snapshot["seq"], snapshot)


def forget(project_id: int | None = None) -> None:
    """Drop cached snapshots (tests; or after a change made outside these services)."""
    with _cache_lock:
        if project_id is None:
            _cache.clear()
        else:
            _cache.pop(project_id, None)
