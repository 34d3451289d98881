"""Marking-scheme validation (§4): clear errors, all of them at once."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.domain.errors import SchemeError
from app.domain.scheme import (
    AspectKind,
    Component,
    ComponentKind,
    MarkingScheme,
    marking_problems,
    validate_marking,
)
from tests.domain.builders import (
    PRACTICAL,
    PRACTICAL_SCHEME,
    PRACTICAL_WITH_SCHEME,
    THEORY,
    D,
    aspect,
)


def test_valid_components() -> None:
    assert marking_problems((THEORY, PRACTICAL_WITH_SCHEME)) == ()
    validate_marking((THEORY, PRACTICAL))
    defence = Component("D", ComponentKind.DEFENCE, D("0.1"))
    assert marking_problems((replace(THEORY, weight=D("0.2")), PRACTICAL, defence)) == ()


@pytest.mark.parametrize(
    ("components", "codes"),
    [
        ((), ["scheme.no_components"]),
        (
            (replace(THEORY, weight=D("0.4")), PRACTICAL),
            ["scheme.theory_weight", "scheme.weights_sum"],
        ),
        ((replace(THEORY, weight=D("0.2")), PRACTICAL), ["scheme.weights_sum"]),
        (
            (replace(THEORY, weight=D("0.4")), replace(PRACTICAL, weight=D("0.6"))),
            ["scheme.theory_weight"],
        ),
        (
            (THEORY, replace(PRACTICAL, weight=D("0"))),
            ["scheme.weight_range", "scheme.weights_sum"],
        ),
        ((THEORY, replace(PRACTICAL, code="T")), ["scheme.duplicate_component"]),
        (
            (THEORY, PRACTICAL, replace(PRACTICAL, code="P2", weight=D(0) + D("0.0001"))),
            ["scheme.duplicate_kind", "scheme.weights_sum"],
        ),
        (
            (THEORY, replace(PRACTICAL, scheme=MarkingScheme(aspects=(aspect("A1", "90"),)))),
            ["scheme.max_sum"],
        ),
        ((THEORY, replace(PRACTICAL, scheme=MarkingScheme(aspects=()))), ["scheme.no_aspects"]),
        (
            (
                THEORY,
                replace(
                    PRACTICAL,
                    scheme=MarkingScheme(
                        aspects=(aspect("A1", "80"), aspect("A2", "20", AspectKind.J, panel=2))
                    ),
                ),
            ),
            ["scheme.j_panel"],
        ),
        (
            (
                THEORY,
                replace(
                    PRACTICAL,
                    scheme=MarkingScheme(aspects=(aspect("A1", "80"), aspect("A1", "20"))),
                ),
            ),
            ["scheme.duplicate_aspect"],
        ),
        (
            (
                THEORY,
                replace(
                    PRACTICAL,
                    scheme=MarkingScheme(aspects=(aspect("A1", "100"), aspect("A2", "0"))),
                ),
            ),
            ["scheme.max_mark"],
        ),
        (
            (
                THEORY,
                replace(
                    PRACTICAL,
                    scheme=MarkingScheme(
                        aspects=(replace(aspect("A1", "100"), allowed=(D(0), D(120))),)
                    ),
                ),
            ),
            ["scheme.allowed_value"],
        ),
    ],
)
def test_problems(components: tuple[Component, ...], codes: list[str]) -> None:
    problems = marking_problems(components)
    assert [p.code for p in problems] == codes
    with pytest.raises(SchemeError) as exc:
        validate_marking(components)
    assert exc.value.code == codes[0]
    assert [p.code for p in exc.value.problems] == codes


def test_messages_name_the_field() -> None:
    problems = marking_problems((replace(THEORY, weight=D("0.2")), PRACTICAL))
    assert problems[0].message == "各部分权重之和为0.9，应为1"
    problems = marking_problems(
        (
            THEORY,
            replace(
                PRACTICAL,
                scheme=MarkingScheme(
                    aspects=(aspect("A1", "80"), aspect("A2", "20", AspectKind.J, panel=2))
                ),
            ),
        )
    )
    assert "A2" in problems[0].message and "至少需要3名裁判" in problems[0].message


@pytest.mark.parametrize(
    ("aspects", "expected"),
    [
        (PRACTICAL_SCHEME.aspects, "A"),  # A = 60, B = 40
        ((aspect("A1", "50"), aspect("B1", "50")), "A"),  # equal sums: first by code
        ((aspect("B1", "30"), aspect("C1", "40"), aspect("C2", "10"), aspect("A1", "20")), "C"),
    ],
)
def test_top_criterion(aspects: tuple, expected: str) -> None:
    assert MarkingScheme(aspects=aspects).top_criterion() == expected
