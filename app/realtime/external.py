"""Emit Socket.IO events from outside the server (a batch process) through the message queue."""

from __future__ import annotations

import threading
from typing import Any

_lock = threading.Lock()
_emitters: dict[str, Any] = {}


def emit_external(event: str, payload: dict[str, Any], room: str, *,
                  message_queue: str | None) -> bool:
    """Send `event` to `room` via the queue; return False (and send nothing) without one.

    Any process can publish to the queue the Socket.IO servers listen on, with no app and no
    server of its own (flask_socketio.SocketIO(message_queue=...) in write-only mode).
    """
    if not message_queue:
        return False
    with _lock:
        emitter = _emitters.get(message_queue)
        if emitter is None:
            from flask_socketio import SocketIO

            emitter = SocketIO(message_queue=message_queue)
            _emitters[message_queue] = emitter
    try:
        emitter.emit(event, payload, to=room)
    except Exception:  # a queue outage must not stop the batch; the progress file still tells
        return False
    return True
