"""In-process memory of the boards: built boards per sequence number and recent deltas.

A board is rebuilt at most once per (project, seq, view) in a process, so hundreds of
spectator reads per second cost a dictionary look-up and a few bytes of JSON already
serialised. Recent deltas are kept per project (a bounded ring) so a reconnecting client can
resume with ``?since=<seq>`` instead of refetching the whole board (a chain of announcements,
each from its ``since`` to its ``seq``). Several processes each keep
their own memory; a process that lacks a delta answers "refetch".
"""

from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import Any

from cachetools import FIFOCache

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
    #: The same body gzipped once (a 1,000-entry board: ~300 KB → ~16 KB, ~2 ms).
    gzipped: bytes
    #: And brotli-encoded once (quality 4: a little smaller than gzip, and cheaper to make).
    brotli: bytes = b""
    #: A digest of the body: the strong validator, one per encoding (``etag_for``).
    etag: str = ""

    def encoded(self, encoding: str) -> bytes:
        """Return the body in ``encoding`` ("br", "gzip" or "" for identity)."""
        return {"br": self.brotli, "gzip": self.gzipped}.get(encoding, self.body)

    def etag_for(self, encoding: str) -> str:
        """Return the (unquoted) ETag of the body in ``encoding``: each encoding its own bytes."""
        return f"{self.etag}-{encoding}" if encoding else self.etag


@dataclass(frozen=True, slots=True)
class Step:
    """One announcement: from ``since`` to ``seq``, the public delta (for a view) and staff's.

    Usually ``since == seq - 1``; a coalesced announcement covers several seqs at once.
    """

    seq: int
    since: int
    view: str
    public: dict[str, Any]
    staff: dict[str, Any]


_lock = threading.Lock()
# Oldest built first out when full (cachetools evicts; every access holds `_lock`).
_boards: FIFOCache[tuple[Any, ...], BuiltBoard] = FIFOCache(maxsize=BOARDS)
_history: dict[int, deque[Step]] = {}
# project id → the newest public (not staff) board built here: what a spectator turned away by
# the admission gate gets instead of a 503 (app/web/admission.py).
_latest_public: dict[int, tuple[BuiltBoard, float]] = {}


def get_built(key: tuple[Any, ...]) -> BuiltBoard | None:
    """Return the board built under this key, if this process has it."""
    with _lock:
        return _boards.get(key)


def put_built(built: BuiltBoard) -> None:
    """Keep a built board; the oldest go first when the memory is full."""
    with _lock:
        _boards[built.key] = built
        if not str(built.key[2]).startswith("STAFF"):
            _note_public(built)


def note_public(built: BuiltBoard) -> None:
    """Note a public board just served: it is what spectators see now."""
    with _lock:
        _note_public(built)


def _note_public(built: BuiltBoard) -> None:
    latest = _latest_public.get(built.key[0])
    if latest is None or latest[0].key[1] <= built.key[1]:
        _latest_public[built.key[0]] = (built, time.monotonic())


def latest_public(project_id: int, *, max_age: float | None = None) -> BuiltBoard | None:
    """Return the newest public board this process built or served for a project, if any
    (with ``max_age``: only if it was built or checked current that many seconds ago)."""
    with _lock:
        kept = _latest_public.get(project_id)
    if kept is None or (max_age is not None and time.monotonic() - kept[1] > max_age):
        return None
    return kept[0]


def record_step(project_id: int, step: Step) -> None:
    """Remember an announcement, in seq order, one per seq; a "refetch" notice is kept."""
    with _lock:
        ring = _history.setdefault(project_id, deque(maxlen=HISTORY))
        if any(s.seq == step.seq and s.public.get("refetch") for s in ring):
            return
        kept = sorted([s for s in ring if s.seq != step.seq] + [step], key=lambda s: s.seq)
        ring.clear()
        ring.extend(kept[-HISTORY:])


def steps_after(project_id: int, since: int, upto: int) -> list[Step] | None:
    """Return the announcements leading from ``since`` to ``upto``, or None when the chain
    has a hole (a step this process never announced, or one that starts elsewhere)."""
    if upto <= since:
        return []
    with _lock:
        ring = list(_history.get(project_id, ()))
    by_start = {s.since: s for s in ring if since <= s.since < upto}
    chain, at = [], since
    while at < upto:
        step = by_start.get(at)
        if step is None or step.seq <= at:
            return None
        chain.append(step)
        at = step.seq
    return chain if at == upto else None


def forget(project_id: int | None = None) -> None:
    """Drop the memory (tests; or after changes made outside the services)."""
    with _lock:
        if project_id is None:
            _boards.clear()
            _history.clear()
            _latest_public.clear()
            return
        _history.pop(project_id, None)
        _latest_public.pop(project_id, None)
        for key in [k for k in _boards if k[0] == project_id]:
            _boards.pop(key, None)
