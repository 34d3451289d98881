"""Keyed get-or-add for the demo loader, so a second run finds rows instead of adding them."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, Generic, TypeVar

from sqlalchemy import select

from app.extensions import db

M = TypeVar("M")
# China keeps one offset all year, so a fixed +08:00 needs no time-zone database.
CHINA = timezone(timedelta(hours=8))


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """Return an aware datetime for a Beijing wall-clock time on a day."""
    return datetime.combine(day, time(hour, minute), tzinfo=CHINA)


class Keyed(Generic[M]):
    """The rows of one model by natural key; `get_or_add` adds only what is missing."""

    def __init__(self, model: type[M], key: Callable[[M], Hashable], *where: Any) -> None:
        self.model = model
        self.key = key
        self.rows: dict[Hashable, M] = {
            key(row): row for row in db.session.scalars(select(model).where(*where))
        }
        self.added = 0

    def get(self, key: Hashable) -> M | None:
        """Return the row with this key, if any."""
        return self.rows.get(key)

    def get_or_add(self, key: Hashable, build: Callable[..., M], *args: Any, **fields: Any) -> M:
        """Return the row with this key, or add `build(*args, **fields)` (only when missing)."""
        row = self.rows.get(key)
        if row is None:
            row = build(*args, **fields)
            db.session.add(row)
            self.rows[key] = row
            self.added += 1
        return row

    def __getitem__(self, key: Hashable) -> M:
        return self.rows[key]
