"""Aspect marks, component scores and totals, in exact arithmetic with §10.1 rounding (§4)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Context, Decimal
from enum import StrEnum
from fractions import Fraction

from app.domain.errors import ScoreError
from app.domain.numbers import NumberSpec, is_bounded
from app.domain.scheme import (
    HUNDRED,
    Aggregation,
    Aspect,
    AspectKind,
    Component,
    ComponentKind,
    MarkingScheme,
)

CENT = Decimal("0.01")
# Widest value the rules take: parsed marks have ≤ 4 places, stored ones come from them.
_EXACT_INPUT = NumberSpec(6, 8)
_FULL = Context(prec=28)  # "full precision" for exposing exact marks as Decimal (§10.1)
J_MAX = 3


class Flag(StrEnum):
    """Flags that block locking but never change a mark (§4, §10.2, §10.4)."""

    NEEDS_RESCORE = "NEEDS_RESCORE"
    DISPUTED = "DISPUTED"


def round2(value: Decimal | Fraction) -> Decimal:
    """Round half-up to 2 decimal places (§10.1)."""
    if isinstance(value, Decimal):
        return value.quantize(CENT, rounding=ROUND_HALF_UP)
    cents = abs(value) * 100
    whole = int(cents + Fraction(1, 2))  # half-up, away from zero
    return (Decimal(whole if value >= 0 else -whole) / 100).quantize(CENT)


def to_decimal(value: Fraction) -> Decimal:
    """Return an exact fraction as a full-precision Decimal (28 significant digits)."""
    return _FULL.divide(Decimal(value.numerator), Decimal(value.denominator))


def aggregate(values: Sequence[Decimal | Fraction | int], how: Aggregation) -> Fraction:
    """Reduce a panel: mean, trimmed_mean (≥5 judges: drop 1 high, 1 low) or median (§10.3)."""
    xs = sorted(Fraction(v) for v in values)
    if not xs:
        raise ScoreError("score.no_values", "没有任何裁判分")
    if how is Aggregation.TRIMMED_MEAN and len(xs) >= 5:
        xs = xs[1:-1]
    if how is Aggregation.MEDIAN:
        mid = len(xs) // 2
        return xs[mid] if len(xs) % 2 else (xs[mid - 1] + xs[mid]) / 2
    return sum(xs, Fraction(0)) / len(xs)


def _check_range(code: str, value: Decimal, low: Decimal, high: Decimal) -> None:
    """Raise score.out_of_range unless low ≤ value ≤ high, score.bad_value unless bounded.

    Every value is checked here before it becomes a Fraction: an in-range but unbounded
    Decimal (1E-999999999) would build a billion-digit denominator (issue #11, finding 1).
    """
    if value.is_finite() and low <= value <= high and not is_bounded(value, _EXACT_INPUT):
        raise ScoreError(
            "score.bad_value",
            f"{code} 的分数不是有效的数字",
            field=code,
            params={"aspect": code},
        )
    if not value.is_finite() or not low <= value <= high:
        raise ScoreError(
            "score.out_of_range",
            f"{code} 的分数{value}超出范围{low}–{high}",
            field=code,
            params={"aspect": code, "value": value, "min": low, "max": high},
        )


@dataclass(frozen=True, slots=True)
class AspectResult:
    """One aspect's mark at full precision, with its flags."""

    code: str
    criterion: str
    kind: AspectKind
    mark: Decimal
    flags: tuple[Flag, ...] = ()

    @property
    def display(self) -> Decimal:
        """Return the mark rounded for display."""
        return round2(self.mark)


def judgement_mark(
    max_mark: Decimal,
    scores: Sequence[Decimal | int],
    *,
    code: str = "J",
    spread: Decimal = Decimal(1),
) -> tuple[Fraction, tuple[Flag, ...]]:
    """Return a J mark, max × mean/3, flagged NEEDS_RESCORE if max−min > spread (§10.2)."""
    if not scores:
        raise ScoreError("score.no_values", f"{code} 没有任何裁判分", field=code)
    for s in scores:
        d = Decimal(s)
        _check_range(code, d, Decimal(0), Decimal(J_MAX))
        if d != d.to_integral_value():
            raise ScoreError(
                "score.j_integer",
                f"{code} 的评价分须为0、1、2或3的整数，收到{s}",
                field=code,
                params={"aspect": code, "value": d},
            )
    mark = Fraction(max_mark) * aggregate(scores, Aggregation.MEAN) / J_MAX
    flags = (Flag.NEEDS_RESCORE,) if max(scores) - min(scores) > spread else ()
    return mark, flags


def panel_mark(
    max_mark: Decimal,
    values: Sequence[Decimal],
    how: Aggregation,
    *,
    code: str = "P",
    tolerance: Decimal = Decimal("0.15"),
) -> tuple[Fraction, tuple[Flag, ...]]:
    """Return a 0–max panel's aggregate; DISPUTED if a judge is > tol·max off the median (§10.4)."""
    if not values:
        raise ScoreError("score.no_values", f"{code} 没有任何裁判分", field=code)
    for v in values:
        _check_range(code, Decimal(v), Decimal(0), max_mark)
    median = aggregate(values, Aggregation.MEDIAN)
    limit = Fraction(tolerance) * Fraction(max_mark)
    disputed = any(abs(Fraction(v) - median) > limit for v in values)
    return aggregate(values, how), (Flag.DISPUTED,) if disputed else ()


def score_aspect(aspect: Aspect, values: Sequence[Decimal], scheme: MarkingScheme) -> AspectResult:
    """Score one aspect from its entered values by its kind (§4)."""
    mark, flags = _aspect_exact(aspect, values, scheme)
    return AspectResult(aspect.code, aspect.criterion, aspect.kind, to_decimal(mark), flags)


def _aspect_exact(
    aspect: Aspect, values: Sequence[Decimal], scheme: MarkingScheme
) -> tuple[Fraction, tuple[Flag, ...]]:
    """Return an aspect's exact mark and flags (sums stay exact; the Decimal is for display)."""
    if aspect.kind is AspectKind.J:
        return judgement_mark(
            aspect.max_mark, values, code=aspect.code, spread=scheme.rescore_spread
        )
    if aspect.kind is AspectKind.PANEL:
        return panel_mark(
            aspect.max_mark,
            values,
            aspect.aggregation,
            code=aspect.code,
            tolerance=scheme.dispute_tolerance,
        )
    if len(values) != 1:
        raise ScoreError(
            "score.m_single",
            f"测量分 {aspect.code} 只能录入一个值，收到{len(values)}个",
            field=aspect.code,
            params={"aspect": aspect.code, "count": len(values)},
        )
    value = Decimal(values[0])
    _check_range(aspect.code, value, Decimal(0), aspect.max_mark)
    # §4: full mark or 0 unless the scheme states a deduction table.
    permitted = aspect.allowed or (Decimal(0), aspect.max_mark)
    if value not in permitted:
        allowed = "、".join(map(str, permitted))
        raise ScoreError(
            "score.m_not_allowed",
            f"测量分 {aspect.code} 只能取{allowed}",
            field=aspect.code,
            params={"aspect": aspect.code, "value": value},
        )
    return Fraction(value), ()


@dataclass(frozen=True, slots=True)
class Penalty:
    """A named deduction on a component (安全文明生产扣分); serious ones disqualify (§4)."""

    code: str
    points: Decimal
    name: str = ""
    disqualifying: bool = False
    countersigned_by: str | None = None  # the chief judge; a DQ counts only when countersigned


@dataclass(frozen=True, slots=True)
class ComponentInput:
    """How one component was scored: an entered value, a whole-component panel, or aspects."""

    value: Decimal | None = None
    panel: tuple[Decimal, ...] = ()
    aspects: Mapping[str, tuple[Decimal, ...]] = field(default_factory=dict)
    penalties: tuple[Penalty, ...] = ()


@dataclass(frozen=True, slots=True)
class ComponentResult:
    """A component's 2-dp score after penalties, and the 2-dp criterion scores before them."""

    code: str
    kind: ComponentKind
    score: Decimal
    raw: Decimal
    penalty_points: Decimal
    criterion_scores: Mapping[str, Decimal]
    aspects: tuple[AspectResult, ...] = ()
    flags: tuple[Flag, ...] = ()
    disqualified: bool = False


def score_component(
    component: Component, data: ComponentInput, *, allow_missing: bool = False
) -> ComponentResult:
    """Score a component: sum of marks (or entered value) − penalties, floored at 0, 2 dp (§10.1).

    Criterion scores (for the tie-break) are 2-dp sums before penalties. With ``allow_missing``
    (live standings) an unmarked aspect counts 0; otherwise it is an error.
    """
    aspects: tuple[AspectResult, ...] = ()
    flags: set[Flag] = set()
    criteria: dict[str, Fraction] = {}
    if component.scheme is not None and data.value is None and not data.panel:
        raw = Fraction(0)
        scored = _score_aspects(component, component.scheme, data, allow_missing)
        for aspect, exact in scored:
            raw += exact
            criteria[aspect.criterion] = criteria.get(aspect.criterion, Fraction(0)) + exact
            flags.update(aspect.flags)
        aspects = tuple(aspect for aspect, _ in scored)
    elif data.panel:
        raw, panel_flags = panel_mark(
            HUNDRED,
            data.panel,
            component.aggregation,
            code=component.code,
            tolerance=component.dispute_tolerance,
        )
        flags.update(panel_flags)
    elif data.value is not None:
        _check_range(component.code, data.value, Decimal(0), HUNDRED)
        raw = Fraction(data.value)
    else:
        raise ScoreError(
            "score.missing_component",
            f"缺少 {component.code} 的成绩",
            field=component.code,
            params={"component": component.code},
        )
    points = Fraction(0)
    for p in data.penalties:
        _check_range(f"{component.code}.{p.code}", p.points, Decimal(0), HUNDRED)
        points += Fraction(p.points)
    return ComponentResult(
        code=component.code,
        kind=component.kind,
        score=round2(max(Fraction(0), raw - points)),
        raw=to_decimal(raw),
        penalty_points=to_decimal(points),
        criterion_scores={c: round2(v) for c, v in sorted(criteria.items())},
        aspects=aspects,
        flags=tuple(sorted(flags)),
        disqualified=any(p.disqualifying and p.countersigned_by for p in data.penalties),
    )


def _score_aspects(
    component: Component, scheme: MarkingScheme, data: ComponentInput, allow_missing: bool
) -> list[tuple[AspectResult, Fraction]]:
    """Score every aspect of a scheme, rejecting unknown and (unless allowed) missing ones."""
    known = {a.code for a in scheme.aspects}
    for code in data.aspects:
        if code not in known:
            raise ScoreError(
                "score.unknown_aspect",
                f"{component.code} 中没有评分项 {code}",
                field=code,
                params={"component": component.code, "aspect": code},
            )
    out: list[tuple[AspectResult, Fraction]] = []
    for aspect in scheme.aspects:
        values = data.aspects.get(aspect.code)
        if values is None:
            if not allow_missing:
                raise ScoreError(
                    "score.missing_aspect",
                    f"评分项 {aspect.code} 尚未评分",
                    field=aspect.code,
                    params={"component": component.code, "aspect": aspect.code},
                )
            zero = AspectResult(aspect.code, aspect.criterion, aspect.kind, Decimal(0))
            out.append((zero, Fraction(0)))
            continue
        mark, flags = _aspect_exact(aspect, values, scheme)
        out.append(
            (
                AspectResult(aspect.code, aspect.criterion, aspect.kind, to_decimal(mark), flags),
                mark,
            )
        )
    return out


def weighted_total(parts: Sequence[tuple[Decimal, Decimal]]) -> Decimal:
    """Return Σ weight × rounded component score, rounded half-up to 2 dp (§10.1)."""
    return round2(sum((Fraction(w) * Fraction(s) for w, s in parts), Fraction(0)))


def total_score(components: Sequence[Component], results: Mapping[str, ComponentResult]) -> Decimal:
    """Return a project total from its components' 2-dp scores (§4, §10.1)."""
    return weighted_total([(c.weight, results[c.code].score) for c in components])


def passed(
    components: Sequence[Component],
    results: Mapping[str, ComponentResult],
    pass_mark: Decimal = Decimal(60),
) -> bool:
    """Return whether every component reaches its pass mark (§7, §10.12)."""
    return all(
        results[c.code].score >= (c.pass_mark if c.pass_mark is not None else pass_mark)
        for c in components
    )
