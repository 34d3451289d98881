"""Rank bands (§7, §10.9) and the shipped presets with their sources and layers (§1, §7)."""

from __future__ import annotations

import pytest

from app.domain.bands import Band, BandKind
from app.domain.codes import Category, Group, Tier
from app.domain.errors import RuleSetError
from app.domain.grades import Grade
from app.domain.presets import PRESETS, get_preset, presets_for, suggested_preset
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
        (Band.rest(11), 30, [11, 30], [10, 31]),  # 11…n
        (Band.rest(11), 10, [], [10, 11]),
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
        ("11-n", BandKind.ALL, "11-n"),
        ("11 – N", BandKind.ALL, "11-n"),
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
EA, REL = PromotionAction.ELIGIBLE_TO_APPLY, PromotionAction.RELATIVE


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
        ("MUNICIPALITY_CLASS_1", [("1-10", E, T, Grade.L2), ("1-10", S, NB, Grade.L3)]),
        ("MUNICIPALITY_CLASS_2", [("1-6", E, T, Grade.L3), ("1-6", S, NB, Grade.L4)]),
        (
            "PREFECTURE_CITY",
            [
                ("1-1", None, EA, Grade.L2),
                ("2-10", None, NB, Grade.L3),
                ("2-10", None, EA, Grade.L2),
                ("11-n", None, REL, None),
            ],
        ),
        ("ENTERPRISE", [("top30%", E, T, Grade.L4), ("top30%", S, NB, Grade.L4)]),
    ],
)
def test_preset_rows(code: str, expected: list) -> None:
    assert rows(code) == expected


@pytest.mark.parametrize(
    ("code", "titles"),
    [
        ("NATIONAL_GENERAL", [("team_top", "全国技术能手")]),
        ("NATIONAL_CLASS", [("team_top", "全国技术能手")]),
        ("PROVINCIAL_CLASS_1", [("1-3", "{region}技术能手")]),
        ("PROVINCIAL_CLASS_2", [("1-1", "{region}技术能手")]),
        ("MUNICIPALITY_CLASS_1", [("1-1", "{region}技术能手")]),
        ("MUNICIPALITY_CLASS_2", []),
        (
            "PREFECTURE_CITY",
            [
                ("1-1", "{region}{occupation}技术状元"),
                ("2-2", "{region}{occupation}技术标兵"),
                ("3-10", "{region}{occupation}技术能手"),
            ],
        ),
        ("ENTERPRISE", [("top30%", "企业技术能手")]),
    ],
)
def test_preset_titles(code: str, titles: list[tuple[str, str]]) -> None:
    got = [(r.band.label, r.title.name) for _i, r in PRESETS[code].title_rows() if r.title]
    assert got == titles


@pytest.mark.parametrize(
    ("code", "gated"),
    [
        ("NATIONAL_GENERAL", False),  # 优胜奖及以上 promoted with no pass condition (§7)
        ("NATIONAL_CLASS", True),
        ("PREFECTURE_CITY", True),  # 石家庄: 应知应会成绩均合格
        ("MUNICIPALITY_CLASS_1", True),
    ],
)
def test_pass_gate_per_preset(code: str, gated: bool) -> None:
    assert {r.pass_gate for _i, r in PRESETS[code].promotion_rows()} == {gated}


def test_every_preset_names_its_source_and_layer() -> None:
    assert len(PRESETS) == 8
    for preset in PRESETS.values():
        assert preset.origin is not None and preset.origin.document and preset.origin.issuer
        assert preset.layer is not None
    assert PRESETS["MUNICIPALITY_CLASS_1"].layer is Tier.PROVINCIAL
    assert PRESETS["MUNICIPALITY_CLASS_1"].origin.year == 2024
    assert PRESETS["PREFECTURE_CITY"].layer is Tier.MUNICIPAL


def test_unknown_and_renamed_presets() -> None:
    with pytest.raises(RuleSetError) as exc:
        get_preset("NOPE")
    assert exc.value.code == "ruleset.unknown_preset"
    assert get_preset("MUNICIPALITY_CLASS_1").code == "MUNICIPALITY_CLASS_1"


@pytest.mark.parametrize(
    ("tier", "category", "code"),
    [
        (Tier.NATIONAL, Category.GENERAL, "NATIONAL_GENERAL"),
        (Tier.NATIONAL, Category.CLASS_1, "NATIONAL_CLASS"),
        (Tier.PROVINCIAL, Category.CLASS_1, "PROVINCIAL_CLASS_1"),
        (Tier.PROVINCIAL, Category.CLASS_2, "PROVINCIAL_CLASS_2"),
        (Tier.MUNICIPAL, Category.GENERAL, "PREFECTURE_CITY"),  # 唐山 is never given 天津 rows
        (Tier.MUNICIPAL, Category.CLASS_1, "PREFECTURE_CITY"),
        (Tier.MUNICIPAL, Category.CLASS_2, "PREFECTURE_CITY"),
        (Tier.ENTERPRISE, Category.GENERAL, "ENTERPRISE"),
        (Tier.COUNTY, Category.GENERAL, "ENTERPRISE"),
        (Tier.WORLD, Category.SPECIAL, "NATIONAL_GENERAL"),
        (Tier.NATIONAL, Category.SPECIAL, "NATIONAL_GENERAL"),
    ],
)
def test_suggested_preset(tier: Tier, category: Category, code: str) -> None:
    assert suggested_preset(tier, category).code == code


@pytest.mark.parametrize(
    ("category", "code"),
    [
        (Category.GENERAL, "MUNICIPALITY_CLASS_1"),  # 天津 市级综合 = provincial layer
        (Category.CLASS_1, "MUNICIPALITY_CLASS_1"),
        (Category.CLASS_2, "MUNICIPALITY_CLASS_2"),
    ],
)
def test_municipality_takes_provincial_layer(category: Category, code: str) -> None:
    assert suggested_preset(Tier.MUNICIPAL, category, is_municipality=True).code == code
    assert presets_for(Tier.MUNICIPAL, is_municipality=True)[0].layer is Tier.PROVINCIAL
    assert presets_for(Tier.MUNICIPAL)[0].code == "PREFECTURE_CITY"


@pytest.mark.parametrize(
    ("tier", "height"),
    [(Tier.ENTERPRISE, 0), (Tier.COUNTY, 1), (Tier.MUNICIPAL, 2), (Tier.PROVINCIAL, 3),
     (Tier.NATIONAL, 4), (Tier.WORLD, 5)],
)
def test_tier_pyramid(tier: Tier, height: int) -> None:
    assert tier.height == height
