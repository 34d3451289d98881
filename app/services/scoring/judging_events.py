"""The realtime side of judging use cases: sequence numbers, standings announcements.

Every change that can move the standings bumps ``Project.event_seq`` in its own transaction and
queues the internal event ``project_scores_changed`` (app.events, delivered after the commit).
The judge's acknowledgement does not wait for the standings: app/realtime schedules one
coalesced job per project which calls ``leaderboard_push.announce_standings``; that recomputes
the standings once for whatever has been committed by then and announces the delta from the
last standings this process announced (``since`` → ``seq``). A client whose last seq is not the
delta's ``since`` refetches the snapshot.

Per process and project this module keeps:

- the last announced standings (``since`` of the next delta), and
- the highest seq this process committed or announced. A change that finds the project's seq
  beyond it (another process, or a publication, changed the project meanwhile) first computes
  the standings as committed, inside its transaction, so the next delta is exact.
"""

from __future__ import annotations

import threading
from typing import Any

from sqlalchemy import update

from app import events
from app.extensions import db
from app.models import Project
from app.services.boards import standings

#: Internal event (never emitted): a project's standings may have moved; payload {project_id,
#: seq}. app/realtime recomputes and announces them after the commit, coalesced per project.
SCORES_CHANGED = "project_scores_changed"

# project id → (seq, snapshot) of the last committed standings computed in this process. A
# snapshot is reused only while the seq still matches, so a change made by another process
# (which bumped the seq) is never taken for the current state.
_cache: dict[int, tuple[int, dict[str, Any]]] = {}
# project id → (seq, snapshot) last announced by this process: the base of the next delta.
_sent: dict[int, tuple[int, dict[str, Any]]] = {}
# project id → highest seq committed or announced by this process.
_known: dict[int, int] = {}
_cache_lock = threading.Lock()
# (project id, seq) → the computation of that seq's standings now running. Board reads and the
# push job that arrive together for one seq wait for it instead of computing it again.
_inflight: dict[tuple[int, int], _Flight] = {}


class _Flight:
    """One running standings computation that later callers for the same seq wait for."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.snapshot: dict[str, Any] | None = None
        self.waiters = 0


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
    """Return the standings as committed, computed at most once per seq in this process.

    A cached snapshot is reused while its seq matches; callers arriving while that seq is
    being computed wait for the one computation (single flight) and share its result.
    """
    seq = project.event_seq
    key = (project.id, seq)
    with _cache_lock:
        cached = _cache.get(project.id)
        if cached is not None and cached[0] == seq:
            return cached[1]
        flight = _inflight.get(key)
        leader = flight is None
        if flight is None:
            flight = _inflight[key] = _Flight()
        else:
            flight.waiters += 1
    if not leader:
        flight.done.wait()
        if flight.snapshot is not None:
            return flight.snapshot
        return standings.compute_standings(project)  # the leader failed: compute our own
    try:
        snapshot = standings.compute_standings(project)
        flight.snapshot = snapshot
        with _cache_lock:
            current = _cache.get(project.id)
            if snapshot.get("seq") == seq and (current is None or current[0] <= seq):
                _cache[project.id] = (seq, snapshot)
        return snapshot
    finally:
        with _cache_lock:
            _inflight.pop(key, None)
        flight.done.set()


def prepare_change(project: Project) -> None:
    """Keep the next delta exact: note the committed standings if this process lost track.

    Call inside the change's transaction, before ``bump_seq``. Costs nothing while every
    change of the project went through this process; otherwise one standings computation.
    """
    with _cache_lock:
        known = _known.get(project.id)
    if known == project.event_seq:
        return
    snapshot = standings_before(project)
    with _cache_lock:
        _set_sent(project.id, project.event_seq, snapshot)
        _known[project.id] = max(_known.get(project.id, 0), project.event_seq)


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


def queue_standings(project: Project, seq: int) -> None:
    """Queue "the standings may have moved" for after the commit (recomputed off the ack)."""
    events.publish_internal(SCORES_CHANGED, {"project_id": project.id, "seq": seq})


def committed(project_id: int, seq: int) -> None:
    """Note a seq this process committed (call after the commit)."""
    with _cache_lock:
        _known[project_id] = max(_known.get(project_id, 0), seq)


def last_announced(project_id: int) -> tuple[int, dict[str, Any]] | None:
    """Return (seq, standings) last announced by this process for a project, if any."""
    with _cache_lock:
        return _sent.get(project_id)


def announced(project_id: int, snapshot: dict[str, Any]) -> None:
    """Note standings as announced (and current): the base of the next delta."""
    seq = snapshot["seq"]
    with _cache_lock:
        _set_sent(project_id, seq, snapshot)
        _known[project_id] = max(_known.get(project_id, 0), seq)
        _cache[project_id] = (seq, snapshot)


def _set_sent(project_id: int, seq: int, snapshot: dict[str, Any]) -> None:
    # Never move back: a late job must not replace a newer base (caller holds the lock).
    current = _sent.get(project_id)
    if current is None or current[0] < seq:
        _sent[project_id] = (seq, snapshot)


def remember(project_id: int, snapshot: dict[str, Any]) -> None:
    """Cache committed standings for the board reads of that seq (call after commit)."""
    with _cache_lock:
        _cache[project_id] = (snapshot["seq"], snapshot)


def forget(project_id: int | None = None) -> None:
    """Drop cached snapshots (tests; or after a change made outside these services)."""
    from app.services.boards import standings_live

    standings_live.forget(project_id)
    with _cache_lock:
        for memory in (_cache, _sent, _known):  # in-flight computations finish on their own
            if project_id is None:
                memory.clear()
            else:
                memory.pop(project_id, None)
