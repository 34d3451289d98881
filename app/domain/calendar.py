"""Working-day arithmetic for the publication period (公示期, DOMAIN §8).

The period is counted in working days on the official calendar: Saturdays and Sundays do not
count, public holidays (法定节假日, e.g. 国庆) do not count, and the adjusted working days
(调休上班, a Saturday or Sunday declared a working day) do count. The calendar is data passed
in (``HolidayCalendar``): the service layer fills it from the ``chinesecalendar`` package; for
a year the data does not cover only weekends are skipped, and the result says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

_SATURDAY = 5


@dataclass(frozen=True, slots=True)
class HolidayCalendar:
    """Official days off and adjusted working days, for the years it covers."""

    holidays: frozenset[date] = field(default_factory=frozenset)
    workdays: frozenset[date] = field(default_factory=frozenset)
    years: frozenset[int] = field(default_factory=frozenset)

    def covers(self, day: date) -> bool:
        """Tell whether the official calendar of the day's year is known."""
        return day.year in self.years


WEEKENDS_ONLY = HolidayCalendar()


@dataclass(frozen=True, slots=True)
class PeriodEnd:
    """Where a working-day period ends and whether weekends alone were used for some day."""

    at: datetime
    weekends_only: bool


def is_working_day(day: date, calendar: HolidayCalendar = WEEKENDS_ONLY) -> bool:
    """Tell whether a day counts toward a publication period on the given calendar."""
    if day in calendar.workdays:
        return True
    if day in calendar.holidays:
        return False
    return day.weekday() < _SATURDAY


def working_period_end(start: datetime, days: int,
                       calendar: HolidayCalendar = WEEKENDS_ONLY) -> PeriodEnd:
    """Return ``start`` moved forward by ``days`` working days, keeping the time of day.

    Each step moves to the next working day, so a period opened on a Friday afternoon with one
    working day ends on Monday afternoon, and one opened on the eve of 国庆 skips the holiday
    week and counts the adjusted Saturday. ``weekends_only`` is True when a day counted lay in
    a year the calendar does not cover. Zero days returns ``start``; negative is refused.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    moment = start
    left = days
    guessed = False
    while left:
        moment += timedelta(days=1)
        guessed = guessed or not calendar.covers(moment.date())
        if is_working_day(moment.date(), calendar):
            left -= 1
    return PeriodEnd(moment, guessed)


def add_working_days(start: datetime, days: int,
                     calendar: HolidayCalendar = WEEKENDS_ONLY) -> datetime:
    """Return ``start`` moved forward by ``days`` working days on the calendar."""
    return working_period_end(start, days, calendar).at
