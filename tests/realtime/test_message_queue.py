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


def test_an_event_published_to_the_queue_reaches_a_spectator(tmp_path, redis_url):
    with server_process(tmp_path, message_queue=redis_url) as url:
        client, received, arrived = _spectator(url)
        try:
            payload = {"project_id": 1, "seq": 7, "rows": []}
            assert emit_external("standings_changed", payload, "project:1",
                                 message_queue=redis_url)
            assert arrived.wait(10), "no event arrived through Redis within 10 s"
            assert received == [payload]
        finally:
            client.disconnect()


def test_two_server_processes_share_one_fan_out(tmp_path, redis_url):
    with server_process(tmp_path, message_queue=redis_url) as url_a, \
            server_process(tmp_path, message_queue=redis_url) as url_b:
        client_a, received_a, arrived_a = _spectator(url_a)
        client_b, received_b, arrived_b = _spectator(url_b)
        try:
            emit_external("standings_changed", {"seq": 1}, "project:1", message_queue=redis_url)
            assert arrived_a.wait(10) and arrived_b.wait(10)
            assert received_a == received_b == [{"seq": 1}]
        finally:
            client_a.disconnect()
            client_b.disconnect()
