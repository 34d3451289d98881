"""Column types shared by the models."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import DateTime, String
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    """Return the current time, timezone-aware in UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Store naive UTC, return aware UTC, so SQLite and PostgreSQL behave alike."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:  # noqa: ANN001
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; pass an aware datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:  # noqa: ANN001
        return None if value is None else value.replace(tzinfo=UTC)


class Mark(TypeDecorator[Decimal]):
    """A mark or weight, exact as text on every backend (SQLite has no DECIMAL)."""

    impl = String(24)
    cache_ok = True

    def process_bind_param(self, value: Decimal | int | str | None, dialect) -> str | None:  # noqa: ANN001
        return None if value is None else str(Decimal(value))

    def process_result_value(self, value: str | None, dialect) -> Decimal | None:  # noqa: ANN001
        return None if value is None else Decimal(value)


# Code columns hold enum values defined in app.domain; plain strings keep the
# schema stable when a code list grows.
Code = String(32)

__all__ = ["Code", "Mark", "UTCDateTime", "utcnow"]
