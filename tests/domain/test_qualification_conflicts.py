"""Qualification quotas (§1, §10.15) and judge recusal (§4)."""

from __future__ import annotations

import pytest

from app.domain.codes import FinishStatus
from app.domain.conflicts import (
    ContestantProfile,
    JudgeProfile,
    conflict_reasons,
    conflicted_pairs,
    may_score,
)
from app.domain.errors import InputError
from app.domain.qualification import qualify
from app.domain.ranking import RankedEntry


def listing(ranks: list[int | None]) -> list[RankedEntry]:
    return [
        RankedEntry(f"e{i + 1}", FinishStatus.FINISHED if r else FinishStatus.DNF, r, i + 1)
        for i, r in enumerate(ranks)
    ]


@pytest.mark.parametrize(
    ("ranks", "quota", "withdrawn", "qualified", "shared"),
    [
        ([1, 2, 3, 4, 5], 3, set(), ["e1", "e2", "e3"], False),
        ([1, 2, 3, 4, 5], 3, {"e2"}, ["e1", "e3", "e4"], False),  # next-ranked finisher in
        ([1, 2, 3, 3, 5], 3, set(), ["e1", "e2", "e3", "e4"], True),  # shared last slot
        ([1, 2, 3, 3, 5], 3, {"e3"}, ["e1", "e2", "e4"], False),
        ([1, 1, 1], 1, set(), ["e1", "e2", "e3"], True),  # all tied
        ([1, 2, None], 5, set(), ["e1", "e2"], False),  # DNF never qualifies
        ([None, None], 2, set(), [], False),  # everyone DNF
        ([1, 2], 0, set(), [], False),
    ],
)
def test_qualify(
    ranks: list[int | None], quota: int, withdrawn: set[str], qualified: list[str], shared: bool
) -> None:
    result = qualify(listing(ranks), quota, withdrawn=withdrawn)
    assert list(result.qualified) == qualified
    assert result.shared_last_slot is shared


def test_negative_quota() -> None:
    with pytest.raises(InputError):
        qualify(listing([1]), -1)


JUDGE = JudgeProfile(
    "j1", employer="国网天津电力公司", school=None, declared_conflicts=frozenset({"p9"})
)


@pytest.mark.parametrize(
    ("contestant", "codes"),
    [
        (ContestantProfile("p1", employer="天津港集团"), []),
        (ContestantProfile("p1", employer=" 国网天津电力公司 "), ["conflict.same_employer"]),
        (ContestantProfile("p1", school="国网天津电力公司"), ["conflict.same_school"]),
        (ContestantProfile("p9"), ["conflict.declared"]),
        (ContestantProfile("p2", declared_conflicts=frozenset({"j1"})), ["conflict.declared"]),
        (ContestantProfile("p3", employer=None, school=None), []),
    ],
)
def test_conflicts(contestant: ContestantProfile, codes: list[str]) -> None:
    assert [r.code for r in conflict_reasons(JUDGE, contestant)] == codes
    assert may_score(JUDGE, contestant) is (not codes)


def test_school_judge_and_matrix() -> None:
    judge = JudgeProfile("j2", school="天津职业技术师范大学")
    students = [ContestantProfile("s1", school="天津职业技术师范大学"), ContestantProfile("s2")]
    pairs = conflicted_pairs([judge, JUDGE], students)
    assert list(pairs) == [("j2", "s1")]
    assert pairs[("j2", "s1")][0].code == "conflict.same_school"
