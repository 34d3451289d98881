"""Benchmark: does log-in time tell an unknown username from a wrong password?

    .venv/bin/python scripts/bench/bench_login_timing.py [--runs 30]

Builds an in-memory app with one real (scrypt-hashed) account, then times `authenticate`
for a wrong password on that account and for an unknown username, alternating, `runs` times
each (the account's failure count is reset between tries so the wait never starts). Prints
the median and the 10th/90th percentiles in milliseconds for both, and their ratio.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def main() -> None:
    """Time both kinds of failed log-in and print the comparison."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    runs = max(1, min(parser.parse_args().runs, 500))

    from app import create_app
    from app.config import TestConfig
    from app.extensions import db
    from app.models import User
    from app.services.identity import accounts

    app = create_app(TestConfig)
    now = datetime(2026, 12, 6, tzinfo=UTC)
    timings: dict[str, list[float]] = {"wrong password": [], "unknown user": []}
    with app.app_context(), app.test_request_context("/"):
        db.create_all()
        accounts.create_user("known.judge", "Lathe-work-2026")
        for _ in range(runs):
            for label, username in (("wrong password", "known.judge"),
                                    ("unknown user", "nobody.here")):
                started = time.perf_counter()
                with contextlib.suppress(accounts.LoginError):
                    accounts.authenticate(username, "Wrong-pass-123", now=now)
                timings[label].append((time.perf_counter() - started) * 1000)
            user = db.session.scalar(db.select(User).where(User.username == "known.judge"))
            user.failed_logins, user.locked_until = 0, None
            db.session.commit()
    medians = {}
    for label, values in timings.items():
        deciles = statistics.quantiles(values, n=10)
        medians[label] = statistics.median(values)
        print(f"{label:15} median {medians[label]:6.1f} ms  p10 {deciles[0]:6.1f}  "
              f"p90 {deciles[-1]:6.1f}  (n={len(values)})")
    print(f"ratio unknown/known: {medians['unknown user'] / medians['wrong password']:.2f}")


if __name__ == "__main__":
    main()
