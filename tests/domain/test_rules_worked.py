"""DOMAIN.md §1–§3, §6, §7, §10 worked examples of issue #16 (直辖市, 地级市, 全国, ceiling).

The §4 examples (87.60, 82.33, 1.17) live in test_scoring.py, §6 n = 25 in test_awards.py,
直辖市 市级一类 rank 2 in test_promotion.py; the new readings are here, table-driven.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from app.domain.bands import Band
from app.domain.codes import Category, FinishStatus, Group, Tier, preset_layer
from app.domain.eligibility import HeldTitle, Person, ProjectRules, check_eligibility
from app.domain.errors import RuleSetError
from app.domain.grades import Grade
from app.domain.honours import YANTAI_BAR, GradeSource, Honour
from app.domain.presets import PRESETS, suggested_preset
from app.domain.promotion import Gate, Outcome, PromotionCandidate, PromotionDecision
from app.domain.promotion_engine import decide_promotions
from app.domain.rulesets import PromotionAction, RuleRow, RuleSet, TitleSpec, TitleState
from app.domain.titles import TitleCandidate, assign_titles

APP, L5, L4, L3, L2, L1 = Grade.APPRENTICE, Grade.L5, Grade.L4, Grade.L3, Grade.L2, Grade.L1
E, S = Group.EMPLOYEE, Group.STUDENT
OUT = Outcome


def cand(rank: int, cur: Grade | None, *, passed: bool = True, group: Group = E,
         eid: str = "e1") -> PromotionCandidate:
    return PromotionCandidate(eid, eid, group, FinishStatus.FINISHED, rank, 1, passed,
                              () if passed else ("理论知识",), cur)


def decide(preset: str | RuleSet, cands: list[PromotionCandidate], n: int = 30,
           **kw: object) -> tuple[PromotionDecision, ...]:
    rules = PRESETS[preset] if isinstance(preset, str) else preset
    return decide_promotions(cands, rules, n=n, occupation="焊工", year=2026,  # type: ignore[arg-type]
                             **kw).decisions


def summary(decisions: tuple[PromotionDecision, ...]) -> set[tuple[Outcome, Grade, Grade | None]]:
    return {(d.outcome, d.grade_after, d.apply_for) for d in decisions}


# ------------------------------------------------------------------ §7 地级市 (石家庄) preset

@pytest.mark.parametrize(
    ("rank", "cur", "expected"),
    [
        # rank 1, cur 高级工 → no change, ELIGIBLE_TO_APPLY 技师
        (1, L3, {(OUT.ELIGIBLE_TO_APPLY, L3, L2)}),
        (1, APP, {(OUT.ELIGIBLE_TO_APPLY, APP, L2)}),
        # rank 8, cur 学徒工 → 高级工 (never 技师: the 天津 rows are not a prefecture city's)
        (8, APP, {(OUT.PROMOTED, L3, None)}),
        (8, None, {(OUT.PROMOTED, L3, None)}),
        (2, L4, {(OUT.PROMOTED, L3, None)}),
        # rank 8, cur 高级工 → ELIGIBLE_TO_APPLY 技师
        (8, L3, {(OUT.ELIGIBLE_TO_APPLY, L3, L2)}),
        (10, L3, {(OUT.ELIGIBLE_TO_APPLY, L3, L2)}),
        # rank 15, cur 初级工 → 中级工; cur 高级工 → no change
        (15, L5, {(OUT.PROMOTED, L4, None)}),
        (15, L4, {(OUT.PROMOTED, L3, None)}),
        (15, L3, {(OUT.NO_CHANGE, L3, None)}),
        (30, APP, {(OUT.PROMOTED, L5, None)}),
    ],
)
def test_prefecture_city_passed(rank: int, cur: Grade | None, expected: set) -> None:
    """DOMAIN.md §7 worked (地级市 preset, passed)."""
    assert summary(decide("PREFECTURE_CITY", [cand(rank, cur)])) == expected


@pytest.mark.parametrize(("rank", "cur"), [(1, L3), (8, APP), (8, L3), (15, L5), (15, L3)])
def test_prefecture_city_not_passed(rank: int, cur: Grade) -> None:
    """DOMAIN.md §7: not passed → NOT_PASSED for all (pass gate on every 石家庄 row)."""
    decisions = decide("PREFECTURE_CITY", [cand(rank, cur, passed=False)])
    assert {d.outcome for d in decisions} == {OUT.NOT_PASSED}
    assert {d.grade_after for d in decisions} == {cur}


def test_prefecture_city_rank_8_technician_falls_outside_the_conditions() -> None:
    (d,) = decide("PREFECTURE_CITY", [cand(8, L2)])
    assert d.outcome is OUT.NOT_IN_BAND
    gate = next(g for g in d.explanation.gates if g.gate is Gate.GROUP_TABLE)
    assert gate.reason.code == "promotion.grade_condition"


# ------------------------------------------------------------------ §7 全国技能大赛, no pass gate

@pytest.mark.parametrize(
    ("rank", "passed", "cur", "outcome", "after"),
    [
        (10, False, L3, OUT.PROMOTED, L2),  # rank 10 of 30 = 优胜奖, one component 55: promoted
        (10, True, L3, OUT.PROMOTED, L2),
        (15, False, L4, OUT.PROMOTED, L2),  # ⌊30/2⌋ = 15 still 优胜奖
        (16, True, L4, OUT.NOT_IN_BAND, L4),
        (1, False, L2, OUT.PROMOTED, L1),
    ],
)
def test_national_general_has_no_pass_gate(
    rank: int, passed: bool, cur: Grade, outcome: Outcome, after: Grade
) -> None:
    """DOMAIN.md §7 worked (全国技能大赛, rank 10 of 30 = 优胜奖, one component 55)."""
    (d,) = decide("NATIONAL_GENERAL", [cand(rank, cur, passed=passed)])
    assert (d.outcome, d.grade_after) == (outcome, after)
    if outcome is OUT.PROMOTED:
        gate = next(g for g in d.explanation.gates if g.gate is Gate.PASSED)
        assert (gate.passed, gate.reason.code) == (None, "promotion.no_pass_gate")


@pytest.mark.parametrize("preset", ["NATIONAL_CLASS", "PROVINCIAL_CLASS_1", "MUNICIPALITY_CLASS_1"])
def test_other_presets_keep_the_pass_gate(preset: str) -> None:
    (d,) = decide(preset, [cand(2, L3, passed=False)])
    assert d.outcome is OUT.NOT_PASSED


# ------------------------------------------------------------------ §1 直辖市 layer

@pytest.mark.parametrize(
    ("tier", "municipality", "layer", "preset"),
    [
        (Tier.MUNICIPAL, True, Tier.PROVINCIAL, "MUNICIPALITY_CLASS_1"),  # 天津 市级
        (Tier.MUNICIPAL, False, Tier.MUNICIPAL, "PREFECTURE_CITY"),  # 唐山 市级
        (Tier.PROVINCIAL, True, Tier.PROVINCIAL, "MUNICIPALITY_CLASS_1"),
        (Tier.COUNTY, True, Tier.COUNTY, "MUNICIPALITY_CLASS_2"),  # 天津 区级
        (Tier.COUNTY, False, Tier.COUNTY, "ENTERPRISE"),
        (Tier.NATIONAL, False, Tier.NATIONAL, "NATIONAL_GENERAL"),
    ],
)
def test_municipality_layer(tier: Tier, municipality: bool, layer: Tier, preset: str) -> None:
    assert preset_layer(tier, is_municipality=municipality) is layer
    chosen = suggested_preset(tier, Category.GENERAL, is_municipality=municipality)
    assert chosen.code == preset


@pytest.mark.parametrize(
    ("municipality", "after"),
    [(True, L2), (False, L3)],  # 天津 rank 8 学徒工 → 技师; 唐山 rank 8 学徒工 → 高级工
)
def test_rank_8_apprentice_by_layer(municipality: bool, after: Grade) -> None:
    rules = suggested_preset(Tier.MUNICIPAL, Category.GENERAL, is_municipality=municipality)
    decisions = decide(rules, [cand(8, APP)])
    assert {(d.outcome, d.grade_after) for d in decisions} == {(OUT.PROMOTED, after)}


# ------------------------------------------------------------------ §2 the occupation's ceiling

@pytest.mark.parametrize(
    ("preset", "rank", "cur", "ceiling", "outcome", "after", "code"),
    [
        ("MUNICIPALITY_CLASS_1", 2, L2, L2, OUT.NO_CHANGE, L2, "promotion.at_ceiling"),
        ("MUNICIPALITY_CLASS_1", 2, L3, L2, OUT.PROMOTED, L2, "promotion.within_cap"),
        ("NATIONAL_GENERAL", 1, L2, L2, OUT.NO_CHANGE, L2, "promotion.at_ceiling"),
        ("NATIONAL_GENERAL", 1, L4, L3, OUT.PROMOTED, L3, "promotion.stopped_at_ceiling"),
        ("PREFECTURE_CITY", 8, APP, L4, OUT.PROMOTED, L4, "promotion.stopped_at_ceiling"),
        ("PREFECTURE_CITY", 1, L3, L3, OUT.NO_CHANGE, L3, "promotion.at_ceiling"),
        ("MUNICIPALITY_CLASS_1", 2, L2, None, OUT.PROMOTED, L1, "promotion.within_cap"),
    ],
)
def test_promotion_stops_at_the_occupation_ceiling(
    preset: str, rank: int, cur: Grade, ceiling: Grade | None, outcome: Outcome, after: Grade,
    code: str,
) -> None:
    """DOMAIN.md §2: a standard that tops at 技师 never promotes past 技师, explained."""
    (d,) = decide(preset, [cand(rank, cur)], ceiling=ceiling)
    assert (d.outcome, d.grade_after) == (outcome, after)
    gate = next(g for g in d.explanation.gates if g.gate is Gate.CAP_L1)
    assert gate.reason.code == code


# ------------------------------------------------------------------ §7 rows and once a year

def test_grade_condition_row() -> None:
    """已是高级工者，可申报晋升为技师: a row applies only inside [min, max]."""
    row = RuleRow(band=Band.range(1, 5), action=PromotionAction.TARGET, target=L2,
                  min_grade=L3, max_grade=L3)
    assert [row.grade_matches(g) for g in (L4, L3, L2)] == [False, True, False]
    assert row.grade_condition == "高级工"
    with pytest.raises(RuleSetError) as exc:
        RuleRow(band=Band.range(1, 5), action=PromotionAction.TARGET, target=L2,
                min_grade=L2, max_grade=L3)
    assert exc.value.code == "ruleset.grade_condition"


def test_once_a_year_can_be_switched_off() -> None:
    from app.domain.promotion import PriorPromotion, PromotionState

    prior = PriorPromotion("p9", "e1", "电工", L2, PromotionState.APPROVED, 2026, date(2026, 3, 1))
    with_prior = replace(cand(2, L4), earlier=(prior,))
    (on,) = decide("MUNICIPALITY_CLASS_1", [with_prior])
    (off,) = decide("MUNICIPALITY_CLASS_1", [with_prior], once_a_year=False)
    assert on.outcome is OUT.SUPERSEDED
    assert (off.outcome, off.grade_after) == (OUT.PROMOTED, L2)
    gate = next(g for g in off.explanation.gates if g.gate is Gate.ONCE_A_YEAR)
    assert gate.reason.code == "promotion.once_a_year_off"


# ------------------------------------------------------------------ §6 title name templates

@pytest.mark.parametrize(
    ("rank", "names"),
    [(1, ["唐山市焊工技术状元"]), (2, ["唐山市焊工技术标兵"]), (3, ["唐山市焊工技术能手"]),
     (10, ["唐山市焊工技术能手"]), (11, [])],
)
def test_prefecture_city_titles(rank: int, names: list[str]) -> None:
    """DOMAIN.md §6: 石家庄 names rank 1 技术状元, rank 2 技术标兵, ranks 3–10 技术能手."""
    out = assign_titles([TitleCandidate("x", S, rank)], PRESETS["PREFECTURE_CITY"], 30,
                        region="唐山市", occupation="焊工")["x"]
    assert [t.name for t in out] == names
    assert {t.state for t in out} <= {TitleState.AUTO_GRANTED}


@pytest.mark.parametrize(
    ("template", "code"),
    [("", "ruleset.title_name"), ("{city}技术能手", "ruleset.title_placeholder"),
     ("{region", "ruleset.title_template"), ("{0}技术能手", "ruleset.title_placeholder")],
)
def test_bad_title_templates(template: str, code: str) -> None:
    with pytest.raises(RuleSetError) as exc:
        TitleSpec("CUSTOM", template, Tier.MUNICIPAL)
    assert exc.value.code == code


def test_municipality_title_is_its_region() -> None:
    out = assign_titles([TitleCandidate("x", E, 1)], PRESETS["MUNICIPALITY_CLASS_1"], 30,
                        region="天津市", occupation="电工")["x"]
    assert [(t.name, t.state) for t in out] == [("天津市技术能手", TitleState.ELIGIBLE_TO_APPLY)]


# ------------------------------------------------------------------ §3 honours and age range

PROJECT = ProjectRules(id="P1", occupation="焊工", group=E, contest_date=date(2026, 6, 1))
PERSON = Person(id="u1", group=E, id_number="320102199003071239")
NOW = datetime(2026, 5, 1)


@pytest.mark.parametrize(
    ("held", "barred", "codes"),
    [
        (Honour.PROVINCIAL_TECHNICAL_EXPERT, YANTAI_BAR, ("eligibility.honour_holder",)),
        (Honour.CHINA_SKILLS_AWARD, YANTAI_BAR, ("eligibility.honour_holder",)),
        (Honour.PROVINCIAL_TECHNICAL_EXPERT, frozenset(), ()),
        (Honour.LOCAL_TITLE, YANTAI_BAR, ()),
    ],
)
def test_honour_holder_bar(held: Honour, barred: frozenset[Honour], codes: tuple[str, ...]) -> None:
    """§3 [LOCAL 烟台]: holders of listed honours are refused, with the reason."""
    person = replace(PERSON, titles=(HeldTitle(held.tier, "焊工", 2024, held),))
    result = check_eligibility(person, replace(PROJECT, barred_honours=barred), (), NOW)
    assert result.codes == codes
    if codes:
        assert held.zh in result.failures[0].message


@pytest.mark.parametrize(
    ("min_age", "max_age", "codes"),
    [(16, None, ()), (18, 50, ()), (18, 35, ("eligibility.age_max",)),
     (40, 50, ("eligibility.age_min",))],
)
def test_project_age_range(min_age: int, max_age: int | None, codes: tuple[str, ...]) -> None:
    """§3 [LOCAL 烟台 18–50]: a project may narrow the age range (born 1990 → 36)."""
    project = replace(PROJECT, min_age=min_age, max_age=max_age)
    assert check_eligibility(PERSON, project, (), NOW).codes == codes


def test_grade_sources_and_honours_have_names() -> None:
    assert [s.value for s in GradeSource] == [
        "CERTIFICATE", "CONTEST_PROMOTION", "DIRECT_CERTIFICATION", "EXCEPTIONAL",
        "ENTERPRISE_ASSESSMENT", "APPOINTMENT",
    ]
    assert GradeSource.EXCEPTIONAL.zh == "破格晋升"
    assert Honour.CHINA_SKILLS_AWARD.zh == "中华技能大奖"
