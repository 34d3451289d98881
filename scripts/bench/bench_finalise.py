"""Benchmark: finalisation of a 1,000-entry project (results.finalisation.finalize_project).

    .venv/bin/python scripts/bench/bench_finalise.py [--entries 1000] [--runs 3]
    .venv/bin/python scripts/bench/bench_finalise.py --postgres \\
        [--admin-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres]

Seeds `runs` projects of `entries` contestants each (tests/finalisation_setup.py's contest and
the MUNICIPAL_CLASS_1 rules; every mark of enter_marks() inserted in bulk as score events, with
distinct theory marks so no tie is left), locks and publishes each through the services, then
times one `finalize_project` per project (a fresh project each run: a second run on the same
project only replaces). SQLite: a temporary file (WAL); --postgres: a throwaway database,
dropped at the end. Prints the runs and one SUMMARY line.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def _admin(admin_url: str, sql: str) -> None:
    """Run one statement on the server's maintenance database (autocommit)."""
    import psycopg

    with psycopg.connect(admin_url.replace("postgresql+psycopg", "postgresql"),
                         autocommit=True) as conn:
        conn.execute(sql)


def id_number(n: int) -> str:
    """Return a valid 18-character ID number, distinct for each n (the birth date varies)."""
    from app.domain.idcard import check_digit

    born = date(1990, 1, 1) + timedelta(days=n // 1000)
    body = f"120101{born:%Y%m%d}{n % 1000:03d}"
    return body + check_digit(body)


def ready_project(entries: int) -> int:
    """Build, mark (in bulk), lock and publish one project; return its id."""
    from app.domain.presets import get_preset
    from app.extensions import db
    from app.models import ScoreEvent
    from app.models._types import utcnow
    from app.services.boards.publication import publish_results
    from app.services.scoring import judging_events
    from app.services.scoring.chief_judge import lock_project
    from app.services.setup.competition_rules import copy_preset_into
    from tests.finalisation_setup import LOCK_AT, PUBLISH_AT, _people
    from tests.judging_setup import build_contest

    judging_events.forget()
    contest = build_contest(contestants=entries)
    for registration in contest.registrations:
        registration.person.id_number = id_number(next(_people))
    copy_preset_into(contest.project, get_preset("MUNICIPAL_CLASS_1"))
    db.session.commit()
    rows = []

    def mark(judge: object, registration: object, value: Decimal, *, aspect: object = None,
             component: object = None) -> None:
        rows.append({"client_id": str(uuid.uuid4()), "payload_hash": "bench",
                     "judge_id": judge.id, "registration_id": registration.id,
                     "aspect_id": aspect.id if aspect else None,
                     "component_id": component.id if component else None,
                     "value": value, "reason": "", "server_time": utcnow()})

    for k, registration in enumerate(contest.registrations):
        # 0.3 × theory, in steps of 0.05: every total differs (no unresolved tie).
        mark(contest.chief, registration, Decimal(50) + Decimal(k) / 20,
             component=contest.theory)
        mark(contest.judges[0], registration, Decimal(40), aspect=contest.m)
        for i, judge in enumerate(contest.judges):
            if i == 2 and k == 2:
                continue  # judge 3 recuses from contestant 3 (tests/judging_setup.py)
            mark(judge, registration, Decimal(2), aspect=contest.j)
            mark(judge, registration, Decimal(20), aspect=contest.panel)
    db.session.execute(ScoreEvent.__table__.insert(), rows)
    db.session.commit()
    lock_project(contest.chief, contest.project.id, now=LOCK_AT)
    publish_results(contest.organizer, contest.project.id, now=PUBLISH_AT)
    return contest.project.id


def run(url: str, entries: int, runs: int) -> list[tuple[float, int]]:
    """Seed `runs` projects, then finalise each once; return (seconds, outcomes) per run."""
    from app import create_app
    from app.config import TestConfig
    from app.extensions import db
    from app.services.results.finalisation import finalize_project
    from tests.finalisation_setup import FINAL_AT

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = url

    app = create_app(Config)
    with app.app_context():
        db.drop_all()
        db.create_all()
        started = time.perf_counter()
        ids = [ready_project(entries) for _ in range(runs)]
        print(f"seeded {runs} × {entries} in {time.perf_counter() - started:.1f} s",
              file=sys.stderr)
        times = []
        for project_id in ids:
            db.session.expire_all()
            t0 = time.perf_counter()
            report = finalize_project(project_id, actor=None, now=FINAL_AT)
            times.append((time.perf_counter() - t0, report.created))
            print(f"project {project_id}: {times[-1][0]:.2f} s, {report.created} outcomes",
                  file=sys.stderr)
        db.session.remove()
        db.engine.dispose()
    return times


def main() -> None:
    """Parse, run on the chosen database, print the summary."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--admin-url",
                        default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    if args.postgres:
        name = f"jx_bench_final_{os.getpid()}"
        url = args.admin_url.rsplit("/", 1)[0] + f"/{name}"
        _admin(args.admin_url, f"CREATE DATABASE {name}")
        try:
            times = run(url, args.entries, args.runs)
        finally:
            _admin(args.admin_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    else:
        times = run(f"sqlite:///{tempfile.mkdtemp(prefix='jx-final-bench-')}/bench.sqlite",
                    args.entries, args.runs)
    seconds = [t for t, _n in times]
    outcomes = " ".join(f"{k}={v}" for k, v in dict(times[0][1]).items())
    load = os.getloadavg()
    print(f"SUMMARY finalize_project, {args.entries} entries, "
          f"{'PostgreSQL' if args.postgres else 'SQLite file'}: median "
          f"{statistics.median(seconds):.2f} s ({min(seconds):.2f}–{max(seconds):.2f}) over "
          f"{len(seconds)} runs, outcomes each: {outcomes}; {os.cpu_count()} cores, load "
          f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
