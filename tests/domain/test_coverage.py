"""Coverage gaps (§4 回避): a seat on which every seated judge must recuse from a contestant."""

from __future__ import annotations

import pytest

from app.domain.conflicts import (
    ContestantProfile,
    JudgeProfile,
    conflicted_pairs,
    uncovered_seats,
)

J1 = JudgeProfile("j1", employer="唐山华冶")
J2 = JudgeProfile("j2", employer="市技师学院")
J3 = JudgeProfile("j3", declared_conflicts=frozenset({"p2"}))
SAME_AS_J1 = ContestantProfile("p1", employer="唐山华冶")
DECLARED_BY_J3 = ContestantProfile("p2", employer="第一机械厂")
FREE = ContestantProfile("p3", employer="第二机械厂")


@pytest.mark.parametrize(
    ("seats", "expected"),
    [
        pytest.param({"A1.1": ["j1"]}, {"p1": ("A1.1",)}, id="one judge, recused"),
        pytest.param({"A1.1": ["j1", "j2"]}, {}, id="two judges, one recused"),
        pytest.param({"A1.2": ["j3"]}, {"p2": ("A1.2",)}, id="a declared conflict"),
        pytest.param({"A1.1": ["j1", "j3"]}, {}, id="each recuses from another contestant"),
        pytest.param({"B1.1": []}, {}, id="nobody seated is the panels' gap, not recusal's"),
        pytest.param({"A1.1": ["j1"], "A1.2": ["j2"], "C1.1": ["j1"]},
                     {"p1": ("A1.1", "C1.1")}, id="several seats of one contestant"),
    ],
)
def test_uncovered_seats(seats: dict[str, list[str]], expected: dict[str, tuple[str, ...]]) -> None:
    contestants = [SAME_AS_J1, DECLARED_BY_J3, FREE]
    pairs = conflicted_pairs([J1, J2, J3], contestants)
    assert uncovered_seats(seats, [c.person_id for c in contestants], pairs) == expected
