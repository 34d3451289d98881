"""Judge statistics: deviation from the other judges' median, tendency, counts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.judge_stats import SheetMarks, Tendency, judge_statistics

D = Decimal


def j_sheet(key: int, a: int, b: int, c: int) -> SheetMarks:
    return SheetMarks(key=key, scale=D(3), values={1: D(a), 2: D(b), 3: D(c)})


def by_id(stats):
    return {s.judge_id: s for s in stats}


def test_a_judge_one_below_the_others_every_time_is_severe() -> None:
    stats = by_id(judge_statistics([j_sheet(k, 2, 2, 1) for k in range(4)]))
    assert stats[3].tendency is Tendency.SEVERE
    assert stats[3].mean_deviation == D("-0.3333")
    assert stats[3].compared == 4 and stats[3].scores == 4
    # Judges 1 and 2 sit half a point above the median of (other, judge 3).
    assert stats[1].mean_deviation == D("0.1667")
    assert stats[1].tendency is Tendency.LENIENT


def test_agreeing_panel_is_balanced_and_deviation_is_zero() -> None:
    stats = judge_statistics([j_sheet(k, 2, 2, 2) for k in range(3)])
    assert all(s.tendency is Tendency.BALANCED for s in stats)
    assert all(s.mean_deviation == 0 and s.mean_abs_deviation == 0 for s in stats)


def test_panel_deviation_is_a_fraction_of_the_max_mark() -> None:
    sheets = [SheetMarks(key=k, scale=D(30), values={1: D(20), 2: D(23), 3: D(26)})
              for k in range(3)]
    stats = by_id(judge_statistics(sheets))
    assert stats[1].mean_deviation == D("-0.15")
    assert stats[1].mean_abs_deviation == D("0.15")
    assert stats[2].mean_deviation == 0


def test_single_judge_sheets_count_but_are_not_compared() -> None:
    sheets = [SheetMarks(key="m", scale=D(40), values={1: D(40)}),
              SheetMarks(key="t", scale=D(100), values={9: D(80)})]
    stats = by_id(judge_statistics(sheets, judge_ids=[1, 5]))
    assert stats[1].scores == 1 and stats[1].compared == 0
    assert stats[1].mean_deviation is None
    assert stats[1].tendency is Tendency.INSUFFICIENT
    assert stats[5].scores == 0 and stats[5].tendency is Tendency.INSUFFICIENT
    assert stats[9].scores == 1


def test_too_few_compared_sheets_say_nothing_yet() -> None:
    stats = by_id(judge_statistics([j_sheet(1, 3, 0, 0)]))
    assert stats[1].mean_deviation == D(1)
    assert stats[1].tendency is Tendency.INSUFFICIENT


@pytest.mark.parametrize("threshold, expected", [(D("0.5"), Tendency.BALANCED),
                                                 (D("0.2"), Tendency.SEVERE)])
def test_threshold_is_configurable(threshold, expected) -> None:
    stats = by_id(judge_statistics([j_sheet(k, 2, 2, 1) for k in range(3)],
                                   threshold=threshold))
    assert stats[3].tendency is expected


@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3), st.integers(0, 3)),
                min_size=1, max_size=20))
def test_shifting_every_value_equally_changes_nothing(rows) -> None:
    base = judge_statistics([j_sheet(k, *row) for k, row in enumerate(rows)])
    shifted = judge_statistics([
        SheetMarks(key=k, scale=D(3), values={j: D(v) + 10 for j, v in zip((1, 2, 3), row,
                                                                           strict=True)})
        for k, row in enumerate(rows)])
    assert [s.mean_deviation for s in base] == [s.mean_deviation for s in shifted]
    assert all(s.scores == len(rows) for s in base)
    assert all(abs(s.mean_deviation) <= 1 for s in base)
