"""Benchmark: a judge's acks over Socket.IO and HTTP while readers and spectators load the board.

    .venv/bin/python scripts/bench/bench_staff.py [--readers 200] [--spectators 1000]
        [--marks 200] [--entries 1000] [--seconds 180] [--wrk-threads 2] [--watch small|big]
    (once: cd scripts/bench/node && npm install; and apt-get install wrk)

Issue #15: judge ack p99 ≤ 50 ms over Socket.IO and over the HTTP fallback while 200 clients
read the board flat out and 1,000 spectators are connected, in one run.

Seeds a temporary SQLite file (WAL) as bench_board.py does (a 20-contestant judged project and
an N-entry board with theory marks for every entry), then starts one production instance the
way scripts/serve_cluster.py does (`gunicorn -k gevent -w 1 --worker-connections 5000`,
JX_CONFIG=production, no message queue) with the default public read gate ON
(JX_PUBLIC_READ_SLOTS, JX_PUBLIC_BOARD_TTL unset: the gate is what protects judges). Since all
the load comes from one loopback address, the per-address limits are lifted
(RATELIMIT_ENABLED=0, SOCKETIO_MAX_CONNECTIONS_PER_ADDRESS=1000000).

The judge logs in on the page, opens a Socket.IO websocket, and sends --marks marks over HTTP
(POST /api/v1/scores, bearer token) and as many over Socket.IO (`submit_score`, acked after the
commit), alternating, one at a time, as bench_flood.py does; each ack's round trip is timed.
Two phases, one after the other on the same server:

  baseline  the judge alone;
  loaded    --spectators websocket spectators joined to the judged project's board
            (`node spectators.js hold`, --watch big puts them on the N-entry board instead),
            and `wrk -t2 -c<readers>` reading the N-entry board's snapshot flat out (gzip)
            from before the first mark until the last ack (then stopped with SIGINT).

Reported per phase: p50 / p99 / max of each channel's acks, the judge's statuses, wrk's reads/s
and status mix (200, `200 stale` = the gate's last built board, 503, 304; counted by
scripts/bench/wrk_status.lua) and latency, and the spectators joined, still connected at the
end, and the deltas they received. Bounded: at most --marks per channel and --seconds per
phase (the marks stop at the deadline), wrk and the spectators end with the phase; every
request has a 30 s timeout. Prints a Markdown table and a SUMMARY line.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_board import NODE_DIR, ROOT, _free_port, _pct, seed  # noqa: E402
from bench_etag import mix, wrk_result, wrk_start  # noqa: E402
from bench_flood import judge_socket  # noqa: E402
from flood_attacker import JUDGE_ADDRESS, session_from  # noqa: E402

sys.path.insert(0, str(ROOT / "scripts"))
from serve_cluster import start_instance  # noqa: E402


def judge_marks(base: str, ids: dict[str, Any], count: int, sio: Any, deadline: float
                ) -> dict[str, Any]:
    """Send up to `count` marks over HTTP and as many over Socket.IO, alternating, until
    `deadline` (time.monotonic()); return each channel's round trips (ms) and the statuses."""
    http = session_from(JUDGE_ADDRESS)
    http.headers["Authorization"] = f"Bearer {ids['token']}"
    http_ms: list[float] = []
    sio_ms: list[float] = []
    statuses: Counter[str] = Counter()
    for k in range(count):
        if time.monotonic() > deadline:
            statuses["stopped at the deadline"] += 1
            break
        body = {"client_id": str(uuid.uuid4()), "registration_id": ids["registration"],
                "aspect_id": ids["aspect"], "value": [1, 2, 3][k % 3]}
        start = time.perf_counter()
        try:
            try:
                answer = http.post(f"{base}/api/v1/scores", json=body, timeout=30)
            except requests.ConnectionError:
                # A kept-alive connection gunicorn closed (2 s keep-alive) as the mark left:
                # resend, as a tablet's outbox does (client_id: idempotent); both tries count.
                statuses["http reset, resent"] += 1
                answer = http.post(f"{base}/api/v1/scores", json=body, timeout=30)
            statuses[f"http {answer.status_code}"] += 1
        except requests.RequestException as error:
            statuses[f"http {type(error).__name__}"] += 1
        http_ms.append((time.perf_counter() - start) * 1000)
        body = {**body, "client_id": str(uuid.uuid4()), "value": [3, 2, 1][k % 3]}
        start = time.perf_counter()
        try:
            ack = sio.call("submit_score", body, timeout=30)
            statuses["sio ok" if ack.get("ok") else f"sio refused {ack}"[:60]] += 1
        except Exception as error:  # noqa: BLE001 (a timeout or a lost socket: count it)
            statuses[f"sio {type(error).__name__}"] += 1
        sio_ms.append((time.perf_counter() - start) * 1000)
    return {"http": http_ms, "sio": sio_ms, "statuses": dict(statuses)}


class Spectators:
    """`node spectators.js hold` in the background: N sockets joined to a board."""

    def __init__(self, base: str, project: int, count: int, seconds: float) -> None:
        self.process = subprocess.Popen(
            ["node", str(NODE_DIR / "spectators.js"), "hold", base, str(project), str(count),
             str(int(seconds))], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True)
        self.lines: list[dict[str, Any]] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            try:
                self.lines.append(json.loads(line))
            except ValueError:
                continue

    def ready(self, timeout: float = 90) -> dict[str, Any]:
        """Wait until every socket joined (or the script gave up); return its ready line."""
        until = time.monotonic() + timeout
        while time.monotonic() < until:
            for line in self.lines:
                if line.get("event") == "ready":
                    return line
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        raise RuntimeError(f"spectators not ready: {self.process.stderr.read()[-2000:]}"
                           if self.process.poll() is not None else "spectators not ready")

    def finish(self, timeout: float = 30) -> dict[str, Any]:
        """End the hold (SIGTERM) and return the script's final line."""
        if self.process.poll() is None:
            self.process.terminate()
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self._reader.join(5)
        done = [line for line in self.lines if line.get("event") == "done"]
        return done[-1] if done else {}


def phase(name: str, base: str, ids: dict[str, Any], sio: Any, args: argparse.Namespace
          ) -> dict[str, Any]:
    """Run one phase; with load, spectators and wrk run from before the first mark to the last."""
    loaded = name != "baseline"
    spectators = reader = None
    row: dict[str, Any] = {"name": name, "spectators": {}, "reads": {}}
    try:
        if loaded and args.spectators:
            watched = ids["small"] if args.watch == "small" else ids["big"]
            spectators = Spectators(base, watched, args.spectators, args.seconds + 120)
            row["spectators"]["ready"] = spectators.ready()
            print(f"{name}: spectators {row['spectators']['ready']}", file=sys.stderr)
        if loaded and args.readers:
            board = f"{base}/api/v1/projects/{ids['big']}/standings"
            reader = wrk_start(board, args.seconds + 60, args.readers, ["Accept-Encoding: gzip"],
                               threads=args.wrk_threads)
            time.sleep(2)  # the readers at full speed before the first mark
            if reader.poll() is not None:
                raise RuntimeError(f"wrk exited: {reader.communicate()}")
        began = time.monotonic()
        print(f"{name}: the judge starts", file=sys.stderr)
        row.update(judge_marks(base, ids, args.marks, sio, began + args.seconds))
        row["judge_seconds"] = time.monotonic() - began
    finally:
        try:
            if reader is not None:
                row["reads"] = wrk_result(reader, 30, stop=True)
        finally:
            if spectators is not None:
                row["spectators"]["done"] = spectators.finish()
    return row


def _triple(values: list[float]) -> str:
    if not values:
        return "—"
    return f"{_pct(values, 0.5):.1f} / {_pct(values, 0.99):.1f} / {max(values):.1f}"


def main() -> None:
    """Seed, start one production instance, run the baseline then the loaded phase, report."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--readers", type=int, default=200, help="wrk connections")
    parser.add_argument("--spectators", type=int, default=1000)
    parser.add_argument("--marks", type=int, default=200,
                        help="marks per channel (HTTP and as many over Socket.IO)")
    parser.add_argument("--entries", type=int, default=1000, help="entries of the read board")
    parser.add_argument("--seconds", type=float, default=180.0,
                        help="bound on each phase's marks (they stop at this deadline)")
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--watch", choices=("small", "big"), default="small",
                        help="the board the spectators join: the judged one (small) or the "
                             "read one (big)")
    args = parser.parse_args()
    # SIGTERM (timeout, kill) unwinds like Ctrl-C: the `finally` blocks stop the servers.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped by SIGTERM"))
    if not (NODE_DIR / "node_modules" / "socket.io-client").exists():
        sys.exit("run `npm install` in scripts/bench/node first")
    if args.readers and shutil.which("wrk") is None:
        sys.exit("wrk is not installed (apt-get install wrk)")
    folder = tempfile.mkdtemp(prefix="jx-staff-bench-")
    url = f"sqlite:///{folder}/bench.sqlite"
    started = time.perf_counter()
    ids = seed(url, args.entries)
    print(f"seeded in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    env = {**os.environ, "JX_CONFIG": "production", "DATABASE_URL": url,
           "SECRET_KEY": secrets.token_urlsafe(32), "SESSION_COOKIE_SECURE": "0",
           "JX_INSTANCE_PATH": folder, "JX_TRUSTED_PROXIES": "0", "RATELIMIT_ENABLED": "0",
           "SOCKETIO_MAX_CONNECTIONS_PER_ADDRESS": "1000000", "PYTHONUNBUFFERED": "1"}
    for key in ("SOCKETIO_MESSAGE_QUEUE", "RATELIMIT_STORAGE_URI", "SOCKETIO_ASYNC_MODE",
                "JX_PUBLIC_READ_SLOTS", "JX_PUBLIC_BOARD_TTL"):
        env.pop(key, None)  # the defaults: the gate on
    instance = start_instance(_free_port(), env, Path(folder) / "gunicorn.log")
    rows = []
    load_start = os.getloadavg()
    try:
        instance.wait_healthy(60)
        base = instance.url
        sio = judge_socket(base, ids)
        judge_marks(base, ids, 10, sio, time.monotonic() + 60)  # warm: queries compile
        urllib.request.urlopen(urllib.request.Request(  # warm: the first read builds the board
            f"{base}/api/v1/projects/{ids['big']}/standings",
            headers={"Accept-Encoding": "gzip"}), timeout=60).read()
        for name in ("baseline", "loaded"):
            row = phase(name, base, ids, sio, args)
            rows.append(row)
            reads = row["reads"]
            print(f"{name}: HTTP {_triple(row['http'])} ms, Socket.IO {_triple(row['sio'])} ms, "
                  f"judge {row['statuses']}"
                  + (f", reads {reads['requests_per_s']:.0f}/s ({mix(reads['statuses'])})"
                     if reads else ""), file=sys.stderr)
            time.sleep(1)
        sio.disconnect()
    finally:
        instance.stop()
    load = os.getloadavg()
    print(f"\n{os.cpu_count()} cores; load average {load_start[0]:.2f} at the start, "
          f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f} at the end; one production instance "
          f"(gevent, SQLite WAL), public read gate on (defaults); {args.marks} marks per channel "
          f"per phase, alternating; readers: wrk -t{args.wrk_threads} -c{args.readers} on the "
          f"{args.entries}-entry snapshot (gzip); spectators on the "
          f"{'judged' if args.watch == 'small' else 'read'} board")
    print("\n| Phase | Judge HTTP ack p50 / p99 / max | Judge Socket.IO ack p50 / p99 / max | "
          "Judge statuses | Reads/s (wrk), p50 / p99 latency | Read status mix | "
          "Spectators joined / connected at end, deltas received |")
    print("|---|---|---|---|---|---|---|")
    summary = []
    for row in rows:
        reads, held = row["reads"], row["spectators"]
        # wrk stopped by SIGINT mid-run may print no latency distribution: show "?" then.
        read_cell = (f"{reads['requests_per_s']:.0f}/s, {_ms_or_unknown(reads['p50_ms'])} / "
                     f"{_ms_or_unknown(reads['p99_ms'])}" if reads else "—")
        done = held.get("done", {})
        spect_cell = (f"{done.get('joined', held.get('ready', {}).get('joined'))} / "
                      f"{done.get('connected_at_end', '?')}, {done.get('deltas_received', '?')}"
                      if held else "—")
        label = ("baseline (judge alone)" if row["name"] == "baseline" else
                 f"{args.readers} readers + {args.spectators} spectators")
        print(f"| {label} | {_triple(row['http'])} ms ({len(row['http'])}) | "
              f"{_triple(row['sio'])} ms ({len(row['sio'])}) | {row['statuses']} | {read_cell} | "
              f"{mix(reads['statuses']) if reads else '—'} | {spect_cell} |")
        part = (f"{row['name']}: HTTP p99 {_pct(row['http'], 0.99):.1f} ms, Socket.IO p99 "
                f"{_pct(row['sio'], 0.99):.1f} ms" if row["http"] and row["sio"] else
                f"{row['name']}: no marks")
        if reads:
            part += f", reads {reads['requests_per_s']:.0f}/s"
        if held:
            part += f", spectators {done.get('connected_at_end', '?')}/{args.spectators}"
        summary.append(part)
    print(f"SUMMARY judge ack (target p99 ≤ 50 ms): {'; '.join(summary)}")


def _ms_or_unknown(value: float | None) -> str:
    return "?" if value is None else f"{value:.1f} ms"


if __name__ == "__main__":
    main()
