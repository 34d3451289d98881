"""Working days for the publication period (DOMAIN §8): Saturdays and Sundays do not count."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from app.domain.calendar import add_working_days, is_working_day


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
