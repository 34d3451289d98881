"""Issue #11 finding 6: one address cannot hold unbounded sockets; judges always connect."""

from __future__ import annotations

import pytest

from tests.judging_setup import new_id


@pytest.fixture()
def limit(app, db, monkeypatch):
    """Allow three more anonymous sockets from the test address than it holds already."""
    from app.realtime.connections import counter

    # The suite's app lives for the whole run: count sockets other tests left open.
    held = counter().count("127.0.0.1")
    monkeypatch.setitem(app.config, "SOCKETIO_MAX_CONNECTIONS_PER_ADDRESS", held + 3)
    return 3


def _anonymous(app):
    from app.extensions import socketio

    return socketio.test_client(app, flask_test_client=app.test_client())


def test_beyond_the_limit_anonymous_sockets_are_refused_but_a_judge_scores(
    app, contest, sio, limit,
):
    spectators = [sio() for _ in range(limit)]
    refused = _anonymous(app)
    # The old code accepted every connection (2,000 from one client in 4 s).
    assert not refused.is_connected()
    judge = sio(contest.judges[0])
    ack = judge.emit("submit_score", {
        "client_id": new_id(), "registration_id": contest.registrations[0].id,
        "aspect_id": contest.j.id, "value": 2, "client_time": "2026-05-20T09:00:00Z",
    }, callback=True)
    assert ack["ok"] is True
    # A closed socket gives its place back.
    spectators[0].disconnect()
    again = _anonymous(app)
    assert again.is_connected()
    again.disconnect()


def test_the_count_is_per_address_behind_a_trusted_proxy(app, monkeypatch):
    from app.realtime.connections import ConnectionCounter
    from app.security import client_address

    monkeypatch.setitem(app.config, "TRUSTED_PROXIES", 1)
    headers = {"X-Forwarded-For": "198.51.100.7, 203.0.113.9"}
    with app.test_request_context("/socket.io/", headers=headers,
                                  environ_base={"REMOTE_ADDR": "10.0.0.2"}):
        assert client_address() == "203.0.113.9"
    monkeypatch.setitem(app.config, "TRUSTED_PROXIES", 0)
    with app.test_request_context("/socket.io/", headers=headers,
                                  environ_base={"REMOTE_ADDR": "10.0.0.2"}):
        assert client_address() == "10.0.0.2"  # a forged header counts for nothing
    counter = ConnectionCounter()
    assert [counter.admit(str(n), "a", 2) for n in range(3)] == [True, True, False]
    assert counter.admit("x", "b", 2)
    counter.release("0")
    counter.release("unknown")
    assert (counter.count("a"), counter.count("b")) == (1, 1)
