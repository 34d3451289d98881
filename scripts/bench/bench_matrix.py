"""Benchmark: the chief judge's live matrix (``score_matrix.get_matrix``) by project size.

    .venv/bin/python scripts/bench/bench_matrix.py [--contestants 20 200] [--runs 15]

Seeds an in-memory SQLite database per size with tests/judging_setup.py's contest, every sheet
scored (theory by the chief judge, the M aspect by judge 1, the J and panel aspects by all three
judges but the recused one; every fifth contestant's J marks spread by 2, so flagged), a sheet
state per scored sheet and one contestant DNF. Then builds the matrix ``runs`` times after one
warm-up, each time in a fresh session as a request does (an empty identity map), and prints per
size the SQL statements per call (counted on the engine), the median wall and CPU time with
their spread (min–max) and one SUMMARY line. Single process, bounded work; on a shared machine
read the CPU time and the spread, not only the wall median.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def _seed(contest: Any) -> None:
    """Insert the scores, sheet states and one DNF in bulk (the use case is not measured)."""
    from app.extensions import db
    from app.models import EntryResult, ScoreEvent, SheetState
    from app.models._types import utcnow

    events, sheets = [], []

    def score(judge: Any, reg: Any, value: int, *, aspect: Any = None,
              component: Any = None) -> None:
        events.append({"client_id": str(uuid.uuid4()), "payload_hash": "bench",
                       "judge_id": judge.id, "registration_id": reg.id,
                       "component_id": component.id if component is not None else None,
                       "aspect_id": aspect.id if aspect is not None else None,
                       "value": Decimal(value), "reason": "", "server_time": utcnow()})

    for k, reg in enumerate(contest.registrations):
        score(contest.chief, reg, 50 + (k * 37) % 50, component=contest.theory)
        score(contest.judges[0], reg, (0, 20, 40)[k % 3], aspect=contest.m)
        flagged = k % 5 == 0
        for i, judge in enumerate(contest.judges):
            if i == 2 and k == 2:
                continue  # judge 3 recuses from contestant 3
            score(judge, reg, (0 if i == 0 else 2) if flagged else 2, aspect=contest.j)
            score(judge, reg, 20 + (k + i) % 10, aspect=contest.panel)
        for aspect_id, component_id, flags in (
            (None, contest.theory.id, []), (contest.m.id, None, []),
            (contest.j.id, None, ["NEEDS_RESCORE"] if flagged else []),
            (contest.panel.id, None, []),
        ):
            sheets.append({"registration_id": reg.id, "aspect_id": aspect_id,
                           "component_id": component_id, "state": "ENTERED", "flags": flags})
    db.session.execute(ScoreEvent.__table__.insert(), events)
    db.session.add_all(SheetState(**row) for row in sheets)
    db.session.add(EntryResult(project_id=contest.project.id,
                               registration_id=contest.registrations[1].id,
                               finish_status="DNF"))
    db.session.commit()


def measure(size: int, runs: int) -> dict[str, Any]:
    """Seed one project of ``size`` contestants and time the matrix."""
    from sqlalchemy import event

    from app import create_app
    from app.config import TestConfig
    from app.extensions import db
    from app.models import Project
    from app.services.scoring.score_matrix import get_matrix
    from tests.judging_setup import build_contest

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = "sqlite://"

    app = create_app(Config)
    with app.app_context():
        db.create_all()
        contest = build_contest(contestants=size)
        _seed(contest)
        project_id = contest.project.id
        counted = [0]

        def count(*_args: object) -> None:
            counted[0] += 1

        def one() -> int:
            db.session.remove()  # a fresh session, as each request gets
            project = db.session.get(Project, project_id)
            counted[0] = 0
            event.listen(db.engine, "before_cursor_execute", count)
            try:
                matrix = get_matrix(project)
            finally:
                event.remove(db.engine, "before_cursor_execute", count)
            assert len(matrix["contestants"]) == size, len(matrix["contestants"])
            return counted[0]

        statements = one()  # warm-up
        wall, cpu = [], []
        for _ in range(runs):
            start_wall, start_cpu = time.perf_counter(), time.process_time()
            one()
            cpu.append((time.process_time() - start_cpu) * 1000)
            wall.append((time.perf_counter() - start_wall) * 1000)
        return {"statements": statements, "wall": wall, "cpu": cpu}


def main() -> None:
    """Run the sizes and print the table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--contestants", type=int, nargs="+", default=[20, 200])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()}")
    print("| contestants | statements per call | wall median ms (min–max) "
          "| CPU median ms (min–max) |")
    print("|---|---|---|---|")
    summary = []
    for size in args.contestants:
        got = measure(size, args.runs)
        wall, cpu = got["wall"], got["cpu"]
        print(f"| {size} | {got['statements']} | {statistics.median(wall):.1f} "
              f"({min(wall):.1f}–{max(wall):.1f}) | {statistics.median(cpu):.1f} "
              f"({min(cpu):.1f}–{max(cpu):.1f}) |")
        summary.append(f"n{size}:stmts={got['statements']},wall={statistics.median(wall):.1f},"
                       f"cpu={statistics.median(cpu):.1f}")
    print(f"load average after: {os.getloadavg()}")
    print("SUMMARY " + " ".join(summary))


if __name__ == "__main__":
    main()
