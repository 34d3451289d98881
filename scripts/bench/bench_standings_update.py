"""Benchmark: a committed score → the project's new standings, at 1,000 and 10,000 entries.

    .venv/bin/python scripts/bench/bench_standings_update.py [--entries 1000 10000]
        [--updates 30] [--root CHECKOUT]

Seeds one project per size in an in-memory SQLite database (tests/judging_setup.py's contest
structure; the people, organizations and registrations bulk-inserted; every entry with a
theory mark and one practical M mark), computes its standings once (warm), then ``updates``
times: the chief judge commits a new theory mark for a random contestant through
``judging.submit_score`` (not timed) and the standings job runs as in production
(``leaderboard_push.announce_standings``: the committed standings for the new seq, the diff
from the last announced, the outbox). Timed per update, CPU time of the process
(``time.process_time``, what a loaded shared machine does not inflate) and wall time of: the
standings for the new seq (``judging_events.standings_before``) and the whole job. Prints
median, p90, min–max and one SUMMARY line. ``--root`` runs another checkout's code (the
"before" of a comparison) with this script. Single process, bounded work.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
import uuid
from decimal import Decimal
from pathlib import Path


def _seed(size: int):  # noqa: ANN202 - returns the fixture's Contest
    """Create the contest structure, then bulk-insert ``size`` contestants and their marks."""
    from app.extensions import db
    from app.models import Organization, Person, Registration, ScoreEvent
    from app.models._types import utcnow
    from tests.judging_setup import build_contest

    contest = build_contest(contestants=0)
    project = contest.project
    tag = f"b{project.id}"
    db.session.execute(Organization.__table__.insert(), [
        {"name": f"{tag}厂{i}", "kind": "EMPLOYER"} for i in range(size)])
    orgs = dict(db.session.execute(
        db.select(Organization.name, Organization.id).where(Organization.name.like(f"{tag}厂%"))
    ).all())
    db.session.execute(Person.__table__.insert(), [
        {"name": f"选手{i + 1}", "id_number": f"{tag}X{i:08d}", "gender": "M",
         "birth_date": __import__("datetime").date(1990, 1, 1),
         "organization_id": orgs[f"{tag}厂{i}"]} for i in range(size)])
    people = dict(db.session.execute(
        db.select(Person.id_number, Person.id).where(Person.id_number.like(f"{tag}X%"))).all())
    db.session.execute(Registration.__table__.insert(), [
        {"project_id": project.id, "person_id": people[f"{tag}X{i:08d}"], "group": "EMPLOYEE",
         "status": "CHECKED_IN", "anonymous_code": f"J{i + 1:05d}", "station_no": i + 1}
        for i in range(size)])
    regs = list(db.session.scalars(
        db.select(Registration.id).where(Registration.project_id == project.id)
        .order_by(Registration.id)))
    rows = []
    for i, reg_id in enumerate(regs):
        rows.append({"client_id": str(uuid.uuid4()), "payload_hash": "bench",
                     "judge_id": contest.chief.id, "registration_id": reg_id,
                     "component_id": contest.theory.id, "aspect_id": None,
                     "value": Decimal(50 + (i * 37) % 50), "reason": "",
                     "server_time": utcnow()})
        rows.append({"client_id": str(uuid.uuid4()), "payload_hash": "bench",
                     "judge_id": contest.judges[0].id, "registration_id": reg_id,
                     "component_id": None, "aspect_id": contest.m.id,
                     "value": Decimal((0, 20, 40)[i % 3]), "reason": "",
                     "server_time": utcnow()})
    db.session.execute(ScoreEvent.__table__.insert(), rows)
    db.session.commit()
    return contest, regs


def _stats(values: list[float]) -> str:
    ordered = sorted(values)
    p90 = ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]
    return (f"{statistics.median(ordered):.2f} | {p90:.2f} | "
            f"{ordered[0]:.2f}–{ordered[-1]:.2f}")


def measure(size: int, updates: int, rng: random.Random) -> dict[str, list[float]]:
    """Seed a project of ``size`` entries and time ``updates`` score → standings steps."""
    from app import create_app, events
    from app.config import TestConfig
    from app.extensions import db
    from app.models import User
    from app.realtime import standings_jobs
    from app.services.boards import leaderboard_push
    from app.services.boards.leaderboard import get_board_project
    from app.services.scoring import judging_events
    from app.services.scoring.judging import submit_score
    from tests.judging_setup import NOW

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = "sqlite://"

    app = create_app(Config)
    from app.services.boards import standings

    try:  # the in-memory inputs (absent in "before" code; read_inputs lived in standings.py)
        from app.services.boards import standings_inputs as inputs_module
    except ImportError:
        inputs_module = standings
    reads = [0]
    if hasattr(inputs_module, "read_inputs"):
        real_read = inputs_module.read_inputs

        def counted_read(project, **kwargs):  # noqa: ANN001, ANN202
            reads[0] += 1
            return real_read(project, **kwargs)

        inputs_module.read_inputs = counted_read
    # The job runs below, timed, instead of inline in the commit.
    events.unsubscribe(standings_jobs.on_event)
    out: dict[str, list[float]] = {"standings cpu": [], "standings wall": [],
                                   "job cpu": [], "job wall": []}
    with app.app_context():
        db.create_all()
        start = time.perf_counter()
        contest, regs = _seed(size)
        print(f"seeded {size} entries in {time.perf_counter() - start:.1f} s", flush=True)
        pid, chief_id, theory_id = contest.project.id, contest.chief.id, contest.theory.id
        judging_events.forget()
        start = time.process_time()
        leaderboard_push.announce_standings(pid)  # the first, full computation (cold)
        print(f"first (cold) standings: {(time.process_time() - start) * 1000:.0f} ms CPU",
              flush=True)
        real = judging_events.standings_before
        phase: list[tuple[float, float]] = []

        def timed_before(project):  # noqa: ANN001, ANN202
            c, w = time.process_time(), time.perf_counter()
            try:
                return real(project)
            finally:
                phase.append((time.process_time() - c, time.perf_counter() - w))

        judging_events.standings_before = timed_before
        try:
            for k in range(updates + 1):
                chief = db.session.get(User, chief_id)
                submit_score(client_id=str(uuid.uuid4()), judge=chief,
                             registration_id=rng.choice(regs), aspect_id=None,
                             component_id=theory_id, value=rng.randrange(0, 101), now=NOW)
                db.session.expunge_all()
                phase.clear()
                c, w = time.process_time(), time.perf_counter()
                seq = leaderboard_push.announce_standings(pid)
                job = (time.process_time() - c, time.perf_counter() - w)
                assert seq is not None and get_board_project(pid).event_seq == seq
                db.session.rollback()
                if k == 0:
                    continue  # the first update after the cold computation: a warm-up
                out["job cpu"].append(job[0] * 1000)
                out["job wall"].append(job[1] * 1000)
                out["standings cpu"].append(sum(p[0] for p in phase) * 1000)
                out["standings wall"].append(sum(p[1] for p in phase) * 1000)
        finally:
            judging_events.standings_before = real
    if hasattr(standings, "read_inputs"):
        print(f"full reads of the project during the {updates + 1} updates and the cold "
              f"computation: {reads[0]}", flush=True)
    return out


def main() -> None:
    """Run the sizes and print the table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--updates", type=int, default=30)
    parser.add_argument("--root", default=str(Path(__file__).resolve().parents[2]))
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args()
    sys.path.insert(0, args.root)
    os.chdir(args.root)
    rng = random.Random(args.seed)
    print(f"code: {args.root}; load average before: {os.getloadavg()}")
    print("| entries | measure (ms) | median | p90 | min–max |")
    print("|---|---|---|---|---|")
    summary = []
    for size in args.entries:
        for what, values in measure(size, args.updates, rng).items():
            print(f"| {size} | {what} | {_stats(values)} |", flush=True)
            summary.append(f"{what.replace(' ', '_')}@{size}={statistics.median(values):.2f}ms")
    print(f"load average after: {os.getloadavg()}")
    print("SUMMARY " + " ".join(summary))


if __name__ == "__main__":
    main()
