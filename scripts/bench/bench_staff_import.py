"""Benchmark: import a sheet of staff accounts; how long the write transaction is held.

    .venv/bin/python scripts/bench/bench_staff_import.py [--rows 100] [--runs 3]

Each run uses a fresh SQLite file: one competition with one project, then
``staff_imports.import_staff`` on an in-memory sheet of ``rows`` judges. The write
transaction (which blocks every other writer, scoring included) is timed from
``begin_write`` to the commit, by wrapping ``begin_write`` for the run. Each account gets a
strong password hash; those are computed before the write transaction.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

NOW = datetime(2026, 5, 1, 8, 0, tzinfo=UTC)


def build_sheet(rows: int) -> bytes:
    """Return an .xlsx with ``rows`` valid judges."""
    from app.documents.workbooks import rows_xlsx
    from app.domain.idcard import check_digit
    from app.services.identity.staff_imports import COLUMNS

    data = []
    for i in range(rows):
        first17 = f"130903{1960 + i // 1000:04d}0101{i % 1000:03d}"
        data.append(["裁判员", f"judge{i:05d}", f"裁判{i:05d}", first17 + check_digit(first17),
                     f"单位{i % 50:02d}", "", "市级", f"C{i:06d}", "2030-12-31", "焊工"])
    return rows_xlsx("工作人员", [c.header for c in COLUMNS], data)


def run_once(url: str, sheet: bytes) -> tuple[float, float, int]:
    """Return (total s, write-transaction s, accounts created) on a fresh database."""
    from app import create_app
    from app.config import TestConfig
    from app.extensions import db
    from app.models import Competition, Occupation, Organization, Project, User
    from app.services.identity import staff_imports

    class BenchConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = url

    app = create_app(BenchConfig)
    with app.test_request_context():
        db.create_all()
        body = Organization(name="基准局", kind="HRSS")
        competition = Competition(name="基准赛", tier="MUNICIPAL", category="CLASS_2", year=2026,
                                  organizer=body, starts_on=date(2026, 6, 1),
                                  ends_on=date(2026, 6, 2))
        competition.projects.append(Project(name="焊工", group="EMPLOYEE",
                                            occupation=Occupation(code="W", name="焊工"),
                                            award_scheme="PERCENT_PRIZES"))
        admin = User(username="bench", password_hash="x")
        db.session.add_all([competition, admin])
        db.session.flush()
        from app.models import RoleAssignment

        db.session.add(RoleAssignment(user_id=admin.id, role="ADMIN"))
        db.session.commit()
        began: list[float] = []
        real_begin = staff_imports.begin_write

        def timed_begin() -> None:
            real_begin()
            began.append(time.perf_counter())

        staff_imports.begin_write = timed_begin  # type: ignore[assignment]
        try:
            start = time.perf_counter()
            result = staff_imports.import_staff(admin, competition.id, sheet, "s.xlsx", now=NOW)
            end = time.perf_counter()
        finally:
            staff_imports.begin_write = real_begin  # type: ignore[assignment]
        db.session.remove()
        db.engine.dispose()
    return end - start, end - began[0], len(result.created)


def main() -> None:
    """Run and print one summary line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    sheet = build_sheet(args.rows)
    folder = Path(tempfile.mkdtemp(prefix="jx-bench-staff-"))
    totals, writes = [], []
    for i in range(args.runs):
        total, write, count = run_once(f"sqlite:///{folder / f'run{i}.sqlite'}", sheet)
        assert count == args.rows
        totals.append(total)
        writes.append(write)
    print(f"staff import {args.rows} rows: total median {statistics.median(totals):.2f} s, "
          f"write transaction median {statistics.median(writes):.3f} s "
          f"(spread {min(writes):.3f}-{max(writes):.3f})")


if __name__ == "__main__":
    main()
