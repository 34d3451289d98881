"""Keep websocket frames uncompressed: one encoded delta is written to every spectator as is.

Browsers and socket.io-client offer permessage-deflate, and the server (simple-websocket)
accepts it, so every broadcast would be compressed once per socket: a fan-out to 1,000
spectators paid 1,000 deflate runs. Standings deltas are small; the snapshot endpoint is
compressed over HTTP instead. Set ``JX_WS_COMPRESSION=1`` to let clients negotiate it again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class NoWebSocketCompression:
    """WSGI middleware that drops the client's websocket extension offers."""

    def __init__(self, app: WsgiApp) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        """Forget Sec-WebSocket-Extensions on upgrade requests, then pass the request on."""
        environ.pop("HTTP_SEC_WEBSOCKET_EXTENSIONS", None)
        return self.app(environ, start_response)
