"""Shared fixtures: one app per session, a clean database for every test.

Flask is imported inside fixtures only, so `pytest tests/domain` never loads the app.
Set DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test to run on PostgreSQL.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from flask import request_started
from hypothesis import HealthCheck, settings

pytest_plugins = [
    "tests.fixtures.clock",
    "tests.fixtures.events",
    "tests.fixtures.judging",
    "tests.fixtures.sockets",
    "tests.fixtures.sqlite_writes",
]


# Wall-clock checks measure the machine, not the code: on a shared runner, and late in a long
# randomised run (a bigger heap, a collector pass), drawing a few integers has taken over a
# second. Tests that promise a speed keep their own explicit `deadline`.
settings.register_profile(
    "jiangxin", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "jiangxin"))


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    """Repeat pytest-randomly's seed at the end, where `-q` runs (scripts/test.sh) show it."""
    if config.pluginmanager.has_plugin("randomly"):
        seed = config.getoption("randomly_seed")
        terminalreporter.write_line(f"Using --randomly-seed={seed} (pass it to repeat this order)")


def _database_url() -> str:
    return os.environ.get("DATABASE_URL", "sqlite://")


def _database_per_worker() -> None:
    """Give each pytest-xdist worker a PostgreSQL database of its own (`test` -> `test_gw0`).

    Every test empties the tables, so two workers on one database would empty each other's.
    Set here, before the app is imported, so whatever reads DATABASE_URL (TestConfig, the
    server processes the tests start) gets the worker's own database.
    """
    worker, url = os.environ.get("PYTEST_XDIST_WORKER"), os.environ.get("DATABASE_URL", "")
    if not worker or not url.startswith("postgresql"):
        return
    import psycopg
    from sqlalchemy.engine import make_url

    base = make_url(url)
    name = f"{base.database}_{worker}"
    admin = base.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is None:
            # template0: nobody connects to it, so two workers may copy it at once.
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
    os.environ["DATABASE_URL"] = base.set(database=name).render_as_string(hide_password=False)


_database_per_worker()


@pytest.fixture(scope="session")
def app() -> Iterator[Any]:
    """Build the app once, on an empty schema."""
    from app import create_app
    from app.config import TestConfig
    from app.extensions import db
    from tests.fixtures import socketio_binding

    class _Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = _database_url()

    application = create_app(_Config)
    socketio_binding.remember(application)
    request_started.connect(_fresh_g, application)
    with application.app_context():
        db.drop_all()
        db.create_all()
    yield application
    with application.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _keep_socketio_bound(request: pytest.FixtureRequest) -> Iterator[None]:
    """Bind the global Socket.IO extension to the session app for a test that uses it.

    Whatever a session-scoped fixture left bound (the browser tests' live server is built,
    and so binds the extension, before any function fixture runs) must not be where this
    test's emits and Socket.IO test clients go. Put the binding back afterwards.
    """
    from tests.fixtures import socketio_binding

    before = socketio_binding.current()
    if "app" in request.fixturenames:
        socketio_binding.restore(socketio_binding.of(request.getfixturevalue("app")))
    yield
    if socketio_binding.current() != before:
        socketio_binding.restore(before)


def _fresh_g(sender: Any, **_extra: Any) -> None:
    """Start every test request with an empty `g`, as a real request would.

    The `db` fixture keeps one app context open for the whole test, and Flask reuses
    an open app context for requests, so without this the locale Flask-Babel cached
    and the user Flask-Login loaded would leak from one request into the next.
    """
    from flask import g

    g.__dict__.clear()


@pytest.fixture()
def db(app: Any) -> Iterator[Any]:
    """Give a test an app context and empty tables, whatever the last test left."""
    from app.extensions import db as _db

    _forget_process_caches()
    config = dict(app.config)
    with app.app_context():
        yield _db
        _db.session.remove()
        _truncate_all(_db)
        _forget_process_caches()
    # A test that changed a setting by hand must not change the next test's app.
    app.config.clear()
    app.config.update(config)


def _forget_process_caches() -> None:
    """Drop what the process remembers per project id, since emptied tables reuse the ids."""
    from app.services.boards import (
        leaderboard_cache,
        standings_live,
        standings_memo,
    )
    from app.services.scoring import judging_events

    judging_events.forget()
    leaderboard_cache.forget()
    standings_memo.forget()  # right even if kept (input-keyed), but it would grow run-long
    standings_live.forget()  # kept inputs per project id: the truncation bypasses its write hook


def _truncate_all(_db: Any) -> None:
    tables = [t.name for t in reversed(_db.metadata.sorted_tables)]
    with _db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            quoted = ", ".join(f'"{name}"' for name in tables)
            conn.exec_driver_sql(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")
        else:
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            for name in tables:
                conn.exec_driver_sql(f'DELETE FROM "{name}"')
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")


@pytest.fixture()
def client(app: Any, db: Any) -> Any:
    """A test client on a clean database."""
    return app.test_client()


@pytest.fixture()
def make_user(db: Any):  # noqa: ANN201
    """Create users with roles: make_user("ORGANIZER", username="org1")."""
    from tests.fixtures.factories import create_user

    return create_user


@pytest.fixture()
def login(client: Any):  # noqa: ANN201
    """Log a user in on the test client without going through the form."""

    def _login(user: Any) -> Any:
        from app.auth import SESSION_VERSION_KEY
        from app.extensions import db

        db.session.flush()  # keep roles a test appended before logging in
        db.session.refresh(user)  # a log-out elsewhere may have moved its session version
        with client.session_transaction() as session:
            session["_user_id"] = str(user.id)
            session["_fresh"] = True
            session[SESSION_VERSION_KEY] = user.session_version
        return client

    return _login


def _service_missing(reason: str) -> None:
    """Skip for want of a service, or fail where CI promised the services are up."""
    from tests.fixtures.services import service_missing

    service_missing(reason)


@pytest.fixture(scope="session")
def redis_url() -> str:
    """The Redis URL for message-queue tests (JX_REDIS_URL, default the local server)."""
    url = os.environ.get("JX_REDIS_URL", "redis://127.0.0.1:6379/0")
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except Exception as exc:  # noqa: BLE001  (any failure means "not reachable")
        _service_missing(f"Redis is not reachable at {url}: {exc}")
    return url


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """A PostgreSQL URL (JX_POSTGRES_URL, default the local `test` database)."""
    url = os.environ.get(
        "JX_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    )
    try:
        import psycopg

        psycopg.connect(url.replace("+psycopg", ""), connect_timeout=2).close()
    except Exception as exc:  # noqa: BLE001
        _service_missing(f"PostgreSQL is not reachable at {url}: {exc}")
    return url
