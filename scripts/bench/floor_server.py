"""The raw Flask-SocketIO broadcast floor: a minimal gevent app with the board's wire protocol.

Served like the real app (`gunicorn -k gevent -w 1 --chdir scripts/bench floor_server:app`) and
driven by the same Node script (scripts/bench/node/spectators.js `fanout`): `join_board`
joins one room and acks; `POST /api/v1/scores` bumps a counter, broadcasts `standings_changed`
{seq, since, rows: <payload>} to the room and answers {"seq": n} — no database, no auth, no
standings. JX_FLOOR_BYTES sets the delta's encoded size (the real delta's, measured in the same
run), so the ratio ours / floor is the cost of everything the real app does per push.
Websocket compression is refused as in the real app (app/realtime/compression.py).
"""

from __future__ import annotations

import itertools
import os
import sys
from pathlib import Path

from flask import Flask, jsonify
from flask_socketio import SocketIO, join_room

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from app.realtime.compression import NoWebSocketCompression  # noqa: E402

ROOM = "board"
BYTES = int(os.environ.get("JX_FLOOR_BYTES", "400"))
app = Flask(__name__)
socketio = SocketIO(app, async_mode="gevent", cors_allowed_origins="*")
_seq = itertools.count(1)


def _rows(size: int) -> list[dict[str, object]]:
    """Return standings-like rows whose JSON is about `size` bytes in all."""
    row = {"registration_id": 1, "rank": 1, "total": "87.50", "name": "张三",
           "organization": "工厂", "status": "SCORED"}
    one = len(str(row))
    return [dict(row, registration_id=i) for i in range(max(1, size // one))]


ROWS = _rows(BYTES)


@socketio.on("join_board")
def join_board(_data: object) -> dict[str, bool]:
    """Join the one room and acknowledge."""
    join_room(ROOM)
    return {"ok": True}


@app.post("/api/v1/scores")
def score() -> object:
    """Broadcast the next delta to every joined socket; answer with its seq."""
    seq = next(_seq)
    socketio.emit("standings_changed", {"seq": seq, "since": seq - 1, "rows": ROWS}, to=ROOM)
    return jsonify(seq=seq), 201


app.wsgi_app = NoWebSocketCompression(app.wsgi_app)  # type: ignore[method-assign]
