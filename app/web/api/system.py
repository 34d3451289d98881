"""/api/v1/health: is the service up, and do its database and message queue answer."""

from __future__ import annotations

import threading
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app.extensions import db
from app.security import public
from app.web.api.base import ApiBlueprint
from app.web.api.system_schemas import HealthSchema

blp = ApiBlueprint(
    "system", __name__, url_prefix="/api/v1/health", description="Service status."
)

# One Redis client per queue URL: it keeps its own small pool, so a probe every few seconds
# from a load balancer does not open a new connection each time.
_redis_clients: dict[str, Any] = {}
_redis_lock = threading.Lock()
_QUEUE_TIMEOUT_S = 2.0


@cache
def app_version() -> str:
    """Return the version from pyproject.toml."""
    path = Path(__file__).resolve().parents[3] / "pyproject.toml"
    try:
        return tomllib.loads(path.read_text("utf-8"))["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


def database_reachable() -> bool:
    """Return whether the database answers a trivial query."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        current_app.logger.exception("Health check: database unreachable")
        db.session.rollback()
        return False
    return True


def message_queue_reachable(url: str | None) -> bool | None:
    """Return whether the Redis message queue answers PING; None when there is no queue."""
    if not url:
        return None
    if not url.startswith(("redis://", "rediss://", "unix://")):
        return None  # another kombu transport: not something this probe knows how to ask
    import redis

    with _redis_lock:
        client = _redis_clients.get(url)
        if client is None:
            client = redis.Redis.from_url(url, socket_connect_timeout=_QUEUE_TIMEOUT_S,
                                          socket_timeout=_QUEUE_TIMEOUT_S)
            _redis_clients[url] = client
    try:
        return bool(client.ping())
    except redis.RedisError:
        current_app.logger.exception("Health check: message queue unreachable")
        return False


@blp.route("", methods=["GET"])
@public
@blp.response(200, HealthSchema)
@blp.alt_response(503, schema=HealthSchema,
                  description="The database or the message queue does not answer.")
def health() -> Any:
    """Report whether the database and the message queue answer, and the version."""
    database = database_reachable()
    queue = message_queue_reachable(current_app.config.get("SOCKETIO_MESSAGE_QUEUE"))
    healthy = database and queue is not False
    body = {"status": "ok" if healthy else "degraded", "database": database,
            "message_queue": queue, "version": app_version()}
    return body, (200 if healthy else 503)
