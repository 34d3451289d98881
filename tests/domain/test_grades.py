"""The grade ladder (§2)."""

from __future__ import annotations

import pytest

from app.domain.errors import DomainError
from app.domain.grades import LADDER, Grade, compare, grade_at, higher, parse_grade, step

LADDER_TABLE = [
    (Grade.APPRENTICE, 0, "学徒工", None),
    (Grade.L5, 1, "初级工", 5),
    (Grade.L4, 2, "中级工", 4),
    (Grade.L3, 3, "高级工", 3),
    (Grade.L2, 4, "技师", 2),
    (Grade.L1, 5, "高级技师", 1),
    (Grade.SPECIAL, 6, "特级技师", None),
    (Grade.CHIEF, 7, "首席技师", None),
]


@pytest.mark.parametrize(("grade", "ordinal", "zh", "level"), LADDER_TABLE)
def test_ladder(grade: Grade, ordinal: int, zh: str, level: int | None) -> None:
    assert grade.ordinal == ordinal
    assert grade.zh == zh
    assert grade.national_level == level
    assert grade_at(ordinal) is grade
    assert LADDER[ordinal] is grade


def test_codes_are_stored_strings() -> None:
    assert [g.value for g in LADDER] == [
        "APPRENTICE",
        "L5",
        "L4",
        "L3",
        "L2",
        "L1",
        "SPECIAL",
        "CHIEF",
    ]
    assert Grade.L3.is_high_skill and not Grade.L4.is_high_skill
    assert Grade.SPECIAL.is_appointed_post and not Grade.L1.is_appointed_post


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (Grade.L5, Grade.L4, -1),
        (Grade.L1, Grade.L1, 0),
        (Grade.L2, Grade.L3, 1),
        (Grade.CHIEF, Grade.SPECIAL, 1),
    ],
)
def test_compare_by_ordinal_not_string(a: Grade, b: Grade, expected: int) -> None:
    assert compare(a, b) == expected
    assert higher(a, b) is (a if expected >= 0 else b)


@pytest.mark.parametrize(
    ("grade", "steps", "expected"),
    [
        (Grade.APPRENTICE, 1, Grade.L5),
        (Grade.L3, 1, Grade.L2),
        (Grade.L2, 3, Grade.L1),  # capped at L1
        (Grade.L1, 1, Grade.L1),
        (Grade.SPECIAL, 1, Grade.SPECIAL),  # never lowered by "stepping up"
        (Grade.L5, -3, Grade.APPRENTICE),
    ],
)
def test_step(grade: Grade, steps: int, expected: Grade) -> None:
    assert step(grade, steps) is expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(None, Grade.APPRENTICE), ("", Grade.APPRENTICE), ("l3", Grade.L3), (Grade.L1, Grade.L1)],
)
def test_parse_grade(raw: str | Grade | None, expected: Grade) -> None:
    assert parse_grade(raw) is expected


def test_parse_unknown_grade() -> None:
    with pytest.raises(DomainError) as exc:
        parse_grade("L9")
    assert exc.value.code == "grade.unknown"
    with pytest.raises(DomainError):
        grade_at(8)
