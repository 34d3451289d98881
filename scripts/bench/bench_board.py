"""Benchmark: live board fan-out to 100/500/1000 spectator sockets, and snapshot reads/s.

    .venv/bin/python scripts/bench/bench_board.py [--sockets 100 500 1000] [--runs 10]
        [--repeats 3] [--entries 1000] [--read-seconds 10] [--floor]
    (once: cd scripts/bench/node && npm install   — socket.io-client 4.8.4, gitignored)

Builds a temporary SQLite database (WAL) with two projects (the tests' fixture in
tests/judging_setup.py): a 20-contestant one whose judge scores during the fan-out runs, and an
N-entry one (theory marks for every entry, inserted in bulk) for the snapshot reads. Starts the
real server the production way on loopback (`gunicorn -k gevent -w 1 wsgi:app`), then drives it
with the Node script in scripts/bench/node/spectators.js:

- fan-out: S websocket spectators join the board; the judge POSTs a score (bearer token, the
  tablets' fallback path) `runs` times; measured from the moment each POST leaves until the
  LAST spectator has that seq's standings_changed, and the judge's acknowledgement; repeated
  `repeats` times per S (fresh sockets each time); 1000 sockets are also run while the
  snapshot endpoint is read at 200 requests/s;
- reads: the N-entry project's snapshot with 16 keep-alive clients for `read-seconds`, plain
  and gzipped (as browsers ask).

With --floor, scripts/bench/floor_server.py (the raw Flask-SocketIO broadcast of a delta of the
same size, no database) runs beside ours and is timed the same way, its repeats alternating
with ours; a table and a SUMMARY line give ours / floor per socket count.

Three pushes to 10 sockets warm the server first (a fresh process compiles its queries on the
first push). Every loop is bounded in count and time (the Node script gives up after 10 s per push).
Prints a Markdown table for docs/BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
NODE_DIR = ROOT / "scripts" / "bench" / "node"
sys.path.insert(0, str(ROOT))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def seed(url: str, entries: int, *, create: bool = True, judged: int = 1) -> dict[str, object]:
    """Create the schema (unless migrated already) and both projects; return ids, the first
    judge's token, username and password, and every mark the three judges may send.

    With ``judged`` > 1, that many more 20-contestant projects are made for the write runs
    (``writer_groups``: per project, the marks its own three judges may send)."""
    from app import create_app
    from app.config import TestConfig
    from app.extensions import db
    from app.models import ScoreEvent
    from app.models._types import utcnow
    from tests.factories import PASSWORD
    from tests.judging_setup import build_contest

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = url

    app = create_app(Config)
    with app.app_context():
        if create:
            db.drop_all()
            db.create_all()
        small = build_contest(contestants=20)
        big = build_contest(contestants=entries)
        # Theory marks for every entry of the big project (bulk: a seed, not a use case).
        db.session.execute(ScoreEvent.__table__.insert(), [
            {"client_id": str(uuid.uuid4()), "payload_hash": "bench", "judge_id": big.chief.id,
             "registration_id": r.id, "component_id": big.theory.id,
             "value": Decimal(50 + (i * 37) % 50), "reason": "", "server_time": utcnow()}
            for i, r in enumerate(big.registrations)])
        db.session.commit()
        groups = [_writers(small, utcnow())]
        groups += [_writers(build_contest(contestants=20), utcnow()) for _ in range(judged - 1)]
        writers = groups[0]
        return {"small": small.project.id, "big": big.project.id, "token": writers[0]["token"],
                "registration": small.registrations[0].id, "aspect": small.j.id,
                "judge": small.judges[0].username, "password": PASSWORD, "writers": writers,
                "writer_groups": groups}


def _writers(contest: Any, now: Any) -> list[dict[str, Any]]:
    """Return every (judge token, contestant, aspect) a judge may mark on a bench project."""
    from app.services.identity.accounts import issue_api_token

    tokens = [issue_api_token(judge, name="bench", now=now)[1] for judge in contest.judges]
    # Judge 3 is recused from contestant 3 (tests/judging_setup.py).
    return [{"token": tokens[i], "registration_id": r.id, "aspect_id": aspect.id}
            for k, r in enumerate(contest.registrations) for aspect in (contest.j, contest.panel)
            for i in range(len(contest.judges)) if not (i == 2 and k == 2)]


def _pct(values: list[float], q: float) -> float:
    """Return the q-quantile (nearest rank) of the values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * (len(ordered) - 1) + 0.5))]


def node(*args: object, timeout: float = 300) -> dict[str, object]:
    """Run the Node load script and return its JSON line."""
    out = subprocess.run(["node", str(NODE_DIR / "spectators.js"), *map(str, args)],
                         capture_output=True, text=True, timeout=timeout, check=False)
    if out.returncode != 0:
        raise RuntimeError(f"node {args[0]} failed: {out.stderr.strip()}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def start_server(app: str, port: int, env: dict[str, str],
                 chdir: Path = ROOT) -> subprocess.Popen:
    """Start one gunicorn gevent worker on loopback and wait until its port answers."""
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "-k", "gevent", "-w", "1",
         "--no-control-socket", "--worker-connections", "4000", "-b", f"127.0.0.1:{port}",
         "--log-level", "warning", "--timeout", "120", "--chdir", str(chdir), app],
        cwd=ROOT, env=env)
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    return server


def main() -> None:
    """Seed, start the server, run the loads, print the results."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--sockets", type=int, nargs="+", default=[100, 500, 1000])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--read-seconds", type=int, default=10)
    parser.add_argument("--floor", action="store_true",
                        help="also run scripts/bench/floor_server.py (raw Flask-SocketIO "
                             "broadcast of a delta of the same size) beside ours, interleaved")
    args = parser.parse_args()
    if not (NODE_DIR / "node_modules" / "socket.io-client").exists():
        sys.exit("run `npm install` in scripts/bench/node first")
    folder = tempfile.mkdtemp(prefix="jx-board-bench-")
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
    floor = None
    try:
        # Warm up: the first pushes of a fresh process compile its queries (≈90 ms once).
        node("fanout", base, ids["small"], 10, 3, ids["token"], ids["registration"],
             ids["aspect"], 0)
        got = node("fanout", base, ids["small"], 10, 3, ids["token"], ids["registration"],
                   ids["aspect"], 0)
        delta_bytes = got["delta_bytes"]
        if args.floor:
            floor_port = _free_port()
            floor = start_server("floor_server:app", floor_port,
                                 {**os.environ, "JX_FLOOR_BYTES": str(delta_bytes)},
                                 chdir=ROOT / "scripts" / "bench")
            floor_base = f"http://127.0.0.1:{floor_port}"
            node("fanout", floor_base, 0, 10, 3, "-", 0, 0, 0)  # warm
        rows, floors = [], {}
        for count in args.sockets:
            for rate in ([0, 200] if count == max(args.sockets) else [0]):
                fan, acks, low = [], [], []
                for _ in range(args.repeats):
                    got = node("fanout", base, ids["small"], count, args.runs, ids["token"],
                               ids["registration"], ids["aspect"], rate)
                    fan.append(got["fanout_ms"]["median"])
                    acks.extend(got["acks"])
                    assert got["missed"] == 0, got
                    if floor is not None and rate == 0:  # interleaved: same machine state
                        got = node("fanout", floor_base, 0, count, args.runs, "-", 0, 0, 0)
                        assert got["missed"] == 0, got
                        low.append(got["fanout_ms"]["median"])
                rows.append((count, rate, fan, acks))
                if low:
                    floors[count] = low
                    print(f"{count} sockets floor: fan-out medians {[round(f, 1) for f in low]}",
                          file=sys.stderr)
                print(f"{count} sockets, reads {rate}/s: fan-out medians "
                      f"{[round(f, 1) for f in fan]}, ack p50 {_pct(acks, 0.5):.1f} "
                      f"p99 {_pct(acks, 0.99):.1f} max {max(acks):.1f}", file=sys.stderr)
        node("reads", base, ids["big"], 2, 4)  # warm: the first read builds the board
        reads = [node("reads", base, ids["big"], args.read_seconds, 16, *zipped)
                 for zipped in ([], ["gzip"])]
    finally:
        for proc in (server, floor):
            if proc is not None:
                proc.terminate()
                proc.wait(timeout=30)
    print(f"\nMachine: {platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, {platform.platform()}")
    load = os.getloadavg()
    print(f"Load average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print("\n| Spectator sockets | Snapshot reads | Fan-out, median of runs (each run = median "
          "of pushes) | Spread of the run medians | Judge ack p50 / p99 / max (all pushes) |")
    print("|---|---|---|---|---|")
    for count, rate, fan, acks in rows:
        spread = f"{min(fan):.1f}–{max(fan):.1f} ms"
        print(f"| {count} | {rate or '—'}/s | {statistics.median(fan):.1f} ms | {spread} | "
              f"{_pct(acks, 0.5):.1f} / {_pct(acks, 0.99):.1f} / {max(acks):.1f} ms "
              f"({len(acks)}) |")
    if floors:
        print(f"\n| Spectator sockets | Ours, fan-out median (spread) | Raw Flask-SocketIO floor, "
              f"{delta_bytes}-byte delta (spread) | Ours / floor |")
        print("|---|---|---|---|")
        ratios = []
        for count, low in floors.items():
            fan = next(f for c, r, f, _a in rows if c == count and r == 0)
            ours, base_ms = statistics.median(fan), statistics.median(low)
            ratios.append(f"{count} sockets {ours:.1f}/{base_ms:.1f} ms = {ours / base_ms:.2f}")
            print(f"| {count} | {ours:.1f} ms ({min(fan):.1f}–{max(fan):.1f}) | {base_ms:.1f} ms "
                  f"({min(low):.1f}–{max(low):.1f}) | {ours / base_ms:.2f} |")
        print("SUMMARY ours/floor fan-out: " + ", ".join(ratios))
    for read in reads:
        latency = read["latency_ms"]
        print(f"\nSnapshot of a {args.entries}-entry project "
              f"({'gzip, ' if read['gzip'] else ''}{read['body_bytes']} bytes): "
              f"{read['reads_per_s']:.0f} reads/s with 16 keep-alive clients for "
              f"{args.read_seconds} s ({read['errors']} errors; latency median "
              f"{latency['median']:.1f} ms, p99 {latency['p99']:.1f} ms)")


if __name__ == "__main__":
    main()
