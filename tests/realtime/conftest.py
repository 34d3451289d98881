"""Socket.IO test clients that share the Flask test client's log-in cookie."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture()
def contest(db: Any) -> Any:
    """A seated, checked-in project (see tests/judging_setup.py)."""
    from app.services import judging_events
    from tests.judging_setup import build_contest

    judging_events.forget()
    return build_contest()


class Socket:
    """A Socket.IO test client whose events see their own log-in.

    The test's app context stays pushed, so Flask reuses it (and Flask-Login's cached user
    in ``g``) for every event; a real server has a fresh context per event. Drop the cache.
    """

    def __init__(self, client: Any) -> None:
        self.client = client

    def emit(self, event: str, *args: Any, **kwargs: Any) -> Any:
        """Emit as this socket's user; with callback=True return the ack."""
        from flask import g

        g.pop("_login_user", None)
        return self.client.emit(event, *args, **kwargs)

    def received(self, name: str | None = None) -> list[Any]:
        """Return (and clear) what arrived, optionally only events of one name."""
        got = self.client.get_received()
        return [item for item in got if name is None or item["name"] == name]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.client, name)


@pytest.fixture()
def sio(app: Any, db: Any):  # noqa: ANN201
    """Open a socket as `user` (None: anonymous); every socket opened is closed afterwards."""
    from app.extensions import socketio

    opened: list[Any] = []

    def _open(user: Any = None) -> Any:
        http = app.test_client()
        if user is not None:
            with http.session_transaction() as session:
                session["_user_id"] = str(user.id)
                session["_fresh"] = True
        from flask import g

        g.pop("_login_user", None)
        socket = Socket(socketio.test_client(app, flask_test_client=http))
        assert socket.is_connected()
        opened.append(socket)
        return socket

    yield _open
    for socket in opened:
        if socket.is_connected():
            socket.disconnect()
