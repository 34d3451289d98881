"""Staff first: while staff are at work, anonymous reads are paced so judges find the CPU free.

One gevent process serves judges and spectators from one hub, first come first served. Two
hundred clients reading the board flat out keep about two hundred greenlets runnable, and a
judge's request waits behind all of them at every turn: measured with 200 readers and 1,000
spectators, a judge's ack took 2.7 s at the median (docs/BENCHMARKS.md, bench_staff.py). A gate
on concurrent reads cannot help there: a read from memory never yields, so reads never overlap.

So while staff are active (a signed-in request or socket event within the last ``window``
seconds), each anonymous read first takes a token from a bucket refilled at ``rate`` per second
(holding at most ``burst``). A read that must wait sleeps (under gevent: not runnable, no CPU),
so the hub's queue stays short and a judge's turn comes at once; a read that would wait longer
than ``max_wait`` is refused at once with a 503. With no staff active, reads are not paced:
spectators then have the whole process. Waits are granted in arrival order (a token may be
reserved ahead), which keeps the pacing fair between spectators.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

from flask import current_app


class Pacer:
    """A token bucket for anonymous reads that applies only while staff are active."""

    def __init__(self, *, rate: float, burst: float, max_wait: float, window: float,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.burst = max(1.0, burst)
        self.max_wait = max_wait
        self.window = window
        self._clock = clock
        self._tokens = self.burst
        self._stamp = clock()
        self._staff_at = -math.inf
        self._lock = threading.Lock()

    def note_staff(self) -> None:
        """Record that a signed-in user is at work now."""
        self._staff_at = self._clock()

    def staff_active(self) -> bool:
        """Tell whether a signed-in user was at work within the window."""
        return self._clock() - self._staff_at < self.window

    def delay(self) -> float | None:
        """Return the seconds an anonymous read must wait first (0: none), or None to refuse it."""
        if self.rate <= 0 or not self.staff_active():
            return 0.0
        with self._lock:
            now = self._clock()
            self._tokens = min(self.burst, self._tokens + (now - self._stamp) * self.rate)
            self._stamp = now
            wait = max(0.0, (1.0 - self._tokens) / self.rate)
            if wait > self.max_wait + 1e-9:  # a clock's rounding must not refuse a read
                return None
            self._tokens -= 1.0  # reserved: the next reader waits after this one
            return wait


def pacer_from(config: Mapping[str, Any]) -> Pacer:
    """Build an app's pacer from its config (JX_PUBLIC_READ_RATE 0 turns pacing off)."""
    return Pacer(rate=float(config.get("JX_PUBLIC_READ_RATE", 0) or 0),
                 burst=float(config.get("JX_PUBLIC_READ_BURST", 50) or 50),
                 max_wait=float(config.get("JX_PUBLIC_READ_MAX_WAIT", 1.0)),
                 window=float(config.get("JX_STAFF_WINDOW", 2.0)))


def note_staff() -> None:
    """Record, for the current app, that a signed-in user is at work (socket events call it)."""
    pacer = current_app.extensions.get("jx_pacer")
    if pacer is not None:
        pacer.note_staff()
