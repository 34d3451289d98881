"""Save and restore which app the global Socket.IO extension is bound to.

`app.extensions.socketio` is module-level: every `create_app()` rebinds it, and emits go to
whichever server it was bound to last. Tests that build a second app (the browser tests'
live server, a file-database app for a subprocess) use these to put it back.
"""

from __future__ import annotations

from typing import Any

_ATTRS = ("server", "sockio_mw", "async_mode", "server_options")


def current() -> dict[str, Any]:
    """Return the extension's current binding."""
    from app.extensions import socketio

    return {name: getattr(socketio, name, None) for name in _ATTRS}


def restore(binding: dict[str, Any]) -> None:
    """Bind the extension back as `binding` describes."""
    from app.extensions import socketio

    for name, value in binding.items():
        setattr(socketio, name, value)
