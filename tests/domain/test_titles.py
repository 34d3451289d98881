"""Honorary titles per preset, group and team size (§6, §10.14)."""

from __future__ import annotations

import pytest

from app.domain.codes import Group, Tier
from app.domain.presets import PRESETS
from app.domain.rulesets import TitleState
from app.domain.titles import TitleCandidate, assign_titles

E, S = Group.EMPLOYEE, Group.STUDENT


def titled(
    preset: str, n: int, group: Group = E, team_size: int = 1, ranks: list[int] | None = None
) -> list[int]:
    ranks = ranks or list(range(1, n + 1))
    cands = [TitleCandidate(f"e{i}", group, r) for i, r in enumerate(ranks)]
    out = assign_titles(cands, PRESETS[preset], n, team_size=team_size)
    return [ranks[i] for i in range(len(ranks)) if out[f"e{i}"]]


@pytest.mark.parametrize(
    ("team_size", "top"),
    [(1, 5), (2, 3), (3, 2), (4, 5), (5, 5)],
)
def test_national_title_by_team_size(team_size: int, top: int) -> None:
    assert titled("NATIONAL_GENERAL", 30, team_size=team_size) == list(range(1, top + 1))


@pytest.mark.parametrize(
    ("preset", "group", "n", "ranks", "state"),
    [
        ("NATIONAL_GENERAL", S, 30, [1, 2, 3, 4, 5], TitleState.NOMINATED),  # both groups
        ("NATIONAL_CLASS", E, 30, [1, 2, 3, 4, 5], TitleState.NOMINATED),
        ("NATIONAL_CLASS", S, 30, [], None),  # employee only
        ("PROVINCIAL_CLASS_1", E, 30, [1, 2, 3], TitleState.NOMINATED),
        ("PROVINCIAL_CLASS_1", S, 30, [], None),
        ("PROVINCIAL_CLASS_2", S, 30, [1], TitleState.NOMINATED),
        ("MUNICIPALITY_CLASS_1", E, 30, [1], TitleState.ELIGIBLE_TO_APPLY),
        ("MUNICIPALITY_CLASS_2", S, 30, [], None),  # 直辖市 二类/区级: no title (§7)
        ("PREFECTURE_CITY", S, 30, list(range(1, 11)), TitleState.AUTO_GRANTED),
        ("ENTERPRISE", E, 20, [1, 2, 3, 4, 5, 6], TitleState.AUTO_GRANTED),  # top 30%
        ("ENTERPRISE", S, 2, [1], TitleState.AUTO_GRANTED),  # max(1, ⌊0.6⌋)
    ],
)
def test_titles_per_preset(
    preset: str, group: Group, n: int, ranks: list[int], state: TitleState | None
) -> None:
    assert titled(preset, n, group) == ranks
    cands = [TitleCandidate("x", group, 1)]
    won = assign_titles(cands, PRESETS[preset], n)["x"]
    assert (won[0].state if won else None) is state


def test_shared_rank_and_unranked() -> None:
    assert titled("PROVINCIAL_CLASS_1", 30, ranks=[1, 2, 3, 3, 5]) == [1, 2, 3, 3]
    out = assign_titles([TitleCandidate("dnf", E, None)], PRESETS["NATIONAL_GENERAL"], 5)
    assert out == {"dnf": ()}


def test_title_award_fields() -> None:
    won = assign_titles([TitleCandidate("x", E, 1)], PRESETS["NATIONAL_GENERAL"], 10)["x"]
    assert len(won) == 1
    assert (won[0].code, won[0].name, won[0].tier) == (
        "NATIONAL_TECHNICAL_EXPERT",
        "全国技术能手",
        Tier.NATIONAL,
    )
