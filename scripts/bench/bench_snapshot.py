"""Benchmark: snapshot reads/s of 100 / 1,000 / 5,000-entry projects, plain and gzipped.

    .venv/bin/python scripts/bench/bench_snapshot.py [--entries 100 1000 5000] [--runs 3]
        [--seconds 5] [--clients 16]
    (once: cd scripts/bench/node && npm install)

Seeds a temporary SQLite file (WAL) with one project per size (tests/judging_setup.py's
contest, theory marks for every entry inserted in bulk), starts the real server the production
way on loopback (`gunicorn -k gevent -w 1 wsgi:app`) and reads
`GET /api/v1/projects/<id>/standings` with `clients` keep-alive Node clients for `seconds`,
`runs` times per size and encoding (each after one warming read). Bounded in count and time.
Prints a Markdown table and one SUMMARY line.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_board import ROOT, _free_port, node, start_server  # noqa: E402

sys.path.insert(0, str(ROOT))


def seed(url: str, sizes: list[int]) -> dict[int, int]:
    """Create the schema and one marked project per size; return {size: project id}."""
    from app import create_app
    from app.config import TestConfig
    from app.extensions import db
    from app.models import ScoreEvent
    from app.models._types import utcnow
    from tests.judging_setup import build_contest

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = url

    app = create_app(Config)
    ids = {}
    with app.app_context():
        db.drop_all()
        db.create_all()
        for size in sizes:
            contest = build_contest(contestants=size)
            db.session.execute(ScoreEvent.__table__.insert(), [
                {"client_id": str(uuid.uuid4()), "payload_hash": "bench",
                 "judge_id": contest.chief.id, "registration_id": r.id,
                 "component_id": contest.theory.id, "value": Decimal(50 + (i * 37) % 50),
                 "reason": "", "server_time": utcnow()}
                for i, r in enumerate(contest.registrations)])
            db.session.commit()
            ids[size] = contest.project.id
    return ids


def main() -> None:
    """Seed, serve, read each size plain and gzipped, print the table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--clients", type=int, default=16)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="jx-snapshot-bench-")
    url = f"sqlite:///{folder}/bench.sqlite"
    started = time.perf_counter()
    ids = seed(url, args.entries)
    print(f"seeded in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    port = _free_port()
    # All the load comes from one loopback address: lift the per-address limits.
    env = {**os.environ, "DATABASE_URL": url, "SOCKETIO_ASYNC_MODE": "gevent",
           "JX_INSTANCE_PATH": folder, "RATELIMIT_ENABLED": "0",
           "SOCKETIO_MAX_CONNECTIONS_PER_ADDRESS": "1000000"}
    server = start_server("wsgi:app", port, env)
    base = f"http://127.0.0.1:{port}"
    rows = []
    try:
        for size in args.entries:
            for zipped in ([], ["gzip"]):
                node("reads", base, ids[size], 1, 2, *zipped)  # the first read builds the board
                got = [node("reads", base, ids[size], args.seconds, args.clients, *zipped)
                       for _ in range(args.runs)]
                rows.append((size, bool(zipped), got))
                print(f"{size} entries {'gzip' if zipped else 'plain'}: "
                      f"{[round(g['reads_per_s']) for g in got]} reads/s", file=sys.stderr)
    finally:
        server.terminate()
        server.wait(timeout=30)
    load = os.getloadavg()
    print(f"\n{os.cpu_count()} cores; load average at the end {load[0]:.2f} {load[1]:.2f} "
          f"{load[2]:.2f}; {args.clients} keep-alive clients, {args.runs} × {args.seconds} s")
    print("\n| Entries | Encoding | Body | Reads/s, median (spread) | Latency median / p99 "
          "(median run) | Errors |")
    print("|---|---|---|---|---|---|")
    summary = []
    for size, zipped, got in rows:
        rates = [g["reads_per_s"] for g in got]
        mid = sorted(got, key=lambda g: g["reads_per_s"])[len(got) // 2]
        lat = mid["latency_ms"]
        print(f"| {size} | {'gzip' if zipped else 'plain'} | {mid['body_bytes'] / 1024:.1f} KB | "
              f"{statistics.median(rates):.0f} ({min(rates):.0f}–{max(rates):.0f}) | "
              f"{lat['median']:.1f} / {lat['p99']:.1f} ms | {sum(g['errors'] for g in got)} |")
        summary.append(f"{size}{' gz' if zipped else ''} {statistics.median(rates):.0f}")
    print("SUMMARY snapshot reads/s: " + ", ".join(summary))


if __name__ == "__main__":
    main()
