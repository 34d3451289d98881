"""Log-in throttling per account: a progressive, capped wait instead of a lock.

A hard lock after N failures lets anyone lock anyone out. Instead the first `free` failures
cost nothing; each one after that makes the next attempt wait `base` seconds doubled per
extra failure, never more than `cap`, counted from the last failure. A right password after
the wait logs in and clears the count.
"""

from __future__ import annotations

from datetime import datetime, timedelta


def login_wait(failures: int, *, free: int, base_seconds: int, cap_seconds: int) -> timedelta:
    """Return how long after the last failure the next attempt must wait."""
    extra = failures - free
    if extra <= 0:
        return timedelta(0)
    # min() before the power: a huge count must not build a huge integer.
    seconds = base_seconds * 2 ** min(extra - 1, 32)
    return timedelta(seconds=min(seconds, cap_seconds))


def retry_after_seconds(wait_until: datetime | None, now: datetime) -> int:
    """Return the whole seconds left until `wait_until` (0 when it has passed)."""
    if wait_until is None or now >= wait_until:
        return 0
    remaining = (wait_until - now).total_seconds()
    return max(1, int(remaining) + (remaining % 1 > 0))
