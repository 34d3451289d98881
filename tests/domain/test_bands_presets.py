"""Rank bands (§7, §10.9) and the seven shipped presets (§7)."""

from __future__ import annotations

import pytest

from app.domain.bands import Band, BandKind
from app.domain.codes import Category, Group, Tier
from app.domain.errors import RuleSetError
from app.domain.grades import Grade
from app.domain.presets import PRESETS, get_preset, suggested_preset
from app.domain.rulesets import PromotionAction


@pytest.mark.parametrize(
    ("band", "n", "inside", "outside"),
    [
        (Band.range(1, 3), 2, [1, 2, 3], [0, 4, None]),
        (Band.half(4), 25, [4, 12], [3, 13]),  # 4…⌊25/2⌋
        (Band.half(1), 1, [], [1]),  # empty for n = 1
        (Band.half(1), 2, [1], [2]),
        (Band.top_percent(30), 20, [1, 6], [7]),
        (Band.top_percent(30), 3, [1], [2]),  # max(1, ⌊0.9⌋)
        (Band.top_percent(30), 10, [3], [4]),
    ],
)
def test_band_contains(band: Band, n: int, inside: list[int], outside: list[int | None]) -> None:
    assert all(band.contains(r, n) for r in inside)
    assert not any(band.contains(r, n) for r in outside)


@pytest.mark.parametrize(
    ("text", "kind", "label"),
    [
        ("1-3", BandKind.RANGE, "1-3"),
        ("4–n/2", BandKind.HALF, "4-n/2"),
        ("11-⌊n/2⌋", BandKind.HALF, "11-n/2"),
        ("top 30%", BandKind.TOP_PERCENT, "top30%"),
        ("team_top", BandKind.TEAM_TOP, "team_top"),
    ],
)
def test_band_parse(text: str, kind: BandKind, label: str) -> None:
    band = Band.parse(text)
    assert band.kind is kind and band.label == label
    assert Band.parse(band.label) == band


@pytest.mark.parametrize("text", ["3-1", "0-2", "top0%", "top101%", "first five"])
def test_bad_bands(text: str) -> None:
    with pytest.raises(RuleSetError):
        Band.parse(text)


E, S = Group.EMPLOYEE, Group.STUDENT
T, NB = PromotionAction.TARGET, PromotionAction.TARGET_NO_BUMP


def rows(code: str) -> list[tuple[str, Group | None, PromotionAction | None, Grade | None]]:
    return [(r.band.label, r.group, r.action, r.target) for r in PRESETS[code].rows if r.action]


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("NATIONAL_GENERAL", [("1-n/2", E, T, Grade.L2), ("1-n/2", S, T, Grade.L2)]),
        (
            "NATIONAL_CLASS",
            [("1-5", E, T, Grade.L2), ("1-5", S, NB, Grade.L3), ("6-20", E, T, Grade.L3)],
        ),
        (
            "PROVINCIAL_CLASS_1",
            [
                ("1-10", E, T, Grade.L2),
                ("1-10", S, NB, Grade.L3),
                ("11-n/2", E, T, Grade.L3),
                ("11-n/2", S, NB, Grade.L4),
            ],
        ),
        (
            "PROVINCIAL_CLASS_2",
            [("1-5", E, T, Grade.L2), ("1-5", S, NB, Grade.L3), ("6-n/2", E, T, Grade.L3)],
        ),
        ("MUNICIPAL_CLASS_1", [("1-10", E, T, Grade.L2), ("1-10", S, NB, Grade.L3)]),
        ("MUNICIPAL_CLASS_2", [("1-6", E, T, Grade.L3), ("1-6", S, NB, Grade.L4)]),
        ("ENTERPRISE", [("top30%", E, T, Grade.L4), ("top30%", S, NB, Grade.L4)]),
    ],
)
def test_seven_presets(code: str, expected: list) -> None:
    assert rows(code) == expected
    assert len(PRESETS[code].title_rows()) == 1


def test_exactly_seven_presets() -> None:
    assert len(PRESETS) == 7
    with pytest.raises(RuleSetError) as exc:
        get_preset("NOPE")
    assert exc.value.code == "ruleset.unknown_preset"


@pytest.mark.parametrize(
    ("tier", "category", "code"),
    [
        (Tier.NATIONAL, Category.GENERAL, "NATIONAL_GENERAL"),
        (Tier.NATIONAL, Category.CLASS_1, "NATIONAL_CLASS"),
        (Tier.PROVINCIAL, Category.CLASS_1, "PROVINCIAL_CLASS_1"),
        (Tier.PROVINCIAL, Category.CLASS_2, "PROVINCIAL_CLASS_2"),
        (Tier.MUNICIPAL, Category.GENERAL, "MUNICIPAL_CLASS_1"),
        (Tier.MUNICIPAL, Category.CLASS_2, "MUNICIPAL_CLASS_2"),
        (Tier.ENTERPRISE, Category.GENERAL, "ENTERPRISE"),
    ],
)
def test_suggested_preset(tier: Tier, category: Category, code: str) -> None:
    assert suggested_preset(tier, category).code == code
