"""Extensions, created unbound; `create_app` binds them with `init_app`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_smorest import Api as _SmorestApi
from flask_socketio import SocketIO
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

# Named constraints so Alembic batch migrations on SQLite can drop and alter them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base for every model."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Api(_SmorestApi):
    """flask-smorest without its app-wide JSON error handler (ours serves HTML too)."""

    def _register_error_handlers(self) -> None:
        return None


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
socketio = SocketIO()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
api = Api()


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001
    """Turn on WAL, full sync, foreign keys and a busy timeout; take over BEGIN from pysqlite."""
    if type(dbapi_connection).__module__ != "sqlite3":
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    # FULL syncs the log at every commit: with NORMAL a power cut in the hall could take back
    # a score the judge already saw acknowledged. It costs ≈0.3 ms a commit (BENCHMARKS.md).
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()
    # SQLAlchemy's documented pysqlite recipe: let SQLAlchemy emit BEGIN itself.
    dbapi_connection.isolation_level = None


@event.listens_for(Engine, "begin")
def _sqlite_begin(conn) -> None:  # noqa: ANN001
    """Emit BEGIN, or BEGIN IMMEDIATE for read-then-write use cases, on SQLite."""
    if conn.dialect.name != "sqlite":
        return
    mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")


def begin_write() -> None:
    """Start the session's transaction as a writer, so SQLite waits instead of failing.

    A read transaction already open (say, loading the logged-in user) is ended first:
    on SQLite in WAL mode a reader that later writes fails at once if another writer
    committed in between, whereas BEGIN IMMEDIATE queues behind the busy timeout.
    """
    session = db.session()  # the scoped proxy lacks in_transaction()
    if session.in_transaction():
        if session.new or session.dirty or session.deleted:
            raise RuntimeError("begin_write() must run before any change is made")
        session.commit()
    session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})


@contextmanager
def rollback_on_error() -> Iterator[None]:
    """Roll the session back, and pass the error on, if anything in the block raises."""
    try:
        yield
    except BaseException:
        db.session.rollback()
        raise


@contextmanager
def write_transaction() -> Iterator[None]:
    """Run one use case as one write: ``begin_write()``, the block, then one commit.

    Anything raised in the block (a refusal included) rolls the whole write back and is
    passed on; nothing is committed then. Work that must follow the commit (announcing,
    notifying other processes) goes after the ``with`` block.
    """
    begin_write()
    with rollback_on_error():
        yield
    db.session.commit()
