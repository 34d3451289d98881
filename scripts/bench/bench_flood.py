"""Benchmark: a judge's score round trip while another address floods sockets or the log-in.

    .venv/bin/python scripts/bench/bench_flood.py [--scores 200] [--socket-attempts 2000]
        [--login-attempts 2000] [--seconds 60] [--kinds baseline,sockets,login,login-spread]
        [--spread-addresses 64] [--postgres [--admin-url …] [--redis-url …]] [--nginx]

Seeds a 20-contestant project (tests/judging_setup.py) and an administrator into a temporary
SQLite file, then starts one production instance the way scripts/serve_cluster.py does
(gunicorn -k gevent -w 1 --no-control-socket, JX_CONFIG=production, rate limits on, the
default per-address limits, JX_TRUSTED_PROXIES=0 so the address is the socket's). The judge
talks from 127.0.0.1; the attacker, a separate process, binds every client socket to
127.0.0.2. Scenarios, one after the other on the same server:

  baseline  no attacker;
  sockets   anonymous Socket.IO connections (Engine.IO polling handshake + CONNECT) as fast
            as it can, holding the admitted ones open, up to --socket-attempts, then closing;
  login     wrong passwords for the judge and the administrator on POST /auth/login (with a
            real CSRF token) and POST /api/v1/auth/token, alternately, up to --login-attempts;
  login-spread  the same with unknown usernames from --spread-addresses loopback addresses
            in turn (127.0.1.1…) and 16 threads, so the per-address limit lets each address's
            10 a minute reach a password hash, 16 at a time.

During each the judge sends --scores marks sequentially over HTTP (POST /api/v1/scores,
bearer token), each followed by one over Socket.IO (`submit_score`, acked after the commit, on
the websocket the judge opened after logging in on the page; staff sockets are never counted),
and the round trips' p50 / p99 / max are recorded. After the log-in flood the judge logs in
with the right password from 127.0.0.1 (waiting out a per-account Retry-After once, if any).
With --postgres the same runs on the scaled deployment's stores: a throwaway PostgreSQL
database (created and dropped here) and Redis as the Socket.IO queue and the limiter's storage.
With --nginx both go through nginx run from deploy/nginx.conf (bench_etag.start_nginx, its
per-address limits kept), as the deployment of docs/DEPLOY.md does.
Bounded in count and time (--seconds per scenario); prints a Markdown table and SUMMARY.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import re
import secrets
import socket
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "scripts" / "bench"))
from flood_attacker import CSRF, JUDGE_ADDRESS, attacker, session_from  # noqa: E402
from serve_cluster import start_instance  # noqa: E402


def seed(url: str) -> dict[str, Any]:
    """Create the schema, the project, an administrator and the judge's API token."""
    from app import create_app
    from app.config import TestConfig
    from app.extensions import db
    from app.models._types import utcnow
    from app.services.identity.accounts import issue_api_token
    from tests.factories import PASSWORD, create_user
    from tests.judging_setup import build_contest

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = url

    app = create_app(Config)
    with app.app_context():
        db.drop_all()
        db.create_all()
        contest = build_contest(contestants=20)
        admin = create_user("ADMIN", username="bench-admin")
        judge = contest.judges[0]
        _token, plain = issue_api_token(judge, name="bench", now=utcnow())
        return {"token": plain, "judge": judge.username, "admin": admin.username,
                "password": PASSWORD, "registration": contest.registrations[0].id,
                "aspect": contest.j.id}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * (len(ordered) - 1) + 0.5))]


# --- the judge ---

def judge_socket(base: str, ids: dict[str, Any]) -> Any:
    """Log the judge in on the page and open their Socket.IO websocket (staff: never counted)."""
    import socketio

    http = session_from(JUDGE_ADDRESS)
    found = CSRF.search(http.get(f"{base}/auth/login", timeout=10).text)
    answer = http.post(f"{base}/auth/login", allow_redirects=False, timeout=10, data={
        "csrf_token": (found.group(1) or found.group(2)) if found else "",
        "username": ids["judge"], "password": ids["password"], "next": ""})
    if answer.status_code not in (302, 303):
        raise RuntimeError(f"the judge could not log in: {answer.status_code}")
    client = socketio.Client()
    cookie = "; ".join(f"{c.name}={c.value}" for c in http.cookies)
    client.connect(base, headers={"Cookie": cookie}, transports=["websocket"], wait_timeout=10)
    return client


def judge_scores(base: str, ids: dict[str, Any], count: int, sio: Any = None
                 ) -> tuple[list[float], Counter[Any], list[float]]:
    """Send `count` marks over HTTP (and as many over Socket.IO, alternating, when given)."""
    http = session_from(JUDGE_ADDRESS)
    http.headers["Authorization"] = f"Bearer {ids['token']}"
    times, statuses, sio_times = [], Counter[Any](), []
    for k in range(count):
        body = {"client_id": str(uuid.uuid4()), "registration_id": ids["registration"],
                "aspect_id": ids["aspect"], "value": [1, 2, 3][k % 3]}
        start = time.perf_counter()
        try:
            answer = http.post(f"{base}/api/v1/scores", json=body, timeout=30)
        except requests.ConnectionError:
            # A kept-alive connection the server closed (gunicorn's 2 s keep-alive, after a slow
            # Socket.IO mark) as the mark went out: send it again, as a tablet's outbox does
            # (the client_id makes it idempotent); the time counts both tries.
            statuses["reset, resent"] += 1
            answer = http.post(f"{base}/api/v1/scores", json=body, timeout=30)
        times.append((time.perf_counter() - start) * 1000)
        statuses[answer.status_code] += 1
        if sio is not None:
            body = {**body, "client_id": str(uuid.uuid4()), "value": [3, 2, 1][k % 3]}
            start = time.perf_counter()
            ack = sio.call("submit_score", body, timeout=30)
            sio_times.append((time.perf_counter() - start) * 1000)
            statuses["sio ok" if ack.get("ok") else "sio refused"] += 1
    return times, statuses, sio_times


def judge_login(base: str, ids: dict[str, Any]) -> str:
    """Log in with the right password from the judge's address; describe what happened."""
    notes = []
    for attempt in range(2):
        http = session_from(JUDGE_ADDRESS)
        page = http.get(f"{base}/auth/login", timeout=10)
        found = CSRF.search(page.text)
        token = (found.group(1) or found.group(2)) if found else ""
        answer = http.post(f"{base}/auth/login", allow_redirects=False, timeout=10,
                           data={"csrf_token": token, "username": ids["judge"],
                                 "password": ids["password"], "next": ""})
        if answer.status_code in (302, 303):
            notes.append(f"logged in ({answer.status_code})"
                         + (" after the wait" if attempt else " at once"))
            return "; ".join(notes)
        wait = int(answer.headers.get("Retry-After", "0") or 0)
        why = re.search(r"(Too many[^<]*|[^>]*log-in[^<]*)", answer.text)
        notes.append(f"{answer.status_code}, Retry-After {wait} s"
                     + (f" ({why.group(1).strip()[:90]})" if why else ""))
        if answer.status_code != 429 or wait > 60:
            break
        time.sleep(wait + 0.5)
    return "; ".join(notes) + " — NOT logged in"


def run(kind: str, base: str, ids: dict[str, Any], args: argparse.Namespace, sio: Any
        ) -> dict[str, Any]:
    """Run one scenario: the judge's marks, with the attacker flooding alongside unless baseline."""
    process = None
    ctx = mp.get_context("spawn")
    stop, ready, results = ctx.Event(), ctx.Event(), ctx.Queue()
    if kind != "baseline":
        attempts = args.socket_attempts if kind == "sockets" else args.login_attempts
        process = ctx.Process(target=attacker, args=(
            kind, base, attempts, args.seconds, [ids["judge"], ids["admin"]], ready, stop,
            results, args.spread_addresses))
        process.start()
        ready.wait(30)
        time.sleep(0.5)  # let the flood get going before the first mark
    began = time.monotonic()
    times, statuses, sio_times = judge_scores(base, ids, args.scores, sio)
    judged = time.monotonic() - began
    stop.set()
    flood: dict[str, int] = {}
    took = 0.0
    if process is not None:
        flood, took = results.get(timeout=args.seconds + 60)
        process.join(30)
    row = {"kind": kind, "times": times, "sio_times": sio_times, "statuses": dict(statuses),
           "flood": flood, "flood_seconds": took, "judge_seconds": judged}
    if kind.startswith("login"):
        row["login"] = judge_login(base, ids)
    return row


def _cell(rows: list[dict[str, Any]], q: float, key: str = "times") -> str:
    """Return the median over repeats of the q-quantile, with the spread of the repeats."""
    values = sorted(_pct(row[key], q) for row in rows)
    return f"{statistics.median(values):.1f} ({values[0]:.1f}–{values[-1]:.1f})"


def _flood_cell(rows: list[dict[str, Any]]) -> str:
    """Return the attacker's outcomes summed over repeats, and its time per repeat."""
    total: Counter[str] = Counter()
    for row in rows:
        total.update(row["flood"])
    if not total:
        return "—"
    seconds = ", ".join(f"{row['flood_seconds']:.0f}" for row in rows)
    return ", ".join(f"{k}: {v}" for k, v in sorted(total.items())) + f" (in {seconds} s)"


def main() -> None:
    """Seed, start one production instance, run the scenarios `repeats` times, print a table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--scores", type=int, default=200)
    parser.add_argument("--socket-attempts", type=int, default=2000)
    parser.add_argument("--login-attempts", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--kinds", default="baseline,sockets,login,login-spread",
                        help="scenarios to run, comma-separated, in this order each repeat")
    parser.add_argument("--spread-addresses", type=int, default=64)
    parser.add_argument("--postgres", action="store_true",
                        help="the scaled deployment's stores: a throwaway PostgreSQL database "
                             "and Redis for the Socket.IO queue and the rate-limit counts")
    parser.add_argument("--admin-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--nginx", action="store_true",
                        help="judge and attacker go through nginx with deploy/nginx.conf's "
                             "limits (the app trusts its X-Forwarded-For)")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="jx-flood-")
    url = f"sqlite:///{folder}/bench.sqlite"
    database = f"jx_bench_flood_{os.getpid()}"
    if args.postgres:
        _admin(args.admin_url, f"CREATE DATABASE {database}")
        url = "postgresql+psycopg://" + args.admin_url.split("://", 1)[1].rsplit("/", 1)[0] + (
            f"/{database}")
    try:
        _main(args, folder, url)
    finally:
        if args.postgres:
            _admin(args.admin_url, f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")


def _admin(admin_url: str, sql: str) -> None:
    """Run one statement on the server's maintenance database (autocommit)."""
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql)


def _main(args: argparse.Namespace, folder: str, url: str) -> None:
    ids = seed(url)
    env = {**os.environ, "JX_CONFIG": "production", "DATABASE_URL": url,
           "SECRET_KEY": secrets.token_urlsafe(32), "SESSION_COOKIE_SECURE": "0",
           "JX_INSTANCE_PATH": folder, "JX_TRUSTED_PROXIES": "0", "RATELIMIT_ENABLED": "1",
           "PYTHONUNBUFFERED": "1"}
    for key in ("SOCKETIO_MESSAGE_QUEUE", "RATELIMIT_STORAGE_URI", "SOCKETIO_ASYNC_MODE",
                "SOCKETIO_MAX_CONNECTIONS_PER_ADDRESS", "RATELIMIT_LOGIN"):
        env.pop(key, None)
    if args.postgres:
        env["SOCKETIO_MESSAGE_QUEUE"] = env["RATELIMIT_STORAGE_URI"] = args.redis_url
    if args.nginx:
        env["JX_TRUSTED_PROXIES"] = "1"  # the client's address comes from nginx's header
    port = _free_port()
    instance = start_instance(port, env, Path(folder) / "gunicorn.log")
    proxy = None
    kinds = tuple(kind for kind in args.kinds.split(",") if kind)
    rows: dict[str, list[dict[str, Any]]] = {kind: [] for kind in kinds}
    logins = []
    load_start = os.getloadavg()
    try:
        instance.wait_healthy(60)
        base = instance.url
        if args.nginx:
            from bench_etag import start_nginx

            nginx_port = _free_port()
            proxy = start_nginx(Path(tempfile.mkdtemp(prefix="jx-flood-nginx-")), nginx_port,
                                port, lift_limits=False)
            base = f"http://127.0.0.1:{nginx_port}"
        sio = judge_socket(base, ids)
        judge_scores(base, ids, 10, sio)  # warm up: the first requests compile queries
        for _repeat in range(args.repeats):
            for kind in kinds:  # interleaved: a busy machine's drift hits every scenario
                row = run(kind, base, ids, args, sio)
                rows[kind].append(row)
                if "login" in row:
                    logins.append(row["login"])
                print(f"{kind}: p50 {_pct(row['times'], 0.5):.1f} p99 "
                      f"{_pct(row['times'], 0.99):.1f} max {max(row['times']):.1f} ms; sio p50 "
                      f"{_pct(row['sio_times'], 0.5):.1f} p99 {_pct(row['sio_times'], 0.99):.1f}; "
                      f"judge {row['statuses']}; attacker {row['flood']}", file=sys.stderr)
                time.sleep(1)
        sio.disconnect()
    finally:
        if proxy is not None:
            proxy.terminate()
            proxy.wait(timeout=15)
        instance.stop()
    load = os.getloadavg()
    print(f"\n{os.cpu_count()} cores; load average {load_start[0]:.2f} at the start, "
          f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f} at the end; {args.repeats} repeats × "
          f"{args.scores} marks per scenario over HTTP and as many over Socket.IO, alternating")
    print("\n| Scenario | HTTP p50 ms, median (spread) | HTTP p99 ms | HTTP max ms | "
          "Socket.IO p50 ms | Socket.IO p99 ms | Judge statuses | Attacker (127.0.0.2) |")
    print("|---|---|---|---|---|---|---|---|")
    summary = []
    for kind in kinds:
        got = rows[kind]
        statuses: Counter[Any] = Counter()
        for row in got:
            statuses.update(row["statuses"])
        worst = max(max(row["times"]) for row in got)
        print(f"| {kind} | {_cell(got, 0.5)} | {_cell(got, 0.99)} | {worst:.1f} | "
              f"{_cell(got, 0.5, 'sio_times')} | {_cell(got, 0.99, 'sio_times')} | "
              f"{dict(statuses)} | {_flood_cell(got)} |")
        summary.append(f"{kind} HTTP p50 {_cell(got, 0.5)} p99 {_cell(got, 0.99)}, Socket.IO "
                       f"p50 {_cell(got, 0.5, 'sio_times')} p99 {_cell(got, 0.99, 'sio_times')}")
    print(f"\nJudge log-in from {JUDGE_ADDRESS} after each log-in flood: " + " | ".join(logins))
    print("SUMMARY judge ms: " + "; ".join(summary))


if __name__ == "__main__":
    main()
