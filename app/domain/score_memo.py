"""Incremental scoring: an entry whose input did not change keeps its scored components.

A live score changes one entry's input; scoring every entry again (the components, rounding,
the weighted total) was most of a standings computation. ``ScoreMemo`` remembers, per entry,
the input it scored and the result, and gives the result back while the entry's input and the
project's scoring settings (components, pass mark, missing aspects) are equal to those it was
scored with; anything else is scored afresh. Ranks, awards and the rest are always computed
over all entries, so an evaluation with a memo equals one without (tests/domain prove it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

#: Beyond this many remembered entries per remembered live entry, the memo drops the stale.
_SLACK = 2


class ScoreMemo:
    """Remember each entry's scored components for as long as its input stays the same."""

    def __init__(self) -> None:
        self._settings: Any = None
        # No lock: the memo is shared by a gevent hub and a native worker thread, and every
        # step below is a single dictionary or attribute operation (atomic under the GIL).
        self._entries: dict[str, tuple[Any, Any, Any]] = {}
        self.hits = 0
        self.misses = 0

    def settings(self, current: Any) -> Any:
        """Return the canonical settings object equal to ``current`` (new ones start over)."""
        kept = self._settings
        if kept is not None and kept == current:
            return kept
        self._settings = current
        return current

    def score(self, settings: Any, entry_id: str, entry: Any,
              compute: Callable[[], Any]) -> Any:
        """Return the remembered result for an unchanged entry, else ``compute()`` and keep it.

        ``settings`` must be the object ``settings()`` returned: results scored under other
        settings (a concurrent evaluation of a changed scheme) never match it.
        """
        kept = self._entries.get(entry_id)
        if kept is not None and kept[0] is settings and kept[1] == entry:
            self.hits += 1
            return kept[2]
        self.misses += 1
        result = compute()
        self._entries[entry_id] = (settings, entry, result)
        return result

    def prune(self, live: set[str]) -> None:
        """Forget entries no longer evaluated once they outnumber the live ones."""
        if len(self._entries) > _SLACK * max(len(live), 1):
            for entry_id in [e for e in list(self._entries) if e not in live]:
                self._entries.pop(entry_id, None)
