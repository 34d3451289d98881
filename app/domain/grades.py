"""The grade ladder (职业技能等级, "八级工", DOMAIN.md §2)."""

from __future__ import annotations

from enum import StrEnum

from app.domain.errors import DomainError


class Grade(StrEnum):
    """One of the eight levels of §2; compare with ``ordinal`` (never with string order)."""

    APPRENTICE = "APPRENTICE"
    L5 = "L5"
    L4 = "L4"
    L3 = "L3"
    L2 = "L2"
    L1 = "L1"
    SPECIAL = "SPECIAL"
    CHIEF = "CHIEF"

    @property
    def ordinal(self) -> int:
        """Return the ladder position, 0 (学徒工) to 7 (首席技师)."""
        return _ORDER.index(self)

    @property
    def zh(self) -> str:
        """Return the Chinese name."""
        return _ZH[self.value]

    @property
    def national_level(self) -> int | None:
        """Return the national level number (五级=5 … 一级=1), None off the national scale."""
        return _NATIONAL.get(self.value)

    @property
    def is_appointed_post(self) -> bool:
        """Return whether the grade is a post by appointment (特级/首席), out of contest reach."""
        return self in (Grade.SPECIAL, Grade.CHIEF)

    @property
    def is_high_skill(self) -> bool:
        """Return whether the grade counts as 高技能人才 (高级工 and up)."""
        return self.ordinal >= Grade.L3.ordinal


_ORDER: tuple[Grade, ...] = (
    Grade.APPRENTICE,
    Grade.L5,
    Grade.L4,
    Grade.L3,
    Grade.L2,
    Grade.L1,
    Grade.SPECIAL,
    Grade.CHIEF,
)
_ZH = {
    "APPRENTICE": "学徒工",
    "L5": "初级工",
    "L4": "中级工",
    "L3": "高级工",
    "L2": "技师",
    "L1": "高级技师",
    "SPECIAL": "特级技师",
    "CHIEF": "首席技师",
}
_NATIONAL = {"L5": 5, "L4": 4, "L3": 3, "L2": 2, "L1": 1}

#: The highest grade a contest promotion can reach (§2: 特级/首席 are appointed posts).
PROMOTION_CAP = Grade.L1

LADDER: tuple[Grade, ...] = _ORDER


def parse_grade(value: str | Grade | None, *, field: str = "grade") -> Grade:
    """Return the grade for a code, treating a missing grade as APPRENTICE (§10.10)."""
    if value is None or value == "":
        return Grade.APPRENTICE
    if isinstance(value, Grade):
        return value
    try:
        return Grade(str(value).strip().upper())
    except ValueError:
        raise DomainError(
            "grade.unknown",
            f"未知的技能等级代码：{value}",
            field=field,
            params={"value": str(value)},
        ) from None


def grade_at(ordinal: int) -> Grade:
    """Return the grade at a ladder position."""
    if not 0 <= ordinal < len(_ORDER):
        raise DomainError(
            "grade.ordinal", f"技能等级序号超出范围：{ordinal}", params={"ordinal": ordinal}
        )
    return _ORDER[ordinal]


def compare(a: Grade, b: Grade) -> int:
    """Return -1, 0 or 1 as grade a is below, equal to or above grade b (§2)."""
    return (a.ordinal > b.ordinal) - (a.ordinal < b.ordinal)


def higher(a: Grade, b: Grade) -> Grade:
    """Return the higher of two grades."""
    return a if a.ordinal >= b.ordinal else b


def lower(a: Grade, b: Grade) -> Grade:
    """Return the lower of two grades."""
    return a if a.ordinal <= b.ordinal else b


def step(grade: Grade, steps: int = 1, *, cap: Grade = PROMOTION_CAP) -> Grade:
    """Move a grade up (or down) the ladder by steps, never past cap nor below APPRENTICE."""
    target = max(0, min(grade.ordinal + steps, cap.ordinal))
    if steps > 0 and grade.ordinal >= cap.ordinal:
        return grade  # already at or past the cap: stepping up never lowers a grade
    return _ORDER[target]
