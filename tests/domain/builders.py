"""Small builders shared by the domain tests (plain values, no fixtures)."""

from __future__ import annotations

from decimal import Decimal

from app.domain.scheme import (
    Aggregation,
    Aspect,
    AspectKind,
    Component,
    ComponentKind,
    MarkingScheme,
)

D = Decimal


def aspect(
    code: str,
    max_mark: str,
    kind: AspectKind = AspectKind.M,
    *,
    criterion: str = "",
    panel: int | None = None,
    how: Aggregation = Aggregation.MEAN,
) -> Aspect:
    """Return an aspect; the criterion defaults to the code's first letter."""
    if panel is None and kind is not AspectKind.M:
        panel = 3 if kind is AspectKind.J else 5
    return Aspect(
        code=code,
        criterion=criterion or code[0],
        max_mark=D(max_mark),
        kind=kind,
        panel_size=panel,
        aggregation=how,
    )


#: A practical scheme: criterion A (60 = M 40 + J 20) and B (40 = M 25 + panel 15).
PRACTICAL_SCHEME = MarkingScheme(
    aspects=(
        aspect("A1", "40"),
        aspect("A2", "20", AspectKind.J),
        aspect("B1", "25"),
        aspect("B2", "15", AspectKind.PANEL, how=Aggregation.TRIMMED_MEAN),
    )
)

THEORY = Component(code="T", kind=ComponentKind.THEORY, weight=D("0.3"), name="理论知识")
PRACTICAL = Component(code="P", kind=ComponentKind.PRACTICAL, weight=D("0.7"), name="技能操作")
PRACTICAL_WITH_SCHEME = Component(
    code="P", kind=ComponentKind.PRACTICAL, weight=D("0.7"), scheme=PRACTICAL_SCHEME
)
