"""Fan-out in slices: a broadcast to a big room lets a judge's request in between slices.

python-socketio hands a room's packet to each socket's writer in one loop; under gevent the
writers then run one after another before anything else, so a delta to 1,000 spectators holds
the hub for about as long as the raw broadcast takes (≈ 60 ms on this project's 2-core box)
and a judge's next mark waits behind all of it (bench_staff.py: ack p50 39 ms with 1,000
spectators against 11 ms alone). Yielding after every ``SLICE`` recipients lets the hub serve
whatever became ready meanwhile — a judge's request among it — then carry on. The packet is
still encoded once per broadcast; delivery order per socket is unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

#: Recipients handed over before the broadcasting greenlet yields to the hub.
SLICE = 10


class SlicedParticipants:
    """Manager mixin: iterate a room's participants, yielding to the hub every SLICE."""

    server: Any

    def get_participants(self, namespace: str, room: Any) -> Iterator[tuple[str, str]]:
        """Yield (sid, eio_sid) of a room; let others run after every SLICE of them."""
        for count, item in enumerate(super().get_participants(namespace, room), 1):  # type: ignore[misc]
            yield item
            if count % SLICE == 0:
                self.server.sleep(0)


def install(server: Any) -> None:
    """Give a Socket.IO server's client manager (local or message-queue) sliced fan-out."""
    manager = server.manager
    if isinstance(manager, SlicedParticipants):
        return
    # The manager is built inside Flask-SocketIO's init_app from the message-queue URL; its
    # class is extended in place rather than rebuilding that choice here.
    manager.__class__ = type(f"Sliced{type(manager).__name__}",
                             (SlicedParticipants, type(manager)), {})
