"""Soak: 1,000 spectators + 50 judges for a bounded time; disconnects and stored vs acked scores.

    .venv/bin/python scripts/bench/bench_soak.py [--seconds 120] [--spectators 1000]
        [--judges 50]
    (once: cd scripts/bench/node && npm install)

Seeds a temporary SQLite file (WAL) with ceil(judges / 3) projects of 10 contestants
(tests/judging_setup.py: three judges each, so 50 judges means 17 projects and 51 judges),
starts the real server the production way on loopback (`gunicorn -k gevent -w 1 wsgi:app`)
and runs scripts/bench/node/soak.js: the spectators are dealt across the projects' boards,
each judge posts a score every 1.5–2.5 s (bearer token, the tablets' fallback path) for
`seconds`. Then counts the score events stored in the database against the scores the server
acknowledged. Prints one SUMMARY line; exits 1 on a disconnect or a lost score.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_board import NODE_DIR, ROOT, _free_port, start_server  # noqa: E402

sys.path.insert(0, str(ROOT))


def _app(url: str) -> object:
    from app import create_app
    from app.config import TestConfig

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = url

    return create_app(Config)


def seed(url: str, projects: int) -> list[dict[str, object]]:
    """Create the schema and the projects; return each board's ids and judge tokens."""
    from app.extensions import db
    from app.models._types import utcnow
    from app.services.identity.accounts import issue_api_token
    from tests.judging_setup import build_contest

    boards = []
    with _app(url).app_context():
        db.drop_all()
        db.create_all()
        for _ in range(projects):
            contest = build_contest(contestants=10)
            # Contestant 3 is recused for judge 3 (the fixture): nobody scores them here.
            registrations = [r.id for k, r in enumerate(contest.registrations) if k != 2]
            tokens = [issue_api_token(judge, name="soak", now=utcnow())[1]
                      for judge in contest.judges]
            boards.append({"project_id": contest.project.id, "aspect_id": contest.j.id,
                           "registrations": registrations, "tokens": tokens})
    return boards


def stored_scores(url: str) -> int:
    """Return how many score events the database holds."""
    from sqlalchemy import func, select

    from app.extensions import db
    from app.models import ScoreEvent

    with _app(url).app_context():
        return int(db.session.scalar(select(func.count()).select_from(ScoreEvent)))


def main() -> int:
    """Seed, serve, soak, compare; return 0 when nothing was lost."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--spectators", type=int, default=1000)
    parser.add_argument("--judges", type=int, default=50)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="jx-soak-")
    url = f"sqlite:///{folder}/bench.sqlite"
    boards = seed(url, math.ceil(args.judges / 3))
    (Path(folder) / "boards.json").write_text(json.dumps(boards))
    port = _free_port()
    # All the load comes from one loopback address: lift the per-address limits.
    env = {**os.environ, "DATABASE_URL": url, "SOCKETIO_ASYNC_MODE": "gevent",
           "JX_INSTANCE_PATH": folder, "RATELIMIT_ENABLED": "0",
           "SOCKETIO_MAX_CONNECTIONS_PER_ADDRESS": "1000000"}
    server = start_server("wsgi:app", port, env)
    started = time.perf_counter()
    try:
        out = subprocess.run(
            ["node", str(NODE_DIR / "soak.js"), f"http://127.0.0.1:{port}", str(args.seconds),
             str(args.spectators), str(Path(folder) / "boards.json")],
            capture_output=True, text=True, timeout=args.seconds + 180, check=False)
        if out.returncode != 0:
            raise RuntimeError(f"soak.js failed: {out.stderr.strip()}")
        got = json.loads(out.stdout.strip().splitlines()[-1])
        server_alive = server.poll() is None
    finally:
        server.terminate()
        server.wait(timeout=30)
    stored = stored_scores(url)
    load = os.getloadavg()
    ok = (got["disconnects"] == 0 and got["connect_errors"] == 0 and stored == got["acked"]
          and got["joined"] == args.spectators and server_alive)
    print(f"SUMMARY soak {got['seconds']} s, {got['joined']}/{args.spectators} spectators, "
          f"{got['judges']} judges: disconnects {got['disconnects']}, connect errors "
          f"{got['connect_errors']}; scores posted {got['posted']}, acked {got['acked']}, "
          f"stored {stored}, refused {got['refused']}, no answer {got['failed']}; deltas "
          f"received {got['deltas']}; wall {time.perf_counter() - started:.0f} s; "
          f"{os.cpu_count()} cores, load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} — "
          f"{'OK' if ok else 'FAILED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
