"""The one display time zone (config DISPLAY_TIMEZONE, default Asia/Shanghai) and the official
working-day calendar.

Storage is UTC; everything a person reads (pages, PDFs, exports, the big-screen clock) is shown
in this one zone, so a certificate, a ticket and a 公示 issued at 23:30 UTC all carry the next
day's Beijing date. The 公示 period counts working days on the official holiday calendar
(``chinesecalendar``), passed to the pure app.domain.calendar as data.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

from app.domain.calendar import HolidayCalendar, PeriodEnd, working_period_end

DEFAULT_ZONE = "Asia/Shanghai"


def display_zone() -> ZoneInfo:
    """Return the configured display time zone."""
    name = DEFAULT_ZONE
    if has_app_context():
        name = current_app.config.get("DISPLAY_TIMEZONE") or DEFAULT_ZONE
    return ZoneInfo(name)


def zone_label() -> str:
    """Return the display zone as a person names it ("北京时间" for Asia/Shanghai), else its key."""
    zone = display_zone()
    if zone.key == DEFAULT_ZONE:
        from flask_babel import gettext

        return gettext("Beijing time")
    return zone.key


def to_local(moment: datetime) -> datetime:
    """Return a stored UTC moment as an aware datetime in the display zone."""
    return moment.astimezone(display_zone())


def local_date(moment: datetime) -> date:
    """Return the display zone's calendar date at a UTC moment (e.g. "issued on")."""
    return to_local(moment).date()


def format_local(moment: datetime | str | None, pattern: str = "%Y-%m-%d %H:%M") -> str:
    """Return a UTC moment (or its ISO text, as boards carry it) as display-zone text."""
    if not moment:
        return ""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return to_local(moment).strftime(pattern)


@cache
def official_calendar() -> HolidayCalendar:
    """Return the official holidays and adjusted working days the package knows."""
    import chinese_calendar

    holidays = frozenset(chinese_calendar.holidays)
    workdays = frozenset(chinese_calendar.workdays)
    # Only the years whose holidays are all listed count as covered (2004 to the package's last).
    years = frozenset(range(min(holidays).year, max(holidays).year + 1))
    return HolidayCalendar(holidays=holidays, workdays=workdays, years=years)


def publication_period_end(start: datetime, working_days: int) -> PeriodEnd:
    """Return when a 公示 opened at ``start`` (UTC) ends, counted on the official calendar."""
    return working_period_end(to_local(start), working_days, official_calendar())
