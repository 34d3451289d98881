"""Numeric-aware ordering of identifiers and codes ("A9" before "A10", 9 before 10, §10.7)."""

from __future__ import annotations

import re

_PARTS = re.compile(r"(\d+)")


def natural_key(value: object) -> tuple[tuple[int, int, str], ...]:
    """Return a sort key that compares digit runs as numbers and the rest as text.

    Identifiers reach the rules as strings ("10", "A-9"); a plain string sort puts "10"
    before "9". Text parts sort case-insensitively; numbers sort before text at the same
    position, so "9" precedes "A".
    """
    text = "" if value is None else str(value)
    key: list[tuple[int, int, str]] = []
    for part in _PARTS.split(text):
        if not part:
            continue
        if part.isdigit():
            key.append((0, int(part), part))
        else:
            key.append((1, 0, part.casefold()))
    return tuple(key)
