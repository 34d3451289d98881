"""Socket.IO test clients open on the test's own app, whatever a wider fixture left bound.

Building an app binds the global Socket.IO extension to that app's server. A session or module
fixture that builds one (the browser tests' live server) runs before every function fixture,
so the test after it started bound to that server; a Socket.IO test client opened there
replaced the server's `_send_packet` for good, and the browsers later driving it never
received a packet again: the mixed shuffle's "tablet socket never connected".
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.fixtures import socketio_binding


@pytest.fixture(scope="module")
def built_elsewhere() -> Iterator[dict[str, Any]]:
    """Build a second app, as the live server does, and leave the extension bound to it."""
    from app import create_app
    from app.config import TestConfig

    class ElsewhereConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = "sqlite://"

    previous = socketio_binding.current()
    yield socketio_binding.remember(create_app(ElsewhereConfig))
    socketio_binding.restore(previous)


def test_a_socket_opens_on_the_test_app_not_on_the_app_built_last(
    app, built_elsewhere, sio,
):
    from app.extensions import socketio

    socket = sio()
    assert socket.is_connected()
    assert socketio.server is socketio_binding.of(app)["server"]
    assert socketio.server is not built_elsewhere["server"]
    socketio_binding.assert_untouched(built_elsewhere)  # its clients would still hear from it


def test_a_server_a_test_client_patched_is_reported(app, db):
    from app.extensions import socketio

    client = socketio.test_client(app)
    try:
        with pytest.raises(AssertionError, match="_send_packet"):
            socketio_binding.assert_untouched(socketio_binding.of(app))
    finally:
        client.disconnect()
