"""Benchmark: live standings of one project, split into reading (DB) and evaluating (engine).

    .venv/bin/python scripts/bench/bench_standings.py [--entries 200 1000] [--runs 7]

Seeds an in-memory SQLite database per size (tests/judging_setup.py's contest, every entry
with a theory mark and one practical mark) and times, ``runs`` times each after one warm-up:
``compute_standings`` (the whole snapshot), ``engine_inputs`` (the queries and mapping) and
``evaluate_project`` (the pure engine) on the same inputs, in full and with a scoring memo
after one entry's theory mark changed (what a live score costs the engine). Single process,
bounded work; on a shared machine read the spread, not only the median. Prints a Markdown
table and one SUMMARY line.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import sys
import time
import uuid
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def _timed(fn, runs: int) -> list[float]:
    fn()
    out = []
    for _ in range(runs):
        # CPU time of this process: on a shared, loaded machine wall time mostly measures
        # the wait for a core (the work is single-threaded, so the two agree when quiet).
        start = time.process_time()
        fn()
        out.append((time.process_time() - start) * 1000)
    return out


def measure(size: int, runs: int) -> dict[str, list[float]]:
    """Seed one project of ``size`` entries and time the three phases."""
    from app import create_app
    from app.config import TestConfig
    from app.domain.evaluation import evaluate_project
    try:
        from app.domain.score_memo import ScoreMemo
    except ImportError:  # the code before the memo (a comparison checkout)
        ScoreMemo = None  # noqa: N806
    from app.extensions import db
    from app.models import ScoreEvent
    from app.models._types import utcnow
    from app.services.boards import standings
    try:  # engine_inputs lived in standings.py before standings_inputs.py
        from app.services.boards import standings_inputs
    except ImportError:
        standings_inputs = standings
    from app.services.common import mappers
    from app.services.scoring import judging_events
    from tests.judging_setup import build_contest

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = "sqlite://"

    app = create_app(Config)
    with app.app_context():
        db.create_all()
        contest = build_contest(contestants=size)
        rows = []
        for i, r in enumerate(contest.registrations):
            rows.append({"client_id": str(uuid.uuid4()), "payload_hash": "bench",
                         "judge_id": contest.chief.id, "registration_id": r.id,
                         "component_id": contest.theory.id, "aspect_id": None,
                         "value": Decimal(50 + (i * 37) % 50), "reason": "",
                         "server_time": utcnow()})
            rows.append({"client_id": str(uuid.uuid4()), "payload_hash": "bench",
                         "judge_id": contest.judges[0].id, "registration_id": r.id,
                         "component_id": None, "aspect_id": contest.m.id,
                         "value": Decimal((0, 20, 40)[i % 3]), "reason": "",
                         "server_time": utcnow()})
        db.session.execute(ScoreEvent.__table__.insert(), rows)
        db.session.commit()
        project = contest.project
        judging_events.forget()
        inputs = standings_inputs.engine_inputs(project)
        live = mappers.live_project_input(project, inputs.components)
        times = {
            "compute_standings": _timed(lambda: standings.compute_standings(project), runs),
            "engine_inputs": _timed(lambda: standings_inputs.engine_inputs(project), runs),
            "evaluate_project (full)": _timed(
                lambda: evaluate_project(live, inputs.entries), runs),
        }
        if ScoreMemo is None:
            return times
        memo = ScoreMemo()
        evaluate_project(live, inputs.entries, memo=memo)
        flip = iter(range(10**9))

        def one_changed() -> None:
            # A new theory mark for one entry: the memo re-scores that entry only.
            i = next(flip) % len(inputs.entries)
            entry = inputs.entries[i]
            theory = dataclasses.replace(entry.components["T"], value=Decimal(next(flip) % 100))
            inputs.entries[i] = dataclasses.replace(
                entry, components={**entry.components, "T": theory})
            evaluate_project(live, inputs.entries, memo=memo, standings_only=True)

        times["evaluate_project (live, 1 changed)"] = _timed(one_changed, runs)
        return times


def main() -> None:
    """Run the sizes and print the table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, nargs="+", default=[200, 1000])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()}")
    print("| entries | phase | median CPU ms | min | max |")
    print("|---|---|---|---|---|")
    summary = []
    for size in args.entries:
        for phase, times in measure(size, args.runs).items():
            print(f"| {size} | {phase} | {statistics.median(times):.1f} | {min(times):.1f} "
                  f"| {max(times):.1f} |")
            summary.append(f"{phase}@{size}={statistics.median(times):.1f}ms")
    print(f"load average after: {os.getloadavg()}")
    print("SUMMARY " + " ".join(summary))


if __name__ == "__main__":
    main()
