"""A socket that disconnects while its join event waits for a thread is left out quietly."""

from __future__ import annotations

import pytest


def test_a_socket_gone_before_its_join_ran_is_left_out_quietly(app, sio):
    from flask import request
    from flask_socketio import join_room

    from app.extensions import socketio
    from app.realtime.rooms import enter

    sio()  # someone else is connected, so the namespace itself is known
    with app.test_request_context("/socket.io/"):
        request.sid, request.namespace = "gone", "/"
        with pytest.raises((KeyError, ValueError)):
            join_room("project:1")  # what a handler thread raised in CI (seed 2017661681)
        enter("project:1")
    assert "gone" not in socketio.server.manager.rooms["/"].get("project:1", {})
