"""Purpose-bound keys derived from the server's secret (never stored in the database).

Each use gets its own key, HMAC-SHA256(SECRET_KEY, label), so a value made for one purpose
(a board row key, an audit link) can never be replayed as another. ``AUDIT_KEY`` in the
configuration, when set, replaces the derived audit key (so SECRET_KEY can rotate).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from functools import lru_cache

from flask import current_app

BOARD_ROW_LABEL = b"jiangxin/board-row-key/v1"
AUDIT_CHAIN_LABEL = b"jiangxin/audit-chain/v1"
#: Hex characters of a board row key: 64 bits, unguessable and short enough for the DOM.
ROW_KEY_LENGTH = 16


def derive_key(label: bytes) -> bytes:
    """Return HMAC-SHA256(SECRET_KEY, label): a key for one purpose only."""
    return _derived(str(current_app.config["SECRET_KEY"]), label)


@lru_cache(maxsize=16)
def _derived(secret: str, label: bytes) -> bytes:
    # Cached per (secret, label): a board derives its row key once, not once per row.
    return hmac.new(secret.encode("utf-8"), label, hashlib.sha256).digest()


def audit_key() -> bytes:
    """Return the audit chain's key: config AUDIT_KEY, else one derived from SECRET_KEY."""
    configured = current_app.config.get("AUDIT_KEY")
    if configured:
        return str(configured).encode("utf-8")
    return derive_key(AUDIT_CHAIN_LABEL)


def row_key(project_id: int, registration_id: int) -> str:
    """Return a board row's opaque key: the same for one project's entry, unlinkable elsewhere."""
    return _row_key(derive_key(BOARD_ROW_LABEL), project_id, registration_id)


def row_keys(project_id: int) -> Callable[[int], str]:
    """Return registration id → row key for one project (the key derived once, not per row)."""
    key = derive_key(BOARD_ROW_LABEL)
    return lambda registration_id: _row_key(key, project_id, registration_id)


@lru_cache(maxsize=32768)
def _row_key(key: bytes, project_id: int, registration_id: int) -> str:
    # Cached: a live delta re-keys every row a score moved (thousands at 10,000 entries).
    message = f"{project_id}:{registration_id}".encode("ascii")
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:ROW_KEY_LENGTH]
