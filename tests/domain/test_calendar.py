"""Working days for the publication period (DOMAIN §8): Saturdays and Sundays do not count."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from app.domain.calendar import (
    HolidayCalendar,
    PeriodEnd,
    add_working_days,
    is_working_day,
    working_period_end,
)


def at(day: int, hour: int = 10) -> datetime:
    # May 2026: the 18th is a Monday, the 22nd a Friday, the 23rd/24th a weekend.
    return datetime(2026, 5, day, hour, 30, tzinfo=UTC)


@pytest.mark.parametrize(("start", "days", "end"), [
    (at(18), 0, at(18)),
    (at(18), 1, at(19)),
    (at(18), 5, at(25)),      # Monday + 5 working days = next Monday
    (at(22), 1, at(25)),      # Friday + 1 skips the weekend
    (at(22), 5, at(29)),
    (at(23), 1, at(25)),      # opened on Saturday
    (at(24), 1, at(25)),      # opened on Sunday
    (at(20), 10, datetime(2026, 6, 3, 10, 30, tzinfo=UTC)),
])
def test_add_working_days_skips_weekends(start, days, end):
    assert add_working_days(start, days) == end


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        add_working_days(at(18), -1)


def test_weekdays_are_working_days():
    assert [is_working_day(date(2026, 5, d)) for d in range(18, 25)] == [
        True, True, True, True, True, False, False]


# 2025 国庆/中秋: 1–8 October off, Sunday 28 September and Saturday 11 October worked.
GOLDEN_WEEK = HolidayCalendar(
    holidays=frozenset(date(2025, 10, d) for d in range(1, 9)),
    workdays=frozenset({date(2025, 9, 28), date(2025, 10, 11)}),
    years=frozenset({2025}),
)


def bj(month: int, day: int) -> datetime:
    return datetime(2025, month, day, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(("start", "days", "end"), [
    (bj(9, 29), 1, bj(9, 30)),
    (bj(9, 29), 2, bj(10, 9)),    # the holiday week does not count
    (bj(9, 29), 4, bj(10, 11)),   # the adjusted Saturday counts
    (bj(9, 29), 5, bj(10, 13)),
    (bj(9, 27), 1, bj(9, 28)),    # the adjusted Sunday counts
])
def test_official_calendar_skips_holidays_and_counts_adjusted_days(start, days, end):
    assert working_period_end(start, days, GOLDEN_WEEK) == PeriodEnd(end, weekends_only=False)


def test_a_year_the_calendar_does_not_cover_falls_back_to_weekends_and_says_so():
    start = datetime(2025, 12, 31, 10, 0, tzinfo=UTC)
    assert working_period_end(start, 2, GOLDEN_WEEK) == PeriodEnd(
        datetime(2026, 1, 2, 10, 0, tzinfo=UTC), weekends_only=True)


def test_without_a_calendar_only_weekends_are_skipped():
    assert working_period_end(bj(9, 29), 5) == PeriodEnd(bj(10, 6), weekends_only=True)
    assert working_period_end(bj(9, 29), 0) == PeriodEnd(bj(9, 29), weekends_only=False)
