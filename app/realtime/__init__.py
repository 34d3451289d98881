"""The only package that touches Socket.IO."""

from __future__ import annotations

from flask import Flask

from app import events
from app.extensions import socketio


def _emit(event: events.Event) -> None:
    """Send a committed event to its room (internal events stay in the process)."""
    if event.internal:
        return
    socketio.emit(event.name, event.payload, to=event.room, namespace=event.namespace)


def init_realtime(app: Flask) -> None:
    """Subscribe the emitter and the standings job to committed events; load the handlers."""
    from app.realtime import boards, handlers, judging, registry, standings_jobs  # noqa: F401

    registry.attach(socketio)
    if socketio.server is not None:
        from app.realtime import fanout

        fanout.install(socketio.server)

    events.subscribe(_emit)
    events.subscribe(standings_jobs.on_event)
    if not app.config.get("JX_WS_COMPRESSION"):
        from app.realtime.compression import NoWebSocketCompression

        app.wsgi_app = NoWebSocketCompression(app.wsgi_app)  # type: ignore[method-assign]
