"""Benchmark: one process vs two processes sharing the fan-out through Redis (PostgreSQL).

    .venv/bin/python scripts/bench/bench_cluster.py [--sockets 1000] [--runs 20] [--repeats 3]
        [--redis-url redis://127.0.0.1:6379/0]
        [--admin-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres]
    (once: cd scripts/bench/node && npm install)

Creates a throwaway PostgreSQL database (dropped at the end), migrates it and seeds the
20-contestant board of bench_board.py, then starts the deployment of scripts/serve_cluster.py
(its `Cluster` class: gunicorn gevent instances, JX_CONFIG=production,
SOCKETIO_MESSAGE_QUEUE=Redis) twice, one after the other: with one instance, and with two.
With two, the spectator sockets are dealt across both instances and the judge posts to the
first, so half the spectators get each delta through Redis. Fan-out and ack are measured as in
bench_board.py (scripts/bench/node/spectators.js). Bounded in count and time; prints a table
and one SUMMARY line.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_board import ROOT, _free_port, _pct, node, seed  # noqa: E402

sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
from serve_cluster import Cluster, cluster_env, upgrade_database  # noqa: E402


def _admin(admin_url: str, sql: str) -> None:
    """Run one statement on the server's maintenance database (autocommit)."""
    import psycopg

    with psycopg.connect(admin_url.replace("postgresql+psycopg", "postgresql"),
                         autocommit=True) as conn:
        conn.execute(sql)


def measure(bases: list[str], ids: dict[str, object], args: argparse.Namespace
            ) -> tuple[list[float], list[float]]:
    """Return the per-repeat fan-out medians and all acks for one deployment."""
    base = ",".join(bases)
    node("fanout", base, ids["small"], 10, 3, ids["token"], ids["registration"],
         ids["aspect"], 0)  # warm both processes' queries
    fan, acks = [], []
    for _ in range(args.repeats):
        got = node("fanout", base, ids["small"], args.sockets, args.runs, ids["token"],
                   ids["registration"], ids["aspect"], 0)
        assert got["missed"] == 0, got
        fan.append(got["fanout_ms"]["median"])
        acks.extend(got["acks"])
    return fan, acks


def main() -> None:
    """Create the database, run one then two instances, print the comparison."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--sockets", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--admin-url",
                        default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    name = f"jx_bench_cluster_{os.getpid()}"
    url = args.admin_url.rsplit("/", 1)[0] + f"/{name}"
    _admin(args.admin_url, f"CREATE DATABASE {name}")
    results = {}
    try:
        # All the load comes from one loopback address: lift the per-address limits.
        env = cluster_env(database_url=url, redis_url=args.redis_url,
                          extra={"RATELIMIT_ENABLED": "0",
                                 "SOCKETIO_MAX_CONNECTIONS_PER_ADDRESS": "1000000"})
        upgrade_database(env)
        ids = seed(url, 10, create=False)
        logs = Path(tempfile.mkdtemp(prefix="jx-cluster-bench-"))
        for count in (1, 2):
            ports = [_free_port() for _ in range(count)]
            with Cluster(ports=ports, database_url=url, redis_url=args.redis_url,
                         log_dir=logs, upgrade=False) as cluster:
                fan, acks = measure([i.url for i in cluster.instances], ids, args)
            results[count] = (fan, acks)
            print(f"{count} instance(s): fan-out medians {[round(f, 1) for f in fan]}, ack p50 "
                  f"{_pct(acks, 0.5):.1f} p99 {_pct(acks, 0.99):.1f}", file=sys.stderr)
            time.sleep(1)
    finally:
        _admin(args.admin_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    load = os.getloadavg()
    print(f"\n{os.cpu_count()} cores; load average at the end {load[0]:.2f} {load[1]:.2f} "
          f"{load[2]:.2f}; {args.sockets} spectator sockets, {args.repeats} × {args.runs} pushes")
    print("\n| Deployment | Fan-out median (spread of repeats) | Judge ack p50 / p99 / max |")
    print("|---|---|---|")
    summary = []
    for count, (fan, acks) in results.items():
        label = "1 instance" if count == 1 else "2 instances, spectators split, judge on one"
        print(f"| {label} | {statistics.median(fan):.1f} ms ({min(fan):.1f}–{max(fan):.1f}) | "
              f"{_pct(acks, 0.5):.1f} / {_pct(acks, 0.99):.1f} / {max(acks):.1f} ms |")
        summary.append(f"{count}: fan-out {statistics.median(fan):.1f} ms, "
                       f"ack p99 {_pct(acks, 0.99):.1f} ms")
    print(f"SUMMARY {args.sockets} sockets, PostgreSQL + Redis: " + "; ".join(summary))


if __name__ == "__main__":
    main()
