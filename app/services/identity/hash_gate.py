"""A bounded lane for anonymous password hashing: strangers can never buy more than N hashes.

A scrypt check is ≈0.1 s of one core (more on a loaded box) and 32 MiB of memory. It runs off
the gevent hub (app/services/common/offload.py), but a process would still start as many at once as
log-ins arrive: on a 2-core box two concurrent hashes already take every core the judges'
requests need. Every anonymous password check (log-in page, token log-in, the dummy check for
an unknown username, a reset's new hash) goes through ``hashed``:

* at most ``JX_PASSWORD_HASH_SLOTS`` hashes run at once in this process (default 1);
* at most ``JX_PASSWORD_HASH_QUEUE`` more wait for a slot, each at most
  ``JX_PASSWORD_HASH_WAIT`` seconds;
* anyone beyond that, or a waiter whose time runs out, gets ``HashBusy`` at once: a 503 with
  ``Retry-After`` and no hash computed;
* under gevent the hashes run in a thread pool of their own whose threads have a lower CPU
  priority (``JX_PASSWORD_HASH_NICE``, default 10): scrypt releases the GIL, so what it takes
  from judges is a core, and the kernel then hands that core to the gevent hub first when both
  want it. A log-in waits longer on a saturated box; a judge's mark waits less behind
  strangers' hashes. (Not 19: on a box saturated by other work a nice-19 hash barely runs, so
  every log-in would time out in the queue.)

Admission depends only on how many checks are in flight, never on the username, so the
refusal tells nothing about whether an account exists. Requests that need no password (a
judge's bearer token or session, score POSTs, sockets) never touch the gate.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any, TypeVar

from flask import current_app
from flask_babel import gettext as _

from app.errors import ServiceError
from app.services.common.offload import _gevent_hub

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

    def __init__(self, slots: int, queue: int, wait: float, nice: int = 10) -> None:
        self.slots = max(1, slots)
        self.nice = min(19, max(0, nice))
        self.queue = max(0, queue)
        self.wait = max(0.0, wait)
        self.admitted = 0  # running + waiting
        self._lock = threading.Lock()
        self._running = threading.Semaphore(self.slots)
        self._pool: Any = None  # gevent's, made on first use (after the worker's fork)

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


    def run(self, fn: Callable[..., T], *args: Any) -> T:
        """Return ``fn(*args)`` computed in a slot: in a low-priority native thread under gevent."""
        with self.slot():
            hub = _gevent_hub()
            if hub is None:
                return fn(*args)
            if self._pool is None:
                from gevent.threadpool import ThreadPool

                self._pool = ThreadPool(self.slots, hub=hub)
            return self._pool.apply(_at_priority, (self.nice, fn, *args))


def _at_priority(nice: int, fn: Callable[..., T], *args: Any) -> T:
    # Linux keeps a nice value per thread and who=0 is the calling thread; raising one's own
    # nice needs no privilege (and cannot be undone without it: this pool only hashes).
    if nice:
        with suppress(AttributeError, OSError):  # not Linux, or refused: the hash still runs
            if os.getpriority(os.PRIO_PROCESS, 0) < nice:
                os.setpriority(os.PRIO_PROCESS, 0, nice)
    return fn(*args)


def gate() -> HashGate:
    """Return the current app's hash gate (made on first use from the config)."""
    extensions = current_app.extensions
    if "jx_hash_gate" not in extensions:
        config = current_app.config
        extensions["jx_hash_gate"] = HashGate(
            int(config.get("JX_PASSWORD_HASH_SLOTS", 1)),
            int(config.get("JX_PASSWORD_HASH_QUEUE", 4)),
            float(config.get("JX_PASSWORD_HASH_WAIT", 2.0)),
            int(config.get("JX_PASSWORD_HASH_NICE", 10)))
    return extensions["jx_hash_gate"]


def hashed(fn: Callable[..., T], *args: Any) -> T:
    """Return ``fn(*args)`` (a password hash or check) computed in a gate slot, off the hub."""
    return gate().run(fn, *args)
