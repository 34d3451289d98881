"""Migrations reach head on an empty database, match the models, and go back to base.

Each run goes through the real `flask --app wsgi db …` command in a subprocess, so the
test suite's own app (and its Socket.IO and event wiring) is never rebuilt in-process.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect

ROOT = Path(__file__).resolve().parent.parent
THROWAWAY_DB = "jx_migtest"


def flask_db(url: str, instance: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `flask --app wsgi db <args>` against a database URL."""
    env = dict(os.environ, DATABASE_URL=url, JX_INSTANCE_PATH=str(instance), JX_CONFIG="default")
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "db", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
    )


def table_names(url: str) -> set[str]:
    """Return the tables that exist in a database."""
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def assert_round_trip(url: str, instance: Path) -> None:
    """Upgrade to head, find no drift from the models, downgrade to base."""
    from app import models  # noqa: F401  (fills the metadata)
    from app.extensions import db

    upgraded = flask_db(url, instance, "upgrade")
    assert upgraded.returncode == 0, upgraded.stderr
    assert table_names(url) == {t.name for t in db.metadata.sorted_tables} | {"alembic_version"}

    checked = flask_db(url, instance, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "No new upgrade operations detected" in checked.stdout + checked.stderr

    downgraded = flask_db(url, instance, "downgrade", "base")
    assert downgraded.returncode == 0, downgraded.stderr
    assert table_names(url) == {"alembic_version"}


def test_sqlite_upgrade_check_downgrade(tmp_path: Path) -> None:
    assert_round_trip(f"sqlite:///{tmp_path / 'migrations.sqlite'}", tmp_path)


@pytest.fixture()
def throwaway_postgres(postgres_url: str) -> Iterator[str]:
    """Create an empty PostgreSQL database beside the suite's, and drop it afterwards."""
    url = postgres_url
    import psycopg
    from sqlalchemy.engine import make_url

    base = make_url(url)
    admin_dsn = base.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{THROWAWAY_DB}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{THROWAWAY_DB}"')
    try:
        yield base.set(database=THROWAWAY_DB).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin_dsn, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{THROWAWAY_DB}" WITH (FORCE)')


@pytest.mark.postgres
def test_postgres_upgrade_check_downgrade(throwaway_postgres: str, tmp_path: Path) -> None:
    assert_round_trip(throwaway_postgres, tmp_path)
