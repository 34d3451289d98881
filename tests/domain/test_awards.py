"""Award schemes follow rank values (§6, §10.8)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.domain.awards import Award, AwardScheme, AwardSettings, assign_awards, prize_bands

G, S, B, M = Award.GOLD, Award.SILVER, Award.BRONZE, Award.MERIT
P1, P2, P3 = Award.FIRST_PRIZE, Award.SECOND_PRIZE, Award.THIRD_PRIZE
MEDALS = AwardSettings(AwardScheme.MEDALS_PLUS_MERIT)


def by_rank(
    n: int,
    settings: AwardSettings,
    ranks: list[int] | None = None,
    ws: dict[str, int] | None = None,
) -> list[Award | None]:
    ranks = ranks or list(range(1, n + 1))
    table = {f"e{i}": r for i, r in enumerate(ranks)}
    out = assign_awards(table, n, settings, ws_scores=ws)
    return [out[f"e{i}"] for i in range(len(ranks))]


def test_medals_plus_merit_n25() -> None:
    """DOMAIN.md §6: MEDALS_PLUS_MERIT, n = 25 → 优胜奖 ranks 4–12."""
    awards = by_rank(25, MEDALS)
    assert awards[:3] == [G, S, B]
    assert [i + 1 for i, a in enumerate(awards) if a is M] == list(range(4, 13))
    assert awards[12:] == [None] * 13


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, [G]),
        (2, [G, S]),
        (3, [G, S, B]),
        (7, [G, S, B, None, None, None, None]),  # ⌊7/2⌋ = 3: no 优胜奖
        (8, [G, S, B, M, None, None, None, None]),
    ],
)
def test_medals_whatever_n(n: int, expected: list[Award | None]) -> None:
    assert by_rank(n, MEDALS) == expected


def test_shared_rank_shares_the_award() -> None:
    # two rank-1 → two golds, then rank 3 bronze, no silver
    assert by_rank(10, MEDALS, [1, 1, 3, 4, 4, 6]) == [G, G, B, M, M, None]


def test_unranked_get_nothing() -> None:
    assert assign_awards({"a": 1, "dnf": None}, 1, MEDALS) == {"a": G, "dnf": None}


@pytest.mark.parametrize(
    ("n", "bands"),
    [(1, (1, 2, 3)), (5, (1, 2, 3)), (10, (1, 3, 6)), (25, (2, 7, 14)), (100, (10, 30, 60))],
)
def test_percent_bands(n: int, bands: tuple[int, int, int]) -> None:
    assert prize_bands(AwardSettings(AwardScheme.PERCENT_PRIZES), n) == bands


def test_percent_prizes_n10() -> None:
    awards = by_rank(10, AwardSettings(AwardScheme.PERCENT_PRIZES))
    assert awards == [P1, P2, P2, P3, P3, P3, None, None, None, None]


def test_percent_prizes_with_shared_ranks() -> None:
    assert by_rank(10, AwardSettings(AwardScheme.PERCENT_PRIZES), [1, 1, 3, 4, 7]) == [
        P1,
        P1,
        P2,
        P3,
        None,
    ]


def test_fixed_count() -> None:
    settings = AwardSettings(AwardScheme.FIXED_COUNT, counts=(2, 4, 6))
    awards = by_rank(15, settings)
    assert awards == [P1] * 2 + [P2] * 4 + [P3] * 6 + [None] * 3
    custom = AwardSettings(AwardScheme.FIXED_COUNT, counts=(1, 1, 1))
    assert by_rank(4, custom) == [P1, P2, P3, None]


def test_custom_percentages() -> None:
    settings = AwardSettings(
        AwardScheme.PERCENT_PRIZES, percents=(Decimal("0.2"), Decimal("0.2"), Decimal("0.2"))
    )
    assert prize_bands(settings, 10) == (2, 4, 6)


def test_worldskills_medallion() -> None:
    settings = AwardSettings(AwardScheme.WORLDSKILLS)
    ws = {"e0": 729, "e1": 718, "e2": 710, "e3": 700, "e4": 692, "e5": 679, "e6": 667}
    assert by_rank(7, settings, ws=ws) == [
        G,
        S,
        B,
        Award.MEDALLION_FOR_EXCELLENCE,
        None,
        None,
        None,
    ]


def test_award_names() -> None:
    assert [a.zh for a in (G, S, B, M, P1, P2, P3)] == [
        "金牌",
        "银牌",
        "铜牌",
        "优胜奖",
        "一等奖",
        "二等奖",
        "三等奖",
    ]
