"""Socket.IO event handlers, collected at import and attached to each app's server.

Flask-SocketIO's `@socketio.on` registers a handler only on the server that exists when
the module is imported, so an app built later (a second process-local app in tests, a
CLI app) would get a server with no handlers. Collecting them here and attaching them in
`init_realtime` gives every app's server the full set.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Handler = Callable[..., Any]
_handlers: list[tuple[str, Handler, str | None]] = []


def on(event: str, namespace: str | None = None) -> Callable[[Handler], Handler]:
    """Declare `handler` for a Socket.IO event; attached when the app is built."""

    def register(handler: Handler) -> Handler:
        _handlers.append((event, handler, namespace))
        return handler

    return register


def attach(socketio: Any) -> None:
    """Register every declared handler on the extension's current server."""
    for event, handler, namespace in _handlers:
        socketio.on_event(event, handler, namespace=namespace)
