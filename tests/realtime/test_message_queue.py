"""Through Redis, any process reaches the spectators of a Socket.IO server."""

import threading

import pytest
import socketio

from app.realtime.external import emit_external
from tests.realtime.server_process import server_process

pytestmark = pytest.mark.redis


def _spectator(url: str) -> tuple[socketio.Client, list, threading.Event]:
    client = socketio.Client(reconnection=False)
    received: list = []
    arrived = threading.Event()

    @client.on("standings_changed")
    def _on(payload):
        received.append(payload)
        arrived.set()

    client.connect(url, transports=["websocket"], wait_timeout=10)
    ack = client.call("join_project", {"project_id": 1}, timeout=10)
    assert ack["ok"] is True
    return client, received, arrived


def _publish_until_heard(payload: dict, spectators: list[tuple[list, threading.Event]],
                         redis_url: str) -> bool:
    """Publish until every spectator got `payload`.

    A server subscribes to Redis a moment after its port opens, and a message published
    before that is (rightly) never delivered; other runs sharing the Redis server may publish
    to project:1 too, so an arrival only ends a wait and the payload itself is looked for.
    """
    for _ in range(20):
        assert emit_external("standings_changed", payload, "project:1", message_queue=redis_url)
        for _received, arrived in spectators:
            arrived.wait(0.5)
            arrived.clear()
        if all(payload in received for received, _arrived in spectators):
            return True
    return False


def test_an_event_published_to_the_queue_reaches_a_spectator(tmp_path, redis_url):
    with server_process(tmp_path, message_queue=redis_url) as url:
        client, received, arrived = _spectator(url)
        try:
            payload = {"project_id": 1, "seq": 7, "rows": []}
            assert _publish_until_heard(payload, [(received, arrived)], redis_url)
        finally:
            client.disconnect()


def test_two_server_processes_share_one_fan_out(tmp_path, redis_url):
    with server_process(tmp_path, message_queue=redis_url) as url_a, \
            server_process(tmp_path, message_queue=redis_url) as url_b:
        client_a, received_a, arrived_a = _spectator(url_a)
        client_b, received_b, arrived_b = _spectator(url_b)
        try:
            assert _publish_until_heard(
                {"seq": 1}, [(received_a, arrived_a), (received_b, arrived_b)], redis_url)
        finally:
            client_a.disconnect()
            client_b.disconnect()
