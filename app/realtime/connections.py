"""Socket.IO connection limits: at most N anonymous connections per client address.

One client once opened 2,000 websockets in 4 s. Spectators may keep their socket open all
day, so the limit is on how many sockets an address holds at once, not on their lifetime;
authenticated staff (judges, chief judges, organizers…) are never counted or refused, so a
crowd on the venue's shared address cannot lock the judges out. Counted per server process
(each instance behind the balancer keeps its own count).
"""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any

from flask import current_app, request
from flask_login import current_user

from app.security import Role, client_address, user_roles

_EXTENSION = "jx_socket_connections"


class ConnectionCounter:
    """Which address each counted socket came from, and how many each address holds."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_sid: dict[str, str] = {}
        self._per_address: Counter[str] = Counter()

    def admit(self, sid: str, address: str, limit: int) -> bool:
        """Count the socket unless its address already holds `limit`; tell whether admitted."""
        with self._lock:
            if self._per_address[address] >= limit:
                return False
            self._by_sid[sid] = address
            self._per_address[address] += 1
            return True

    def release(self, sid: str) -> None:
        """Forget a closed socket (a socket never counted is ignored)."""
        with self._lock:
            address = self._by_sid.pop(sid, None)
            if address is None:
                return
            self._per_address[address] -= 1
            if self._per_address[address] <= 0:
                del self._per_address[address]

    def count(self, address: str) -> int:
        """Return how many counted sockets an address holds."""
        with self._lock:
            return self._per_address[address]


def counter() -> ConnectionCounter:
    """Return this app's counter (one per app, so test apps don't share counts)."""
    return current_app.extensions.setdefault(_EXTENSION, ConnectionCounter())


def is_staff(user: Any) -> bool:
    """Tell whether a user holds a role beyond contestant (never limited)."""
    return bool(user_roles(user) - {Role.CONTESTANT})


def admit_connection() -> bool:
    """Admit the connecting socket, counting it against its address unless staff."""
    if is_staff(current_user):
        return True
    limit = int(current_app.config["SOCKETIO_MAX_CONNECTIONS_PER_ADDRESS"])
    return counter().admit(request.sid, client_address(), limit)  # type: ignore[attr-defined]


def release_connection() -> None:
    """Forget the closing socket."""
    counter().release(request.sid)  # type: ignore[attr-defined]
