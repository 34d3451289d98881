"""/api/v1/health reports the database and the Socket.IO message queue."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture()
def queue_url(app: Any) -> Iterator[Any]:
    """Point the health probe at a message queue URL for one test."""
    saved = app.config.get("SOCKETIO_MESSAGE_QUEUE")

    def _set(url: str | None) -> None:
        app.config["SOCKETIO_MESSAGE_QUEUE"] = url

    yield _set
    app.config["SOCKETIO_MESSAGE_QUEUE"] = saved


def test_without_a_queue_the_queue_is_not_reported(client, queue_url):
    queue_url(None)
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    assert response.json["status"] == "ok"
    assert response.json["database"] is True and response.json["message_queue"] is None


def test_an_unreachable_queue_makes_the_instance_unhealthy(client, queue_url):
    queue_url("redis://127.0.0.1:1/0")  # port 1: nothing listens there
    response = client.get("/api/v1/health")
    assert response.status_code == 503
    assert response.json["status"] == "degraded"
    assert response.json["database"] is True and response.json["message_queue"] is False


@pytest.mark.redis
def test_a_reachable_queue_is_reported(client, queue_url, redis_url):
    queue_url(redis_url)
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    assert response.json["message_queue"] is True
