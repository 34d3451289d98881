"""Benchmark: acknowledgement latency of submit_score through the Socket.IO test client.

    .venv/bin/python scripts/bench/bench_submit.py [--contestants 20] [--rounds 2]
    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/<scratch db> \
        .venv/bin/python scripts/bench/bench_submit.py    # drops and creates every table!

Builds one project (theory + a three-aspect practical scheme, three judges and a chief judge,
the tests' fixture in tests/judging_setup.py) on a fresh database (a temporary SQLite file by
default), then has the judges score every contestant `rounds` times over Socket.IO. Each
emit waits for its ack, which the server sends after the commit: the time measured is the
use case (checks, append, audit, sheet flags, commit, score_recorded to the chief's room); the
standings are recomputed and announced by the coalesced background job, as in production.
Prints p50 / p95 / max per ack and how many standings deltas a spectator got, and the use
case's SQL statements per mark (counted on the engine; the standings job's not included).
`--no-standings` turns the job off and reports the process CPU per ack instead of wall time,
which the job's thread otherwise shares.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def main() -> None:
    """Run the benchmark and print one summary line."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--contestants", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--no-standings", action="store_true",
                        help="no standings job: measure the CPU of the ack alone")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL") or (
        f"sqlite:///{tempfile.mkdtemp(prefix='jx-bench-')}/bench.sqlite")

    from app import create_app
    from app.config import TestConfig
    from app.extensions import db, socketio

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = url
        JX_STANDINGS_INLINE = False  # as in production: the standings follow the ack

    app = create_app(Config)
    with app.app_context():
        db.drop_all()
        db.create_all()
        from tests.judging_setup import build_contest

        contest = build_contest(contestants=args.contestants)
        plan = []
        for _round in range(args.rounds):
            for k, reg in enumerate(contest.registrations):
                plan.append((contest.chief.id, {"registration_id": reg.id,
                                                "component_id": contest.theory.id,
                                                "value": 70 + k}))
                plan.append((contest.judges[0].id, {"registration_id": reg.id,
                                                    "aspect_id": contest.m.id, "value": 40}))
                for judge in contest.judges:
                    plan.append((judge.id, {"registration_id": reg.id,
                                            "aspect_id": contest.j.id, "value": 2}))
                    plan.append((judge.id, {"registration_id": reg.id,
                                            "aspect_id": contest.panel.id, "value": 20}))
        staff = [contest.chief.id, *(j.id for j in contest.judges)]
        recused = (contest.judges[2].id, contest.registrations[2].id)
        project_id = contest.project.id
    # Emitted outside any app context, as a server does: each event gets its own context and
    # session. (Emitting inside one kept a session, and its stale identity map, across marks.)
    sockets = {}
    for user_id in staff:
        http = app.test_client()
        with http.session_transaction() as session:
            session["_user_id"] = str(user_id)
        sockets[user_id] = socketio.test_client(app, flask_test_client=http)
    spectator = socketio.test_client(app)
    spectator.emit("join_project", {"project_id": project_id}, callback=True)
    if args.no_standings:
        from app.services.scoring import judging_events

        judging_events.queue_standings = lambda *_args, **_kwargs: None
    clock = time.process_time if args.no_standings else time.perf_counter
    statements = [0]
    from sqlalchemy import event

    def count(*_args: object) -> None:
        if threading.current_thread() is threading.main_thread():
            statements[0] += 1

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", count)
    times, refused = [], 0
    for user_id, body in plan:
        start = clock()
        ack = sockets[user_id].emit("submit_score", {"client_id": str(uuid.uuid4()), **body},
                                    callback=True)
        times.append(clock() - start)
        if not ack["ok"]:
            refused += 1
            assert (user_id, body["registration_id"]) == recused, ack
    from app.realtime.standings_jobs import wait_idle

    wait_idle()
    received = len(spectator.get_received())
    times.sort()
    p50 = statistics.median(times) * 1000
    p95 = times[int(len(times) * 0.95) - 1] * 1000
    backend = url.split(":", 1)[0]
    what = "CPU per ack" if args.no_standings else "ack"
    print(f"{backend}: {len(times)} acks ({refused} recusal refusals), {args.contestants} "
          f"contestants, {statements[0] / len(times):.1f} statements per mark: {what} "
          f"p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {times[-1] * 1000:.1f} ms; "
          f"{received} standings deltas to a spectator")


if __name__ == "__main__":
    main()
