"""Benchmark: validate and import a 10,000-row registration workbook.

    .venv/bin/python scripts/bench/bench_import.py [--rows 10000] [--runs 5]
    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/jx_bench \
        .venv/bin/python scripts/bench/bench_import.py      # also on PostgreSQL (drops tables!)

Point DATABASE_URL at a scratch database (``createdb -h 127.0.0.1 -U postgres jx_bench``),
never at one whose data matters: every run drops and recreates all tables.

Each run starts from a fresh database (a new SQLite file; on PostgreSQL the tables are
dropped and created), seeds one competition with four projects, then times
``validate_import`` and ``import_registrations`` (which validates again inside its write
transaction) on the same in-memory workbook. Prints one summary line per database.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

PROJECTS = (
    ("电工（职工组）", "ELEC", "电工", "EMPLOYEE"),
    ("电工（学生组）", "ELEC", "电工", "STUDENT"),
    ("焊工（职工组）", "WELD", "焊工", "EMPLOYEE"),
    ("焊工（学生组）", "WELD", "焊工", "STUDENT"),
)
NOW = datetime(2026, 5, 1, 8, 0, tzinfo=UTC)


def build_workbook(rows: int) -> bytes:
    """Return an .xlsx with ``rows`` valid, distinct registrations (template headers)."""
    from app.documents.workbooks import rows_xlsx
    from app.domain.idcard import check_digit
    from app.services.entry.registration_sheets import COLUMNS

    headers = [c.header for c in COLUMNS]
    data = []
    for i in range(rows):
        name, _code, occupation, group = PROJECTS[i % len(PROJECTS)]
        student = group == "STUDENT"
        birth = date(2005 if student else 1985, 1, 1) + timedelta(days=i // 1000)
        first17 = f"130903{birth:%Y%m%d}{i % 1000:03d}"
        data.append([f"选手{i:05d}", first17 + check_digit(first17), f"138{i:08d}",
                     f"{'学校' if student else '企业'}{i % 200:03d}", "", "学生组" if student
                     else "职工组", name, occupation, "中级工（四级）", f"C{i:08d}"])
    return rows_xlsx("报名表", headers, data)


def seed() -> int:
    """Create the competition and return its id."""
    from app.extensions import db
    from app.models import Competition, Occupation, Organization, Project

    org = Organization(name="沧州市人社局", kind="ORGANIZER")
    competition = Competition(
        name="基准测试赛", tier="MUNICIPAL", category="CLASS_2", year=2026, organizer=org,
        registration_opens_at=NOW - timedelta(days=1), registration_closes_at=NOW + timedelta(1),
        starts_on=date(2026, 6, 1), ends_on=date(2026, 6, 2))
    occupations: dict[str, Occupation] = {}
    for name, code, occupation_name, group in PROJECTS:
        occupation = occupations.setdefault(code, Occupation(code=code, name=occupation_name))
        competition.projects.append(Project(name=name, occupation=occupation, group=group,
                                            award_scheme="PERCENT_PRIZES"))
    db.session.add(competition)
    db.session.commit()
    return competition.id


def run_once(url: str, workbook: bytes) -> tuple[float, float, float, int]:
    """Time validate and import on a fresh database: (validate s, import s, import CPU s, rows).

    CPU time (this process) is reported too: on a shared, busy machine it varies less than
    wall time. On PostgreSQL it leaves out the server's own work.
    """
    from app import create_app
    from app.config import TestConfig
    from app.extensions import db
    from app.models import Competition, User
    from app.services.entry.imports import import_registrations, validate_import

    class BenchConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = url

    app = create_app(BenchConfig)
    with app.test_request_context():
        db.drop_all()
        db.create_all()
        competition_id = seed()
        user = User(username="bench", password_hash="x")
        db.session.add(user)
        db.session.commit()
        competition = db.session.get(Competition, competition_id)
        start = time.perf_counter()
        report = validate_import(competition, workbook, "bench.xlsx", now=NOW)
        validated = time.perf_counter() - start
        if not report.ok:
            raise SystemExit(f"benchmark file has errors: {report.errors[:3]}")
        start, cpu = time.perf_counter(), time.process_time()
        result = import_registrations(user, competition, workbook, "bench.xlsx", now=NOW)
        imported, cpu = time.perf_counter() - start, time.process_time() - cpu
        db.session.remove()
        db.drop_all()
        db.engine.dispose()
    return validated, imported, cpu, result.imported


def summary(label: str, values: list[float]) -> str:
    """Format median and spread (min–max) of timings in seconds."""
    return (f"{label} median {statistics.median(values):.2f} s "
            f"(spread {min(values):.2f}–{max(values):.2f})")


def main() -> None:
    """Run the benchmark and print one line per database."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    workbook = build_workbook(args.rows)
    targets = []
    folder = Path(tempfile.mkdtemp(prefix="jx-bench-"))
    targets.append(("sqlite", lambda i: f"sqlite:///{folder / f'run{i}.sqlite'}"))
    if os.environ.get("DATABASE_URL", "").startswith("postgresql"):
        targets.append(("postgresql", lambda i: os.environ["DATABASE_URL"]))
    for label, url_for_run in targets:
        validate_times, import_times, cpu_times = [], [], []
        for i in range(args.runs):
            validated, imported, cpu, count = run_once(url_for_run(i), workbook)
            assert count == args.rows
            validate_times.append(validated)
            import_times.append(imported)
            cpu_times.append(cpu)
        print(f"bench_import {label}: {args.rows} rows × {args.runs} runs, "
              f"{len(workbook) // 1024} KB xlsx — {summary('validate', validate_times)}; "
              f"{summary('validate+import', import_times)}; "
              f"{summary('validate+import CPU', cpu_times)}")


if __name__ == "__main__":
    main()
