"""In-process memory of the boards: built boards per sequence number and recent deltas.

A board is rebuilt at most once per (project, seq, view) in a process, so hundreds of
spectator reads per second cost a dictionary look-up and a few bytes of JSON already
serialised. Recent deltas are kept per project (a bounded ring) so a reconnecting client can
resume with ``?since=<seq>`` instead of refetching the whole board. Several processes each keep
their own memory; a process that lacks a delta answers "refetch".
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass
from typing import Any

#: How many deltas per project a process keeps for resuming clients.
HISTORY = 256
#: How many built boards a process keeps (a few views per active project).
BOARDS = 512


@dataclass(frozen=True, slots=True)
class BuiltBoard:
    """A board as built for one view at one sequence number, with its JSON body."""

    key: tuple[Any, ...]
    board: dict[str, Any]
    body: bytes


@dataclass(frozen=True, slots=True)
class Step:
    """One announced sequence number: the public delta (for a view) and the staff delta."""

    seq: int
    view: str
    public: dict[str, Any]
    staff: dict[str, Any]


_lock = threading.Lock()
_boards: dict[tuple[Any, ...], BuiltBoard] = {}
_history: dict[int, deque[Step]] = {}


def get_built(key: tuple[Any, ...]) -> BuiltBoard | None:
    """Return the board built under this key, if this process has it."""
    with _lock:
        return _boards.get(key)


def put_built(built: BuiltBoard) -> None:
    """Keep a built board; the oldest go first when the memory is full."""
    with _lock:
        if len(_boards) >= BOARDS:
            for old in list(_boards)[: BOARDS // 4]:
                _boards.pop(old, None)
        _boards[built.key] = built


def record_step(project_id: int, step: Step) -> None:
    """Remember a delta; a step for a seq already held (a rolled-back attempt) replaces it."""
    with _lock:
        ring = _history.setdefault(project_id, deque(maxlen=HISTORY))
        while ring and ring[-1].seq >= step.seq:
            ring.pop()
        ring.append(step)


def steps_after(project_id: int, since: int, upto: int) -> list[Step] | None:
    """Return the steps since+1 … upto in order, or None when any of them is missing."""
    if upto <= since:
        return []
    with _lock:
        ring = list(_history.get(project_id, ()))
    wanted = {s.seq: s for s in ring if since < s.seq <= upto}
    if len(wanted) != upto - since:
        return None
    return [wanted[seq] for seq in range(since + 1, upto + 1)]


def forget(project_id: int | None = None) -> None:
    """Drop the memory (tests; or after changes made outside the services)."""
    with _lock:
        if project_id is None:
            _boards.clear()
            _history.clear()
            return
        _history.pop(project_id, None)
        for key in [k for k in _boards if k[0] == project_id]:
            _boards.pop(key, None)
