"""Small text helpers shared by the PDF builders (masking, Chinese dates, markup escaping)."""

from __future__ import annotations

from datetime import date, datetime
from xml.sax.saxutils import escape as _xml_escape


def mask_id_number(id_number: str) -> str:
    """Show only the first 6 and last 4 characters of an ID number, e.g. 120101********1234."""
    value = id_number.strip()
    if len(value) <= 10:
        # Too short to keep both ends: keep the last 2 so nothing identifying leaks.
        return "*" * max(len(value) - 2, 0) + value[-2:] if len(value) > 2 else "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def format_date(value: date) -> str:
    """Format a date the Chinese official way, e.g. 2024年5月18日."""
    return f"{value.year}年{value.month}月{value.day}日"


def format_time_window(start: datetime, end: datetime | None) -> str:
    """Format a start (and optional end) time, e.g. 2024年5月18日 08:30—11:30."""
    text = f"{format_date(start)} {start:%H:%M}"
    if end is None:
        return text
    if end.date() == start.date():
        return f"{text}—{end:%H:%M}"
    return f"{text} — {format_date(end)} {end:%H:%M}"


def escape(text: str) -> str:
    """Escape user text for a reportlab Paragraph (which parses a small XML markup)."""
    return _xml_escape(text.strip())
