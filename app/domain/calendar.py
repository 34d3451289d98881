"""Working-day arithmetic for the publication period (公示期, DOMAIN §8).

The period is counted in working days: Saturdays and Sundays do not count. Public holidays
are not modelled (the organizer can finalise by hand or extend by publishing again).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

_SATURDAY = 5


def is_working_day(day: date) -> bool:
    """Tell whether a day counts toward a publication period (Monday to Friday)."""
    return day.weekday() < _SATURDAY


def add_working_days(start: datetime, days: int) -> datetime:
    """Return ``start`` moved forward by ``days`` working days, keeping the time of day.

    Each step moves to the next Monday–Friday, so a period opened on a Friday afternoon with
    one working day ends on Monday afternoon, and one opened on a Saturday with one working day
    ends on Monday at the same clock time. Zero days returns ``start``; negative is refused.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    moment = start
    left = days
    while left:
        moment += timedelta(days=1)
        if is_working_day(moment.date()):
            left -= 1
    return moment
