"""Read ids from Socket.IO payloads, which arrive as untyped JSON."""

from __future__ import annotations

from typing import Any

# Ids are 32-bit INTEGER columns: a larger number would make the query itself fail.
_ID_MAX = 2**31 - 1


def payload_id(data: Any, name: str) -> int | None:
    """Return `data[name]` if it is a plausible row id (a positive 32-bit int), else None."""
    value = data.get(name) if isinstance(data, dict) else None
    if type(value) is not int or not 0 < value <= _ID_MAX:
        return None
    return value
