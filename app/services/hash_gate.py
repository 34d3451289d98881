"""A bounded lane for anonymous password hashing: strangers can never buy more than N hashes.

A scrypt check is ≈0.1 s of one core (more on a loaded box) and 32 MiB of memory. It runs off
the gevent hub (app/services/offload.py), but a process would still start as many at once as
log-ins arrive: on a 2-core box two concurrent hashes already take every core the judges'
requests need. Every anonymous password check (log-in page, token log-in, the dummy check for
an unknown username, a reset's new hash) goes through ``hashed``:

* at most ``JX_PASSWORD_HASH_SLOTS`` hashes run at once in this process (default 1);
* at most ``JX_PASSWORD_HASH_QUEUE`` more wait for a slot, each at most
  ``JX_PASSWORD_HASH_WAIT`` seconds;
* anyone beyond that, or a waiter whose time runs out, gets ``HashBusy`` at once: a 503 with
  ``Retry-After`` and no hash computed.

Admission depends only on how many checks are in flight, never on the username, so the
refusal tells nothing about whether an account exists. Requests that need no password (a
judge's bearer token or session, score POSTs, sockets) never touch the gate.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from flask import current_app
from flask_babel import gettext as _

from app.errors import ServiceError
from app.services.offload import offload

T = TypeVar("T")

#: Seconds a refused log-in is asked to wait before trying again.
RETRY_AFTER = 2


class HashBusy(ServiceError):
    """Too many password checks in flight: try again shortly (nothing was checked)."""

    status = 503

    def __init__(self, retry_after: int = RETRY_AFTER) -> None:
        super().__init__(
            "auth.busy",
            _("The server is busy checking other log-ins: try again in %(seconds)d second(s).",
              seconds=retry_after),
            params={"retry_after": retry_after},
        )
        self.retry_after = retry_after


class HashGate:
    """``slots`` hashes at once, ``queue`` more waiting up to ``wait`` seconds, others refused.

    Built from ``threading`` primitives, which gevent's monkey patching makes cooperative: a
    waiting log-in is a parked greenlet, not a blocked hub.
    """

    def __init__(self, slots: int, queue: int, wait: float) -> None:
        self.slots = max(1, slots)
        self.queue = max(0, queue)
        self.wait = max(0.0, wait)
        self.admitted = 0  # running + waiting
        self._lock = threading.Lock()
        self._running = threading.Semaphore(self.slots)

    @contextmanager
    def slot(self) -> Iterator[None]:
        """Hold a hashing slot for the block; raise HashBusy when none can be had in time."""
        with self._lock:
            if self.admitted >= self.slots + self.queue:
                raise HashBusy()
            self.admitted += 1
        try:
            if not self._running.acquire(timeout=self.wait):
                raise HashBusy()
            try:
                yield
            finally:
                self._running.release()
        finally:
            with self._lock:
                self.admitted -= 1


def gate() -> HashGate:
    """Return the current app's hash gate (made on first use from the config)."""
    extensions = current_app.extensions
    if "jx_hash_gate" not in extensions:
        config = current_app.config
        extensions["jx_hash_gate"] = HashGate(
            int(config.get("JX_PASSWORD_HASH_SLOTS", 1)),
            int(config.get("JX_PASSWORD_HASH_QUEUE", 4)),
            float(config.get("JX_PASSWORD_HASH_WAIT", 2.0)))
    return extensions["jx_hash_gate"]


def hashed(fn: Callable[..., T], *args: Any) -> T:
    """Return ``fn(*args)`` (a password hash or check) computed in a gate slot, off the hub."""
    with gate().slot():
        return offload(fn, *args)
