"""Benchmark: board reads/s of a 1,000-entry project — full gzip bodies and 304 revalidations.

    .venv/bin/python scripts/bench/bench_etag.py [--entries 1000] [--runs 3] [--seconds 5]
        [--connections 16] [--nginx [--nginx-workers 1] [--cache-private]]
    (needs wrk: apt-get install wrk; with --nginx, an nginx binary: apt-get install nginx)

Seeds a temporary SQLite file (bench_snapshot.seed), starts the server the production way
(`gunicorn -k gevent -w 1 wsgi:app`, the public read gate off: JX_PUBLIC_READ_SLOTS=0) and
runs wrk on `GET /api/v1/projects/<id>/standings` twice per run: asking gzip (200, the body),
then asking gzip with the ETag of the first answer in If-None-Match (304, no body).

With --nginx, nginx also runs in front of the same gunicorn on loopback, with a config derived
from deploy/nginx.conf (both upstream pools pointed at the one gunicorn port, plain HTTP on a
free loopback port instead of 443, the per-address connection limit lifted since all load
comes from 127.0.0.1, temp, cache, pid and log paths in a temporary directory, an
`X-Cache-Status` header added so the status mix shows HIT / MISS / BYPASS / UPDATING). It runs
as the current user (`nginx -p <tmp> -c <tmp>/nginx.conf -e <tmp>/error.log`, `daemon off`, a
child process, stopped at the end). Each run then measures the two answers direct and through
nginx, interleaved. The deploy config's microcache honors the app's Cache-Control (the app
answers anonymous readers `public, max-age=1`). --cache-private adds
`proxy_ignore_headers Cache-Control` in the bench config only, to measure code that still
answers `private` as if it did not (without it, nginx stores nothing, and since a cached
location never forwards If-None-Match, the revalidations come back as full 200s).

The rate limits are off (RATELIMIT_ENABLED=0: all the load comes from one address, which
otherwise gets 429s).

Bounded in count and time (each wrk run is --seconds; nginx and gunicorn are stopped in a
`finally`). Prints a Markdown table and a SUMMARY line; the status mix of every run comes from
scripts/bench/wrk_status.lua.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_board import ROOT, _free_port, start_server  # noqa: E402
from bench_snapshot import seed  # noqa: E402

WRK_STATUS = Path(__file__).resolve().parent / "wrk_status.lua"
NGINX_CONF = ROOT / "deploy" / "nginx.conf"
_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


# --- wrk ---

def wrk_start(url: str, seconds: float, connections: int, headers: list[str] | tuple = (),
              threads: int = 2) -> subprocess.Popen:
    """Start one wrk run (status counts by scripts/bench/wrk_status.lua); see wrk_result."""
    args = ["wrk", f"-t{min(threads, connections)}", f"-c{connections}",
            f"-d{max(1, round(seconds))}s", "--latency", "--timeout", "10s", "-s", str(WRK_STATUS)]
    for header in headers:
        args += ["-H", header]
    return subprocess.Popen(args + [url], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNITS[unit]


def wrk_result(process: subprocess.Popen, timeout: float, stop: bool = False) -> dict[str, Any]:
    """Wait for a wrk run (SIGINT first when `stop`: wrk then reports what it did so far).

    Returns requests/s (all answers), ok/s (2xx and 3xx), the counts by status, latency p50 /
    p99 in ms, the requests and the seconds."""
    if stop and process.poll() is None:
        process.send_signal(signal.SIGINT)
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
    done = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m)", out)
    if done is None:
        raise RuntimeError(f"wrk failed: {out}{err}")
    requests, seconds = int(done.group(1)), _ms(done.group(2) + done.group(3)) / 1000
    non_ok = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    bad = int(non_ok.group(1)) if non_ok else 0
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
                       out)
    status = re.search(r"^STATUS (\{.*\})$", out, re.M)
    latency = {q: _ms(v) for q, v in re.findall(r"^\s+(50|99)\.?0*%\s+(\S+)\s*$", out, re.M)}
    if len(latency) < 2:
        print(f"wrk: no latency distribution in:\n{out}", file=sys.stderr)
    return {"requests": requests, "seconds": seconds,
            "requests_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "ok_per_s": (requests - bad) / seconds if seconds else 0.0,
            "statuses": json.loads(status.group(1)) if status else {},
            "socket_errors": sum(map(int, errors.groups())) if errors else 0,
            "p50_ms": latency.get("50"), "p99_ms": latency.get("99")}


def run_wrk(url: str, seconds: float, connections: int, headers: list[str] | tuple = (),
            threads: int = 2) -> dict[str, Any]:
    """Run wrk for `seconds` and return wrk_result's summary."""
    return wrk_result(wrk_start(url, seconds, connections, headers, threads), seconds + 30)


def mix(statuses: dict[str, int]) -> str:
    """Return a status mix as `200: n, 503: n` (largest first)."""
    return ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items(), key=lambda kv: -kv[1]))


# --- nginx ---

def nginx_conf(folder: Path, port: int, upstream: int, *, workers: int = 1,
               cache_private: bool = False, lift_limits: bool = True) -> Path:
    """Write a runnable config derived from deploy/nginx.conf; return its path."""
    conf = NGINX_CONF.read_text(encoding="utf-8")
    # The HTTP→HTTPS redirect server goes; the main server listens plainly on loopback.
    conf = re.sub(r"server \{\s*listen 80;.*?\n\}\n", "", conf, count=1, flags=re.S)
    conf = re.sub(r"listen 443 ssl[^;]*;", f"listen 127.0.0.1:{port};", conf, count=1)
    conf = re.sub(r"^\s*ssl_certificate(_key)?\s[^;]*;\n", "", conf, flags=re.M)
    # Both pools: the one gunicorn (ip_hash over one server).
    conf = re.sub(r"(upstream \w+ \{\n)(.*?)(\n\})", lambda m: m.group(1) + re.sub(
        r"(\s*server [^;]*;\n?)+", f"\n    server 127.0.0.1:{upstream};\n",
        m.group(2), count=1) + m.group(3), conf, flags=re.S)
    if lift_limits:  # all the load comes from one address: lift the per-address limit
        conf = re.sub(r"limit_conn jx_spectators \d+;", "limit_conn jx_spectators 60000;", conf)
    conf = re.sub(r"proxy_cache_path /\S+", f"proxy_cache_path {folder}/cache", conf)
    conf = conf.replace("/srv/jiangxin/static/", f"{ROOT}/static/")
    if "proxy_cache " not in conf:
        print("warning: deploy/nginx.conf has no proxy_cache: nginx only proxies",
              file=sys.stderr)
    # Server level: inherited by every location without add_header of its own.
    conf = conf.replace('    add_header X-Frame-Options "DENY" always;',
                        '    add_header X-Frame-Options "DENY" always;\n'
                        '    add_header X-Cache-Status $upstream_cache_status always;', 1)
    if cache_private:
        conf = conf.replace("        proxy_cache_valid 200 1s;",
                            "        proxy_ignore_headers Cache-Control Expires;\n"
                            "        proxy_cache_valid 200 1s;", 1)
    (folder / "jiangxin.conf").write_text(conf, encoding="utf-8")
    temp = " ".join(f"{kind}_temp_path {folder}/{kind};" for kind in
                    ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    user = ""
    if os.geteuid() == 0:  # root's workers would switch to nobody: keep them as this user
        user = "user root root;\n"
    main = (f"{user}daemon off;\nworker_processes {workers};\npid {folder}/nginx.pid;\n"
            f"error_log {folder}/error.log warn;\n"
            f"events {{ worker_connections 4096; }}\n"
            f"http {{ access_log off; {temp} include {folder}/jiangxin.conf; }}\n")
    path = folder / "nginx.conf"
    path.write_text(main, encoding="utf-8")
    return path


def start_nginx(folder: Path, port: int, upstream: int, **options: Any) -> subprocess.Popen:
    """Check and start nginx in the foreground as a child; wait until its port answers."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    conf = nginx_conf(folder, port, upstream, **options)
    command = [binary, "-p", str(folder), "-c", str(conf), "-e", str(folder / "error.log")]
    checked = subprocess.run(command + ["-t"], capture_output=True, text=True, timeout=60,
                             check=False)
    if checked.returncode != 0:
        raise RuntimeError(f"nginx -t failed:\n{checked.stderr}")
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL)
    for _ in range(100):
        if process.poll() is not None:
            raise RuntimeError(f"nginx exited: {(folder / 'error.log').read_text()[-2000:]}")
        with contextlib.suppress(OSError):
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process
        time.sleep(0.1)
    process.kill()
    raise RuntimeError("nginx did not open its port within 10 s")


def stop(process: subprocess.Popen | None) -> None:
    """Stop a child (SIGTERM, then SIGKILL after 15 s: gunicorn's graceful stop can take 30)."""
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


def main() -> None:
    """Seed, serve (and proxy), read full and revalidated, print the table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--nginx", action="store_true",
                        help="also read through nginx (config derived from deploy/nginx.conf)")
    parser.add_argument("--nginx-workers", type=int, default=1)
    parser.add_argument("--cache-private", action="store_true",
                        help="bench config only: let nginx store the app's private answers")
    args = parser.parse_args()
    # SIGTERM (timeout, kill) unwinds like Ctrl-C: the `finally` blocks stop the servers.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped by SIGTERM"))
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed (apt-get install wrk)")
    folder = tempfile.mkdtemp(prefix="jx-etag-bench-")
    url = f"sqlite:///{folder}/bench.sqlite"
    ids = seed(url, [args.entries])
    port = _free_port()
    # All the load comes from one loopback address: lift the per-address limits (else 429s).
    env = {**os.environ, "DATABASE_URL": url, "SOCKETIO_ASYNC_MODE": "gevent",
           "JX_INSTANCE_PATH": folder, "JX_PUBLIC_READ_SLOTS": "0", "RATELIMIT_ENABLED": "0"}
    server = start_server("wsgi:app", port, env)
    path = f"/api/v1/projects/{ids[args.entries]}/standings"
    targets = {"direct": f"http://127.0.0.1:{port}{path}"}
    proxy = None
    print(f"load average before: {os.getloadavg()}")
    rows: dict[tuple[str, str], list[dict[str, Any]]] = {}
    try:
        if args.nginx:
            nginx_dir = Path(tempfile.mkdtemp(prefix="jx-etag-nginx-"))
            nginx_port = _free_port()
            proxy = start_nginx(nginx_dir, nginx_port, port, workers=args.nginx_workers,
                                cache_private=args.cache_private)
            targets["nginx"] = f"http://127.0.0.1:{nginx_port}{path}"
        etags = {}
        for name, board in targets.items():
            first = urllib.request.urlopen(urllib.request.Request(
                board, headers={"Accept-Encoding": "gzip"}), timeout=60)
            etags[name] = first.headers.get("ETag")
            print(f"{name}: {first.status}, ETag {etags[name]}, Cache-Control "
                  f"{first.headers.get('Cache-Control')}, X-Cache-Status "
                  f"{first.headers.get('X-Cache-Status', '—')}", file=sys.stderr)
        for _ in range(args.runs):
            for name, board in targets.items():  # interleaved: same machine state
                answers = [("200 gzip", ["Accept-Encoding: gzip"])]
                if etags[name]:
                    answers.append(("304 If-None-Match",
                                    ["Accept-Encoding: gzip", f"If-None-Match: {etags[name]}"]))
                for answer, headers in answers:
                    got = run_wrk(board, args.seconds, args.connections, headers)
                    rows.setdefault((name, answer), []).append(got)
                    print(f"{name} {answer}: {got['requests_per_s']:.0f}/s "
                          f"({mix(got['statuses'])})", file=sys.stderr)
    finally:
        stop(proxy)
        stop(server)
    print(f"load average after: {os.getloadavg()}")
    print(f"\n{os.cpu_count()} cores; {args.entries}-entry board; wrk -t2 -c{args.connections} "
          f"-d{args.seconds}s × {args.runs} runs per row"
          + (f"; nginx {args.nginx_workers} worker(s)"
             + (", --cache-private" if args.cache_private else "") if args.nginx else ""))
    print("\n| Path | Answer | Reads/s, median (spread) | 2xx+3xx/s, median | Latency p50 / p99 "
          "(median run) | Status mix (all runs) |")
    print("|---|---|---|---|---|---|")
    summary = []
    for (name, answer), got in rows.items():
        rates = [g["requests_per_s"] for g in got]
        middle = sorted(got, key=lambda g: g["requests_per_s"])[len(got) // 2]
        statuses: dict[str, int] = {}
        for g in got:
            for key, count in g["statuses"].items():
                statuses[key] = statuses.get(key, 0) + count
        print(f"| {name} | {answer} | {statistics.median(rates):.0f} ({min(rates):.0f}–"
              f"{max(rates):.0f}) | {statistics.median(g['ok_per_s'] for g in got):.0f} | "
              f"{middle['p50_ms'] or 0:.2f} / {middle['p99_ms'] or 0:.2f} ms | {mix(statuses)} |")
        summary.append(f"{name} {answer.split()[0]} {statistics.median(rates):.0f}/s")
    print("SUMMARY reads/s: " + ", ".join(summary))


if __name__ == "__main__":
    main()
