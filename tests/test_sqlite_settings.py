"""Every SQLite connection the app opens is durable at commit and checks foreign keys."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine

import app.extensions  # noqa: F401  (registers the connect hook on every Engine)


def test_a_file_database_syncs_every_commit(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'hall.sqlite'}")
    with engine.connect() as conn:
        pragmas = {name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
                   for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")}
    engine.dispose()
    # synchronous 2 = FULL: an acknowledged score survives a power cut, not only a crash.
    assert pragmas == {"journal_mode": "wal", "synchronous": 2, "foreign_keys": 1,
                       "busy_timeout": 10000}
