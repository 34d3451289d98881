"""Aspect marks, components and totals with §10.1 rounding (§4)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

import pytest

from app.domain.errors import ScoreError
from app.domain.scheme import Aggregation, AspectKind, Component, ComponentKind, MarkingScheme
from app.domain.scoring import (
    ComponentInput,
    Flag,
    Penalty,
    aggregate,
    judgement_mark,
    panel_mark,
    passed,
    round2,
    score_component,
    total_score,
    weighted_total,
)
from tests.domain.builders import PRACTICAL, PRACTICAL_WITH_SCHEME, THEORY, D, aspect


def test_worked_total_87_60() -> None:
    """DOMAIN.md §4: theory 82, practical 90, weights 0.3/0.7 → 24.60 + 63.00 = 87.60."""
    t = score_component(THEORY, ComponentInput(value=D(82)))
    p = score_component(PRACTICAL, ComponentInput(value=D(90)))
    total = total_score((THEORY, PRACTICAL), {"T": t, "P": p})
    assert total == D("87.60") and str(total) == "87.60"


def test_worked_trimmed_mean_82_33() -> None:
    """DOMAIN.md §4: judges 78, 85, 82, 90, 80, trimmed mean → (85+82+80)/3 = 82.33."""
    mark = aggregate([D(78), D(85), D(82), D(90), D(80)], Aggregation.TRIMMED_MEAN)
    assert mark == Fraction(247, 3)
    assert round2(mark) == D("82.33")
    component = Component("P", ComponentKind.PRACTICAL, D(1), aggregation=Aggregation.TRIMMED_MEAN)
    result = score_component(component, ComponentInput(panel=(D(78), D(85), D(82), D(90), D(80))))
    assert result.score == D("82.33")


def test_worked_judgement_1_17() -> None:
    """DOMAIN.md §4: J aspect, max 1.5, judges 2, 3, 2 → spread 1 ok, 1.5 × 2.333…/3 = 1.17."""
    mark, flags = judgement_mark(D("1.5"), [2, 3, 2])
    assert mark == Fraction(7, 6)
    assert flags == ()
    assert round2(mark) == D("1.17")


@pytest.mark.parametrize(
    ("values", "how", "expected"),
    [
        ([70, 80, 90, 100], Aggregation.TRIMMED_MEAN, Fraction(85)),  # < 5 judges: plain mean
        ([70, 80, 90, 100, 10], Aggregation.TRIMMED_MEAN, Fraction(80)),
        ([1, 2, 3, 4, 5, 60], Aggregation.TRIMMED_MEAN, Fraction(7, 2)),  # drops exactly one
        ([70, 80, 90, 100], Aggregation.MEDIAN, Fraction(85)),  # even: mean of the middle two
        ([70, 100, 80], Aggregation.MEDIAN, Fraction(80)),
        ([1, 2], Aggregation.MEAN, Fraction(3, 2)),
    ],
)
def test_aggregate(values: list[int], how: Aggregation, expected: Fraction) -> None:
    assert aggregate(values, how) == expected


@pytest.mark.parametrize(
    ("scores", "flagged", "expected"),
    [
        # expected = weight 2 x mean score / 3 (the 0-3 scale), worked by hand
        ([0, 1, 1], False, Fraction(4, 9)),
        ([1, 3, 2], True, Fraction(4, 3)),
        ([3, 3, 1], True, Fraction(14, 9)),
        ([2, 2, 2, 2, 3], False, Fraction(22, 15)),
        ([3], False, Fraction(2)),
    ],
)
def test_needs_rescore_over_spread_of_one(
    scores: list[int], flagged: bool, expected: Fraction
) -> None:
    mark, flags = judgement_mark(D(2), scores)
    assert (Flag.NEEDS_RESCORE in flags) is flagged
    assert mark == expected  # the mark still counts


@pytest.mark.parametrize(
    ("values", "disputed"),
    [
        ([D(8), D(8), D("9.5")], False),  # 1.5 = exactly 15% of 10: not strictly more
        ([D(8), D(8), D("9.6")], True),
        ([D(5), D(8), D(8)], True),
    ],
)
def test_disputed_over_15_percent_of_max(values: list[Decimal], disputed: bool) -> None:
    _, flags = panel_mark(D(10), values, Aggregation.MEAN)
    assert (Flag.DISPUTED in flags) is disputed


def test_scheme_component_with_penalties_and_criteria() -> None:
    data = ComponentInput(
        aspects={
            "A1": (D(40),),
            "A2": (D(2), D(3), D(2)),
            "B1": (D(0),),
            "B2": (D(10), D(12), D(11), D(15), D(9)),
        },
        penalties=(Penalty("S1", D(3), "未戴护目镜"),),
    )
    result = score_component(PRACTICAL_WITH_SCHEME, data)
    # A = 40 + 20·7/9 = 55.555…; B = 0 + (10+12+11)/3 = 11
    assert result.criterion_scores == {"A": D("55.56"), "B": D("11.00")}
    assert result.score == D("63.56")  # 66.555… − 3, rounded once at the end
    assert result.penalty_points == D(3)
    assert result.aspects[1].display == D("15.56")
    assert result.flags == (Flag.DISPUTED,)  # judge 15 is 4 > 2.25 off the median 11


def test_penalties_floor_at_zero() -> None:
    result = score_component(THEORY, ComponentInput(value=D(5), penalties=(Penalty("S", D(10)),)))
    assert result.score == D("0.00")


def test_serious_breach_disqualifies_only_when_countersigned() -> None:
    unsigned = Penalty("S", D(10), disqualifying=True)
    result = score_component(THEORY, ComponentInput(value=D(80), penalties=(unsigned,)))
    assert not result.disqualified
    signed = Penalty("S", D(10), disqualifying=True, countersigned_by="chief")
    assert score_component(THEORY, ComponentInput(value=D(80), penalties=(signed,))).disqualified


def test_total_uses_rounded_components() -> None:
    # components 80.005 → 80.01 and 90.004 → 90.00; 0.5·80.01 + 0.5·90.00 = 85.005 → 85.01
    assert weighted_total([(D("0.5"), D("80.01")), (D("0.5"), D("90.00"))]) == D("85.01")
    assert round2(Fraction(-1, 200)) == D("-0.01")


def test_passed_gate_per_component() -> None:
    t = score_component(THEORY, ComponentInput(value=D("59.99")))
    p = score_component(PRACTICAL, ComponentInput(value=D(100)))
    assert not passed((THEORY, PRACTICAL), {"T": t, "P": p})
    assert passed((THEORY, PRACTICAL), {"T": t, "P": p}, D(50))


J = aspect("J1", "2", AspectKind.J)
# M1 states a deduction table (§4), so the values below are marks it may take.
SCHEME = MarkingScheme(aspects=(
    replace(aspect("M1", "98", criterion="A"), allowed=(D(0), D(1), D(50), D(98))), J))
COMP = Component("P", ComponentKind.PRACTICAL, D(1), scheme=SCHEME)


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (ComponentInput(aspects={"M1": (D(50),), "J1": (D(4), D(2), D(2))}), "score.out_of_range"),
        (ComponentInput(aspects={"M1": (D(50),), "J1": (D("2.5"), D(2), D(2))}), "score.j_integer"),
        (ComponentInput(aspects={"M1": (D(99),), "J1": (D(2),)}), "score.out_of_range"),
        (ComponentInput(aspects={"M1": (D(-1),), "J1": (D(2),)}), "score.out_of_range"),
        (ComponentInput(aspects={"M1": (D(1), D(2)), "J1": (D(2),)}), "score.m_single"),
        (ComponentInput(aspects={"M1": (D(1),), "J1": ()}), "score.no_values"),
        (
            ComponentInput(aspects={"M1": (D(1),), "J1": (D(2),), "X9": (D(1),)}),
            "score.unknown_aspect",
        ),
        (ComponentInput(aspects={"M1": (D(1),)}), "score.missing_aspect"),
        (ComponentInput(), "score.missing_aspect"),
        (ComponentInput(value=D(101)), "score.out_of_range"),
        (ComponentInput(value=D("NaN")), "score.out_of_range"),
        (ComponentInput(value=D(50), penalties=(Penalty("S", D(-2)),)), "score.out_of_range"),
    ],
)
def test_bad_scores_raise_typed_errors(data: ComponentInput, code: str) -> None:
    with pytest.raises(ScoreError) as exc:
        score_component(COMP, data)
    assert exc.value.code == code
    assert exc.value.message


def test_component_without_input_is_missing() -> None:
    with pytest.raises(ScoreError) as exc:
        score_component(THEORY, ComponentInput())
    assert exc.value.code == "score.missing_component"


def test_missing_aspect_allowed_for_live_standings() -> None:
    result = score_component(COMP, ComponentInput(aspects={"M1": (D(50),)}), allow_missing=True)
    assert result.score == D("50.00")


@pytest.mark.parametrize(
    ("allowed", "value", "ok"),
    [
        ((), "100", True),  # no table: full mark …
        ((), "0", True),  # … or 0 (§4)
        ((), "50", False),
        ((), "99.99", False),
        (("0", "50", "100"), "50", True),  # a stated deduction table
        (("0", "50", "100"), "75", False),
        (("0", "100"), "100.00", True),  # the same number written to 2 places
    ],
)
def test_measurement_is_full_mark_or_zero_unless_a_table_is_stated(
        allowed: tuple[str, ...], value: str, ok: bool) -> None:
    measured = replace(aspect("M1", "100"), allowed=tuple(D(v) for v in allowed))
    comp = Component("P", ComponentKind.PRACTICAL, D(1),
                     scheme=MarkingScheme(aspects=(measured,)))
    data = ComponentInput(aspects={"M1": (D(value),)})
    if ok:
        assert score_component(comp, data).score == D(value)
        return
    with pytest.raises(ScoreError) as exc:
        score_component(comp, data)
    assert (exc.value.code, exc.value.field) == ("score.m_not_allowed", "M1")
