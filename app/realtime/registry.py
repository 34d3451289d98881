"""Socket.IO event handlers, collected at import and attached to each app's server.

Flask-SocketIO's `@socketio.on` registers a handler only on the server that exists when
the module is imported, so an app built later (a second process-local app in tests, a
CLI app) would get a server with no handlers. Collecting them here and attaching them in
`init_realtime` gives every app's server the full set.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from flask_login import current_user

from app.errors import ServiceError
from app.pacing import note_staff

Handler = Callable[..., Any]
_handlers: list[tuple[str, Handler, str | None]] = []


def on(event: str, namespace: str | None = None) -> Callable[[Handler], Handler]:
    """Declare `handler` for a Socket.IO event; attached when the app is built."""

    def register(handler: Handler) -> Handler:
        _handlers.append((event, handler, namespace))
        return handler

    return register


def _acking(handler: Handler) -> Handler:
    """Wrap a handler so a refused request (ServiceError) becomes its `{"ok": false}` ack."""

    @functools.wraps(handler)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if getattr(current_user, "is_authenticated", False):
            note_staff()  # a judge scoring over the socket puts spectators' reads behind them
        try:
            return handler(*args, **kwargs)
        except ServiceError as error:  # own-handling: this is the socket surface's one handler
            from app.extensions import db

            db.session.rollback()
            return error.to_ack()

    return wrapper


def attach(socketio: Any) -> None:
    """Register every declared handler on the extension's current server."""
    for event, handler, namespace in _handlers:
        socketio.on_event(event, _acking(handler), namespace=namespace)
