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

Throughput instead of latency (issue #15: one vs two instances, ≥ 1.7× with two):

    .venv/bin/python scripts/bench/bench_cluster.py --throughput [--entries 1000]
        [--seconds 10] [--read-connections 16] [--writers 8] [--repeats 3]
    (needs wrk: apt-get install wrk)

seeds the same database with an --entries board as well (theory marks for every entry) and,
for one then two instances, `repeats` times: snapshot reads/s of that board (gzip), one
`wrk -t1 -c<read-connections>` per instance run simultaneously for --seconds, the 2xx/3xx
answers/s summed (status mix by scripts/bench/wrk_status.lua: `200 stale` = the public read
gate's last built board, which stays on at its default); then judge writes/s: --writers
concurrent judges (`node spectators.js writes`, the three judges' bearer tokens, every
contestant and aspect each may mark on the 20-contestant project) each POSTing marks one after
the other flat out for --seconds, writer i on instance i % n, the stored marks/s counted. Each
instance is warmed first (a board read, 2 s of marks). Prints reads/s and writes/s of both
deployments side by side with the ratio two / one, and a SUMMARY line.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_board import NODE_DIR, ROOT, _free_port, _pct, node, seed  # noqa: E402
from bench_etag import mix, wrk_result, wrk_start  # noqa: E402

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


def _sum(counts: list[dict[str, int]]) -> dict[str, int]:
    total: dict[str, int] = {}
    for count in counts:
        for key, n in count.items():
            total[key] = total.get(key, 0) + n
    return total


def reads(bases: list[str], project: int, args: argparse.Namespace) -> dict[str, Any]:
    """One wrk per instance at once on the board snapshot (gzip); the answers/s summed."""
    runs = [wrk_start(f"{base}/api/v1/projects/{project}/standings", args.seconds,
                      args.read_connections, ["Accept-Encoding: gzip"], threads=1)
            for base in bases]
    got = [wrk_result(run, args.seconds + 30) for run in runs]
    return {"per_s": sum(g["ok_per_s"] for g in got),
            "per_instance": [round(g["ok_per_s"]) for g in got],
            "statuses": _sum([g["statuses"] for g in got]),
            "p99_ms": max(g["p99_ms"] or 0 for g in got)}


def writes(bases: list[str], targets: Path, seconds: float, writers: int) -> dict[str, Any]:
    """--writers judges posting marks flat out for `seconds`, dealt across the instances."""
    return node("writes", ",".join(bases), seconds, writers, targets, timeout=seconds + 120)


def throughput(bases: list[str], ids: dict[str, Any], targets: Path,
               args: argparse.Namespace) -> dict[str, list[dict[str, Any]]]:
    """Warm every instance, then `repeats` × (reads, writes); return the runs."""
    for base in bases:  # the first read builds the board in each process
        urllib.request.urlopen(urllib.request.Request(
            f"{base}/api/v1/projects/{ids['big']}/standings",
            headers={"Accept-Encoding": "gzip"}), timeout=120).read()
    writes(bases, targets, 2, 2 * len(bases))  # warm: every process compiles its queries
    runs: dict[str, list[dict[str, Any]]] = {"reads": [], "writes": []}
    for _ in range(args.repeats):
        runs["reads"].append(reads(bases, ids["big"], args))
        time.sleep(1)
        runs["writes"].append(writes(bases, targets, args.seconds, args.writers))
        time.sleep(1)
        print(f"{len(bases)} instance(s): reads {runs['reads'][-1]['per_s']:.0f}/s "
              f"{runs['reads'][-1]['per_instance']} ({mix(runs['reads'][-1]['statuses'])}); "
              f"writes {runs['writes'][-1]['marks_per_s']:.1f}/s "
              f"{runs['writes'][-1]['statuses']}", file=sys.stderr)
    return runs


def _median(values: list[float]) -> str:
    return f"{statistics.median(values):.0f} ({min(values):.0f}–{max(values):.0f})"


def print_throughput(results: dict[int, dict[str, list[dict[str, Any]]]],
                     args: argparse.Namespace) -> None:
    """Print reads/s and writes/s of both deployments side by side, and the ratio."""
    load = os.getloadavg()
    print(f"\n{os.cpu_count()} cores; load average at the end {load[0]:.2f} {load[1]:.2f} "
          f"{load[2]:.2f}; PostgreSQL + Redis; {args.repeats} repeats of {args.seconds} s each; "
          f"reads: wrk -t1 -c{args.read_connections} per instance on the {args.entries}-entry "
          f"snapshot (gzip), 2xx/3xx answers/s summed; writes: {args.writers} judges posting "
          f"marks one after the other, dealt across the instances")
    print("\n| Deployment | Snapshot reads/s, median (spread) | Per instance (median run) | "
          "Read status mix (all runs) | Judge writes/s, median (spread) | Write ack p50 / p99 "
          "(median run) | Write statuses (all runs) |")
    print("|---|---|---|---|---|---|---|")
    medians = {}
    for count, runs in results.items():
        read_rates = [r["per_s"] for r in runs["reads"]]
        write_rates = [w["marks_per_s"] for w in runs["writes"]]
        medians[count] = (statistics.median(read_rates), statistics.median(write_rates))
        mid_read = sorted(runs["reads"], key=lambda r: r["per_s"])[len(read_rates) // 2]
        mid_write = sorted(runs["writes"], key=lambda w: w["marks_per_s"])[len(write_rates) // 2]
        ack = mid_write["ack_ms"]
        label = "1 instance" if count == 1 else f"{count} instances"
        print(f"| {label} | {_median(read_rates)} | {mid_read['per_instance']} | "
              f"{mix(_sum([r['statuses'] for r in runs['reads']]))} | "
              f"{statistics.median(write_rates):.1f} ({min(write_rates):.1f}–"
              f"{max(write_rates):.1f}) | {ack['median'] or 0:.1f} / {ack['p99'] or 0:.1f} ms | "
              f"{mix(_sum([w['statuses'] for w in runs['writes']]))} |")
    if 1 in medians and 2 in medians and medians[1][0] and medians[1][1]:
        read_ratio = medians[2][0] / medians[1][0]
        write_ratio = medians[2][1] / medians[1][1]
        print(f"| Two / one | ×{read_ratio:.2f} | | | ×{write_ratio:.2f} | | |")
        print(f"SUMMARY throughput two/one (target ≥ 1.7×), PostgreSQL + Redis: reads "
              f"{medians[1][0]:.0f} → {medians[2][0]:.0f}/s (×{read_ratio:.2f}), writes "
              f"{medians[1][1]:.1f} → {medians[2][1]:.1f}/s (×{write_ratio:.2f})")


def main() -> None:
    """Create the database, run one then two instances, print the comparison."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--sockets", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--admin-url",
                        default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--throughput", action="store_true",
                        help="measure snapshot reads/s and judge writes/s instead of fan-out")
    parser.add_argument("--entries", type=int, default=None,
                        help="entries of the read board (1000 with --throughput, else 10)")
    parser.add_argument("--seconds", type=float, default=10.0,
                        help="--throughput: seconds of each read and write run")
    parser.add_argument("--read-connections", type=int, default=16,
                        help="--throughput: wrk connections per instance")
    parser.add_argument("--projects", type=int, default=4,
                        help="judged projects the writers mark (writer i: project i %% P; "
                             "with P a multiple of the instances, a project's judges share one)")
    parser.add_argument("--writers", type=int, default=8,
                        help="--throughput: concurrent judges posting marks, in all")
    args = parser.parse_args()
    # SIGTERM (timeout, kill) unwinds like Ctrl-C: the `finally` blocks stop the servers.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped by SIGTERM"))
    if args.entries is None:
        args.entries = 1000 if args.throughput else 10
    if not (NODE_DIR / "node_modules" / "socket.io-client").exists():
        sys.exit("run `npm install` in scripts/bench/node first")
    if args.throughput and shutil.which("wrk") is None:
        sys.exit("wrk is not installed (apt-get install wrk)")
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
        started = time.perf_counter()
        ids = seed(url, args.entries, create=False, judged=args.projects)
        print(f"seeded in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        logs = Path(tempfile.mkdtemp(prefix="jx-cluster-bench-"))
        targets = logs / "writers.json"
        targets.write_text(json.dumps(ids["writer_groups"]), encoding="utf-8")
        for count in (1, 2):
            ports = [_free_port() for _ in range(count)]
            with Cluster(ports=ports, database_url=url, redis_url=args.redis_url,
                         log_dir=logs, upgrade=False,
                         extra_env={"RATELIMIT_ENABLED": "0",
                                    "SOCKETIO_MAX_CONNECTIONS_PER_ADDRESS": "1000000"}
                         ) as cluster:
                bases = [i.url for i in cluster.instances]
                if args.throughput:
                    results[count] = throughput(bases, ids, targets, args)
                    continue
                fan, acks = measure(bases, ids, args)
            results[count] = (fan, acks)
            print(f"{count} instance(s): fan-out medians {[round(f, 1) for f in fan]}, ack p50 "
                  f"{_pct(acks, 0.5):.1f} p99 {_pct(acks, 0.99):.1f}", file=sys.stderr)
            time.sleep(1)
    finally:
        _admin(args.admin_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    if args.throughput:
        print_throughput(results, args)
        return
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
