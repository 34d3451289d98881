"""Per-project scoring memos of this process: live standings re-score only changed entries.

A memo only ever returns a result for an input equal to the one it scored, so a memo that
outlives a change made elsewhere (another process, a test) costs a miss, never a wrong number.
"""

from __future__ import annotations

import threading
from collections.abc import Hashable

from app.domain.score_memo import ScoreMemo

#: How many projects' memos a process keeps (the live ones of a competition day).
MEMOS = 64

_lock = threading.Lock()
_memos: dict[Hashable, ScoreMemo] = {}


def memo_for(key: Hashable) -> ScoreMemo:
    """Return the scoring memo under ``key`` (a project id; (id, "frozen") for its frozen
    board, whose inputs differ from the live ones), the least recently used going first."""
    with _lock:
        memo = _memos.pop(key, None) or ScoreMemo()
        _memos[key] = memo
        while len(_memos) > MEMOS:
            _memos.pop(next(iter(_memos)), None)
        return memo


def forget() -> None:
    """Drop every memo (tests)."""
    with _lock:
        _memos.clear()
