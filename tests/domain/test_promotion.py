"""Automatic grade promotion: actions, gates, once a year, explanations (§7, §10.9–10.13)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from app.domain.bands import Band
from app.domain.codes import FinishStatus, Group
from app.domain.errors import Reason, RuleSetError
from app.domain.grades import Grade
from app.domain.presets import PRESETS
from app.domain.promotion import (
    Gate,
    Outcome,
    PriorPromotion,
    PromotionCandidate,
    PromotionResult,
    PromotionState,
    apply_action,
)
from app.domain.promotion_engine import decide_promotions
from app.domain.rulesets import PromotionAction, RuleRow, RuleSet

A = PromotionAction
APP, L5, L4, L3, L2, L1 = Grade.APPRENTICE, Grade.L5, Grade.L4, Grade.L3, Grade.L2, Grade.L1
E, S = Group.EMPLOYEE, Group.STUDENT
NOT_FINAL = (Reason("promotion.not_final", "成绩尚未终审公布"),)


@pytest.mark.parametrize(
    ("action", "cur", "target", "cap", "expected"),
    [
        (A.TARGET, L3, L2, None, L2),  # cur < T → T
        (A.TARGET, APP, L2, None, L2),
        (A.TARGET, L2, L2, None, L1),  # cur == T → T+1
        (A.TARGET, L1, L1, None, None),  # cap L1
        (A.TARGET, L1, L2, None, None),  # cur > T → none
        (A.TARGET, L2, L3, None, None),
        (A.TARGET_NO_BUMP, L4, L3, None, L3),
        (A.TARGET_NO_BUMP, L3, L3, None, None),
        (A.TARGET_NO_BUMP, L2, L3, None, None),
        (A.RELATIVE, L4, None, L2, L3),  # 在原等级基础上晋升一级（最高至技师）
        (A.RELATIVE, L3, None, L2, L2),
        (A.RELATIVE, L2, None, L2, None),
        (A.RELATIVE, L2, None, None, L1),  # default cap L1
        (A.ELIGIBLE_TO_APPLY, L2, L1, None, None),
        (A.TARGET, Grade.SPECIAL, L2, None, None),  # appointed posts: no change
        (A.TARGET, Grade.CHIEF, L1, None, None),
    ],
)
def test_action_table(
    action: PromotionAction,
    cur: Grade,
    target: Grade | None,
    cap: Grade | None,
    expected: Grade | None,
) -> None:
    assert apply_action(action, cur, target, cap=cap) is expected


def test_relative_steps() -> None:
    assert apply_action(A.RELATIVE, L5, steps=2) is L3
    assert apply_action(A.RELATIVE, L2, steps=3) is L1


def cand(
    rank: int | None,
    grade: Grade | None = None,
    group: Group = E,
    *,
    eid: str = "e1",
    person: str = "p1",
    passed: bool = True,
    tie: int = 1,
    status: FinishStatus = FinishStatus.FINISHED,
    earlier: tuple[PriorPromotion, ...] = (),
) -> PromotionCandidate:
    return PromotionCandidate(
        eid, person, group, status, rank, tie, passed, () if passed else ("T",), grade, earlier
    )


def decide(
    cands: list[PromotionCandidate], preset: str = "MUNICIPALITY_CLASS_1", n: int = 20, **kw: object
) -> PromotionResult:
    kw.setdefault("year", 2025)
    return decide_promotions(cands, PRESETS[preset], n=n, occupation="电工", **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("cur", "after", "outcome"),
    [
        (L3, L2, Outcome.PROMOTED),  # 高级工 → 技师
        (L2, L1, Outcome.PROMOTED),  # 技师 → 高级技师
        (L1, L1, Outcome.NO_CHANGE),  # 高级技师 → unchanged (cap)
        (APP, L2, Outcome.PROMOTED),  # 学徒工 → 技师
        (None, L2, Outcome.PROMOTED),  # no grade recorded counts as 学徒工
    ],
)
def test_worked_municipal_class_1_electrician_rank_2(
    cur: Grade | None, after: Grade, outcome: Outcome
) -> None:
    """DOMAIN.md §7: municipal 一类, employee, rank 2, 电工."""
    (d,) = decide([cand(2, cur)]).decisions
    assert (d.outcome, d.grade_after) == (outcome, after)
    assert d.state is (PromotionState.PROPOSED if outcome is Outcome.PROMOTED else None)
    assert d.explanation.rank == 2 and d.explanation.n == 20
    assert d.explanation.row_index == 0
    assert d.explanation.row == PRESETS["MUNICIPALITY_CLASS_1"].rows[0]
    if cur is L1:
        cap = next(g for g in d.explanation.gates if g.gate is Gate.CAP_L1)
        assert cap.passed is False and cap.reason.code == "promotion.at_cap"


def test_explanation_lists_every_gate_in_order() -> None:
    (d,) = decide([cand(2, L3)]).decisions
    gates = d.explanation.gates
    assert [g.gate for g in gates] == [
        Gate.FINAL,
        Gate.PASSED,
        Gate.GROUP_TABLE,
        Gate.CAP_L1,
        Gate.ONCE_A_YEAR,
        Gate.BAND_TIE,
    ]
    assert all(g.passed for g in gates)
    data = d.explanation.to_dict()
    json.dumps(data, ensure_ascii=False)
    assert data["row_band"] == "1-10" and data["grade_before"] == "L3"
    assert data["grade_after"] == "L2" and data["gates"][0]["code"] == "promotion.final"
    assert json.loads(json.dumps(d.to_dict()))["outcome"] == "PROMOTED"


def test_not_final_previews_without_promoting() -> None:
    (d,) = decide([cand(2, L3)], finality=NOT_FINAL).decisions
    assert d.outcome is Outcome.NOT_FINAL and d.state is None
    assert d.grade_after is L3 and d.explanation.proposed_grade is L2


def test_not_passed_in_band() -> None:
    (d,) = decide([cand(2, L3, passed=False)]).decisions
    assert d.outcome is Outcome.NOT_PASSED and d.grade_after is L3
    gate = d.explanation.gates[1]
    assert gate.reason.code == "promotion.not_passed" and gate.reason.params == {
        "components": ["T"]
    }


def test_outside_every_band() -> None:
    (d,) = decide([cand(11, L3)]).decisions
    assert d.outcome is Outcome.NOT_IN_BAND and d.explanation.row is None
    assert d.explanation.gates[-1].reason.code == "promotion.outside_bands"


def test_student_in_an_employee_only_band() -> None:
    """国家级一类/二类: 6–20 → TARGET(L3) for employees, nothing for students."""
    (student,) = decide([cand(7, L4, S)], "NATIONAL_CLASS", n=40).decisions
    assert student.outcome is Outcome.NOT_IN_BAND and student.grade_after is L4
    assert student.explanation.gates[-1].reason.code == "promotion.no_row_for_group"
    (employee,) = decide([cand(7, L4, E)], "NATIONAL_CLASS", n=40).decisions
    assert employee.outcome is Outcome.PROMOTED and employee.grade_after is L3


def test_student_table_is_chosen_by_group_at_registration() -> None:
    (d,) = decide([cand(3, L4, S)], "NATIONAL_CLASS", n=40).decisions
    assert d.grade_after is L3  # TARGET_NO_BUMP(L3)
    (d,) = decide([cand(3, L3, S)], "NATIONAL_CLASS", n=40).decisions
    assert d.outcome is Outcome.NO_CHANGE  # no bump for students


def test_dnf_is_not_ranked() -> None:
    (d,) = decide([cand(None, L3, status=FinishStatus.DNF)]).decisions
    assert d.outcome is Outcome.NOT_RANKED and d.grade_after is L3


def test_tie_across_a_band_edge_gets_the_better_band() -> None:
    """Ranks 10 and 10 (positions 10–11) straddle the 1–10 edge: both take the 1–10 band."""
    cands = [cand(10, L3, eid="a", person="pa", tie=2), cand(10, L3, eid="b", person="pb", tie=2)]
    decisions = decide(cands).decisions
    assert [d.grade_after for d in decisions] == [L2, L2]
    tie = decisions[0].explanation.gates[-1]
    assert tie.gate is Gate.BAND_TIE and tie.reason.code == "promotion.tie_better_band"


def test_half_band_is_empty_for_n_1() -> None:
    (d,) = decide([cand(1, L3)], "NATIONAL_GENERAL", n=1).decisions
    assert d.outcome is Outcome.NOT_IN_BAND
    (d,) = decide([cand(1, L3)], "NATIONAL_GENERAL", n=2).decisions
    assert d.outcome is Outcome.PROMOTED and d.grade_after is L2


def prior(
    grade: Grade,
    state: PromotionState = PromotionState.APPROVED,
    *,
    pid: str = "old",
    year: int = 2025,
    project: str = "OTHER",
    on: date = date(2025, 3, 1),
    occupation: str = "焊工",
) -> PriorPromotion:
    return PriorPromotion(pid, "p1", occupation, grade, state, year, on, project)


@pytest.mark.parametrize(
    ("earlier", "outcome", "superseded"),
    [
        ((prior(L3),), Outcome.PROMOTED, ["old"]),  # this L2 beats an earlier L3
        ((prior(L3, PromotionState.CERTIFIED),), Outcome.PROMOTED, ["old"]),  # even certified
        ((prior(L2),), Outcome.SUPERSEDED, []),  # equal grade: the earlier stays
        ((prior(L1),), Outcome.SUPERSEDED, []),
        ((prior(L1, PromotionState.REJECTED),), Outcome.PROMOTED, []),  # does not count
        ((prior(L1, PromotionState.SUPERSEDED),), Outcome.PROMOTED, []),
        ((prior(L1, year=2024),), Outcome.PROMOTED, []),  # another year
        ((prior(L1, project="P1"),), Outcome.PROMOTED, []),  # this project's own, re-evaluated
    ],
)
def test_second_promotion_in_the_same_year(
    earlier: tuple[PriorPromotion, ...], outcome: Outcome, superseded: list[str]
) -> None:
    result = decide([cand(2, L3, earlier=earlier)], project_id="P1")
    (d,) = result.decisions
    assert d.outcome is outcome
    assert [s.promotion_id for s in result.superseded_prior] == superseded
    if outcome is Outcome.SUPERSEDED:
        # The grade it would have given, not the unchanged grade (issue #14).
        assert d.state is PromotionState.SUPERSEDED and d.grade_after is L2
        gate = d.explanation.gates[4]
        assert gate.passed is False and gate.reason.code == "promotion.once_a_year_prior"
    if superseded:
        assert result.superseded_prior[0].was_certified is (
            earlier[0].state is PromotionState.CERTIFIED
        )


def test_superseding_waits_for_final_results() -> None:
    result = decide([cand(2, L3, earlier=(prior(L3),))], finality=NOT_FINAL)
    assert result.superseded_prior == ()
    assert result.decisions[0].outcome is Outcome.NOT_FINAL


def test_several_matching_rows_keep_the_highest() -> None:
    rules = RuleSet(
        "X",
        "two rows",
        (
            RuleRow(Band.range(1, 3), E, A.TARGET_NO_BUMP, L4),
            RuleRow(Band.range(1, 5), E, A.TARGET, L2),
            RuleRow(Band.range(1, 5), E, A.ELIGIBLE_TO_APPLY, L1),
        ),
    )
    result = decide_promotions([cand(2, L5)], rules, n=10, occupation="电工", year=2025)
    outcomes = [(d.outcome, d.grade_after, d.apply_for) for d in result.decisions]
    assert outcomes == [
        (Outcome.SUPERSEDED, L4, None),   # what the lower row would have given
        (Outcome.PROMOTED, L2, None),
        (Outcome.ELIGIBLE_TO_APPLY, L5, L1),  # not a promotion: untouched by once-a-year
    ]
    assert result.decisions[0].explanation.gates[4].reason.code == "promotion.once_a_year_row"


def test_eligible_to_apply_when_already_there() -> None:
    rules = RuleSet("X", "eta", (RuleRow(Band.range(1, 5), None, A.ELIGIBLE_TO_APPLY, L2),))
    (d,) = decide_promotions([cand(1, L2)], rules, n=10, occupation="电工", year=2025).decisions
    assert d.outcome is Outcome.NO_CHANGE and d.apply_for is None


def test_already_at_l1_in_every_preset() -> None:
    for preset in PRESETS:
        for d in decide([cand(1, L1)], preset, n=40).decisions:
            assert d.grade_after is L1 and d.outcome in (Outcome.NO_CHANGE, Outcome.NOT_IN_BAND)


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"action": A.TARGET}, "ruleset.target"),
        ({}, "ruleset.empty_row"),
        ({"action": A.TARGET, "target": Grade.SPECIAL}, "ruleset.above_cap"),
        ({"action": A.RELATIVE, "steps": 0}, "ruleset.steps"),
    ],
)
def test_invalid_rows(kwargs: dict, code: str) -> None:
    with pytest.raises(RuleSetError) as exc:
        RuleRow(Band.range(1, 3), **kwargs)
    assert exc.value.code == code


def test_rule_set_round_trip() -> None:
    for rules in PRESETS.values():
        data = json.loads(json.dumps(rules.to_dict(), ensure_ascii=False))
        assert RuleSet.from_dict(data) == rules
    edited = replace(PRESETS["ENTERPRISE"], code="MINE")
    assert RuleSet.from_dict(edited.to_dict()).code == "MINE"
