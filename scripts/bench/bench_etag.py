"""Benchmark: board reads/s of a 1,000-entry project — full gzip bodies and 304 revalidations.

    .venv/bin/python scripts/bench/bench_etag.py [--entries 1000] [--runs 3] [--seconds 5]
        [--connections 16]
    (needs wrk: apt-get install wrk)

Seeds a temporary SQLite file (bench_snapshot.seed), starts the server the production way
(`gunicorn -k gevent -w 1 wsgi:app`) and runs wrk on `GET /api/v1/projects/<id>/standings`
twice per run: asking gzip (200, the body), then asking gzip with the ETag of the first answer
in If-None-Match (304, no body). Bounded in count and time. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_board import _free_port, start_server  # noqa: E402
from bench_snapshot import seed  # noqa: E402


def wrk(url: str, seconds: int, connections: int, headers: list[str]) -> tuple[float, str]:
    """Return (requests/s, latency line) of one bounded wrk run."""
    args = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency"]
    for header in headers:
        args += ["-H", header]
    out = subprocess.run(args + [url], capture_output=True, text=True, timeout=seconds + 30)
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out.stdout).group(1))
    latency = re.search(r"Latency\s+(\S+)", out.stdout)
    statuses = re.search(r"Non-2xx or 3xx responses: (\d+)", out.stdout)
    note = latency.group(1) if latency else "?"
    return rate, note + (f", {statuses.group(1)} non-2xx/3xx" if statuses else "")


def main() -> None:
    """Seed, serve, read full and revalidated, print the table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="jx-etag-bench-")
    url = f"sqlite:///{folder}/bench.sqlite"
    ids = seed(url, [args.entries])
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": url, "SOCKETIO_ASYNC_MODE": "gevent",
           "JX_INSTANCE_PATH": folder, "JX_PUBLIC_READ_SLOTS": "0",
           "RATELIMIT_ENABLED": "0"}  # all the load comes from one address
    server = start_server("wsgi:app", port, env)
    board = f"http://127.0.0.1:{port}/api/v1/projects/{ids[args.entries]}/standings"
    print(f"load average before: {os.getloadavg()}")
    rows: dict[str, list[tuple[float, str]]] = {"200 gzip": [], "304 If-None-Match": []}
    try:
        first = urllib.request.urlopen(urllib.request.Request(
            board, headers={"Accept-Encoding": "gzip"}), timeout=60)
        etag = first.headers.get("ETag")
        for _ in range(args.runs):
            rows["200 gzip"].append(wrk(board, args.seconds, args.connections,
                                        ["Accept-Encoding: gzip"]))
            if etag:
                rows["304 If-None-Match"].append(wrk(
                    board, args.seconds, args.connections,
                    ["Accept-Encoding: gzip", f"If-None-Match: {etag}"]))
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"load average after: {os.getloadavg()}")
    print("| Answer | Reads/s, median (spread) | wrk mean latency of each run |")
    print("|---|---|---|")
    for name, got in rows.items():
        if got:
            rates = [r for r, _ in got]
            print(f"| {name} | {statistics.median(rates):.0f} ({min(rates):.0f}–"
                  f"{max(rates):.0f}) | {', '.join(n for _, n in got)} |")


if __name__ == "__main__":
    main()
