"""Admission gate: public board reads take a bounded number of slots so staff never wait.

Spectators can outnumber judges a hundred to one. In the embedded server (one process, one
gevent hub) every request shares the same CPU and database connections, so a crowd reading
the board flat out would queue a judge's score behind it. Anonymous reads of the board take one
of ``JX_PUBLIC_READ_SLOTS`` slots (default 32, 0 = no gate); when none is free the read gets, at
once, the public board this process last built for the project (no database work) or, if it has
none, a 503 with ``Retry-After``. Logged-in users and API tokens (judges, organizers) bypass the
gate. Behind nginx the same split is made with two upstream pools (docs/DEPLOY.md).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Response, current_app, request, session
from flask_babel import gettext as _

#: Seconds a refused spectator waits before trying again (their client also has the deltas).
RETRY_AFTER = 1


class Gate:
    """A non-blocking counting gate: ``enter`` returns False at once when it is full."""

    def __init__(self, slots: int) -> None:
        self.slots = slots
        self.busy = 0
        self._lock = threading.Lock()

    def enter(self) -> bool:
        """Take a slot if one is free (an unlimited gate always has one)."""
        if self.slots <= 0:
            return True
        with self._lock:
            if self.busy >= self.slots:
                return False
            self.busy += 1
            return True

    def leave(self) -> None:
        """Give a slot back."""
        if self.slots <= 0:
            return
        with self._lock:
            self.busy = max(0, self.busy - 1)


def gate() -> Gate:
    """Return the current app's public-read gate (made on first use from the config)."""
    extensions = current_app.extensions
    if "jx_public_gate" not in extensions:
        extensions["jx_public_gate"] = Gate(int(current_app.config.get("JX_PUBLIC_READ_SLOTS",
                                                                       32)))
    return extensions["jx_public_gate"]


def is_spectator() -> bool:
    """Tell an anonymous caller apart without touching the database (no session user, no
    token)."""
    return "_user_id" not in session and "Authorization" not in request.headers


@contextmanager
def public_slot() -> Iterator[bool]:
    """Hold a slot for a spectator's read; yields False when the gate is full (staff: True)."""
    if not is_spectator():
        yield True
        return
    admitted = gate().enter()
    try:
        yield admitted
    finally:
        if admitted:
            gate().leave()


def busy_response(fallback: bytes | None = None) -> Response:
    """Answer a spectator turned away: the last public board built here, or a fast 503."""
    headers = {"Retry-After": str(RETRY_AFTER), "Cache-Control": "no-store"}
    if fallback is not None:
        return Response(fallback, mimetype="application/json",
                        headers={**headers, "X-Board-Stale": "1"})
    body = {"error": {"code": "board.busy", "field": None,
                      "message": _("The board is busy; it will refresh in a moment.")}}
    return Response(json.dumps(body, ensure_ascii=False), status=503,
                    mimetype="application/json", headers=headers)
