"""Team results by organisation and coach standings (§6 unit and coach awards)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.errors import DomainError
from app.domain.unit_awards import (
    MemberResult,
    TeamRule,
    UnitAwardKind,
    coach_standings,
    team_standings,
)

M = MemberResult
MEMBERS = [
    M("华冶重工", 1, "FIRST_PRIZE", "王师傅"), M("华冶重工", 5, "SECOND_PRIZE", "王师傅"),
    M("华冶重工", 9, "THIRD_PRIZE"), M("华冶重工", 20),
    M("明远电气", 2, "FIRST_PRIZE", "李老师"), M("明远电气", 3, "SECOND_PRIZE"),
    M("明远电气", 10, "THIRD_PRIZE"),
    M("交通技校", 4, "SECOND_PRIZE", "赵教练"), M("交通技校", None),
    M(None, 6, "THIRD_PRIZE"),  # self-employed: no organisation
]


@pytest.mark.parametrize(
    ("rule", "k", "expected"),
    [
        # best 3 ranks: 明远 2+3+10=15, 华冶 1+5+9=15 → shared 1st; 交通 has 1 finisher
        (TeamRule.BEST_K_RANKS, 3, [("华冶重工", 1, "1+5+9=15"), ("明远电气", 1, "2+3+10=15"),
                                    ("交通技校", None, "4=4")]),
        (TeamRule.BEST_K_RANKS, 1, [("华冶重工", 1, "1=1"), ("明远电气", 2, "2=2"),
                                    ("交通技校", 3, "4=4")]),
        # medals: 华冶 1/1/1, 明远 1/1/1 → shared; 交通 0/1/0 third
        (TeamRule.MEDAL_COUNT, 3, [("华冶重工", 1, "金1 银1 铜1"), ("明远电气", 1, "金1 银1 铜1"),
                                   ("交通技校", 3, "金0 银1 铜0")]),
    ],
)
def test_team_standings(rule: TeamRule, k: int, expected: list) -> None:
    got = [(s.organization, s.rank, s.score) for s in team_standings(MEMBERS, rule=rule, k=k)]
    assert got == expected


def test_bad_k_is_refused() -> None:
    with pytest.raises(DomainError):
        team_standings(MEMBERS, rule=TeamRule.BEST_K_RANKS, k=0)


def test_coach_standings_best_first() -> None:
    got = [(c.coach, c.contestants, c.awarded, c.best_rank) for c in coach_standings(MEMBERS)]
    assert got == [("王师傅", 2, 2, 1), ("李老师", 1, 1, 2), ("赵教练", 1, 1, 4)]


def test_kind_names() -> None:
    assert [k.zh for k in UnitAwardKind] == ["团体奖", "优秀组织奖", "突出贡献单位", "优秀指导教师"]


@given(st.lists(st.tuples(st.sampled_from(["甲", "乙", "丙", "丁"]), st.integers(1, 30)),
                max_size=40), st.integers(1, 4))
def test_ranked_teams_are_ordered_by_score(pairs: list[tuple[str, int]], k: int) -> None:
    """Invariant: a better (lower) sum never ranks below a worse one; ranks start at 1."""
    members = [M(org, rank) for org, rank in pairs]
    ranked = [s for s in team_standings(members, rule=TeamRule.BEST_K_RANKS, k=k) if s.rank]
    sums = [sum(s.counted) for s in ranked]
    assert sums == sorted(sums)
    assert not ranked or ranked[0].rank == 1
    assert all(len(s.counted) == k for s in ranked)
