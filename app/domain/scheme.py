"""Components, marking schemes and their validator (§4)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from app.domain.errors import Reason, SchemeError

HUNDRED = Decimal(100)
ONE = Decimal(1)
MAX_THEORY_WEIGHT = Decimal("0.3")
MIN_J_PANEL = 3


class AspectKind(StrEnum):
    """Measurement, judgement (0–3) or a 0–max panel (§4)."""

    M = "M"
    J = "J"
    PANEL = "PANEL"


class Aggregation(StrEnum):
    """How a 0–max panel is reduced to one mark (§4, §10.3)."""

    MEAN = "mean"
    TRIMMED_MEAN = "trimmed_mean"
    MEDIAN = "median"


class ComponentKind(StrEnum):
    """What a component is; the tie-break chain looks for PRACTICAL and THEORY (§5)."""

    THEORY = "THEORY"
    PRACTICAL = "PRACTICAL"
    DEFENCE = "DEFENCE"  # 技术答辩
    OTHER = "OTHER"


@dataclass(frozen=True, slots=True)
class Aspect:
    """One aspect of a marking scheme: criterion → sub-criterion → aspect (§4)."""

    code: str
    criterion: str
    max_mark: Decimal
    kind: AspectKind
    sub_criterion: str | None = None
    description: str = ""
    aggregation: Aggregation = Aggregation.MEAN  # PANEL only
    panel_size: int | None = None  # J and PANEL: judges planned on the panel
    allowed: tuple[Decimal, ...] = ()  # M only: full mark / 0 / a stated deduction table


@dataclass(frozen=True, slots=True)
class MarkingScheme:
    """The aspects of one component, and its flag thresholds (§4 [DEFAULT], configurable)."""

    aspects: tuple[Aspect, ...]
    rescore_spread: Decimal = Decimal(1)
    dispute_tolerance: Decimal = Decimal("0.15")

    def aspect(self, code: str) -> Aspect | None:
        """Return the aspect with this code, if any."""
        return next((a for a in self.aspects if a.code == code), None)

    def criteria(self) -> tuple[str, ...]:
        """Return the criterion codes, sorted."""
        return tuple(sorted({a.criterion for a in self.aspects}))

    def top_criterion(self) -> str | None:
        """Return the highest-weighted criterion: largest max sum, first code on ties (§10.5)."""
        sums: dict[str, Decimal] = {}
        for a in self.aspects:
            sums[a.criterion] = sums.get(a.criterion, Decimal(0)) + a.max_mark
        if not sums:
            return None
        return min(sums, key=lambda c: (-sums[c], c))


@dataclass(frozen=True, slots=True)
class Component:
    """A component marked out of 100 with a weight (§4); scored by scheme, panel or entry."""

    code: str
    kind: ComponentKind
    weight: Decimal
    name: str = ""
    scheme: MarkingScheme | None = None
    aggregation: Aggregation = Aggregation.MEAN  # for a whole-component judge panel
    dispute_tolerance: Decimal = Decimal("0.15")
    pass_mark: Decimal | None = None  # None → the project's pass mark


def marking_problems(components: tuple[Component, ...]) -> tuple[Reason, ...]:
    """List every problem with a project's components and schemes (§4).

    Weights are in (0, 1] and sum to 1; theory weighs at most 30%; codes are unique; at most one
    THEORY and one PRACTICAL component; each scheme's max marks sum to 100; every J aspect has a
    planned panel of at least 3; max marks are positive; M deduction values lie within 0–max.
    """
    out: list[Reason] = []
    if not components:
        return (Reason("scheme.no_components", "赛项没有设置任何成绩组成部分", {}, "components"),)
    codes = [c.code for c in components]
    for code in sorted({c for c in codes if codes.count(c) > 1}):
        msg = f"成绩组成代码重复：{code}"
        out.append(Reason("scheme.duplicate_component", msg, {"code": code}))
    for kind in (ComponentKind.THEORY, ComponentKind.PRACTICAL):
        if sum(c.kind is kind for c in components) > 1:
            out.append(
                Reason("scheme.duplicate_kind", f"只能有一个{kind.value}成绩", {"kind": kind.value})
            )
    for c in components:
        if not Decimal(0) < c.weight <= ONE:
            out.append(
                Reason(
                    "scheme.weight_range",
                    f"{c.code} 的权重{c.weight}须大于0且不超过1",
                    {"component": c.code, "weight": c.weight},
                    "weight",
                )
            )
        if c.kind is ComponentKind.THEORY and c.weight > MAX_THEORY_WEIGHT:
            out.append(
                Reason(
                    "scheme.theory_weight",
                    f"理论知识权重{c.weight}超过30%",
                    {"component": c.code, "weight": c.weight},
                    "weight",
                )
            )
        if c.scheme is not None:
            out += _scheme_problems(c.code, c.scheme)
    total = sum((c.weight for c in components), Decimal(0))
    if total != ONE:
        out.append(
            Reason(
                "scheme.weights_sum",
                f"各部分权重之和为{total}，应为1",
                {"sum": total},
                "weight",
            )
        )
    return tuple(out)


def _scheme_problems(component: str, scheme: MarkingScheme) -> list[Reason]:
    """List the problems of one marking scheme."""
    out: list[Reason] = []
    seen: set[str] = set()
    for a in scheme.aspects:
        where = {"component": component, "aspect": a.code}
        if a.code in seen:
            out.append(Reason("scheme.duplicate_aspect", f"评分细则代码重复：{a.code}", where))
        seen.add(a.code)
        if a.max_mark <= 0:
            out.append(Reason("scheme.max_mark", f"{a.code} 的分值须大于0", where, "max_mark"))
        if a.kind is AspectKind.J and (a.panel_size or 0) < MIN_J_PANEL:
            out.append(
                Reason(
                    "scheme.j_panel",
                    f"评价分 {a.code} 至少需要{MIN_J_PANEL}名裁判，当前为{a.panel_size or 0}名",
                    {**where, "panel_size": a.panel_size or 0},
                    "panel_size",
                )
            )
        for v in a.allowed:
            if not Decimal(0) <= v <= a.max_mark:
                out.append(
                    Reason(
                        "scheme.allowed_value",
                        f"{a.code} 的可选分值{v}超出0–{a.max_mark}",
                        {**where, "value": v},
                    )
                )
    if not scheme.aspects:
        msg = f"{component} 的评分标准没有评分项"
        out.append(Reason("scheme.no_aspects", msg, {"component": component}))
    total = sum((a.max_mark for a in scheme.aspects), Decimal(0))
    if scheme.aspects and total != HUNDRED:
        out.append(
            Reason(
                "scheme.max_sum",
                f"{component} 各评分项分值之和为{total}，应为100",
                {"component": component, "sum": total},
                "max_mark",
            )
        )
    return out


def validate_marking(components: tuple[Component, ...]) -> None:
    """Raise SchemeError carrying every problem when the components or schemes are invalid (§4)."""
    problems = marking_problems(components)
    if problems:
        first = problems[0]
        raise SchemeError(
            first.code, first.message, field=first.field, params=first.params, problems=problems
        )
