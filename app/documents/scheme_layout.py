"""The scheme workbook's columns and what reading it yields (shared by writer and reader)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from app.domain.numbers import GENERAL, NumberError, parse_decimal

ASPECT_SHEET, COMPONENT_SHEET = "评分标准", "成绩组成"
MAX_ROWS = 2000

#: key → (header written, accepted spellings, required)
ASPECT_COLUMNS: dict[str, tuple[str, tuple[str, ...], bool]] = {
    "component": ("成绩组成代码", ("成绩组成", "component"), False),
    "criterion_code": ("模块代码", ("评分模块代码", "criterion", "criterion code"), True),
    "criterion_name": ("模块名称", ("评分模块名称", "criterion name"), True),
    "sub_code": ("子标准代码", ("子标准", "sub criterion", "sub criterion code"), True),
    "sub_name": ("子标准名称", ("sub criterion name",), True),
    "code": ("评分项代码", ("评分项", "评分细则代码", "aspect", "aspect code"), True),
    "kind": ("类型", ("评分类型", "type"), True),
    "description": ("评分项描述", ("描述", "评分细则", "description"), False),
    "max_mark": ("分值", ("满分", "配分", "max mark"), True),
    "aggregation": ("汇总方式", ("aggregation",), False),
    "j0": ("评价0分描述", ("j0",), False),
    "j1": ("评价1分描述", ("j1",), False),
    "j2": ("评价2分描述", ("j2",), False),
    "j3": ("评价3分描述", ("j3",), False),
    "allowed": ("测量可选分值", ("可选分值", "扣分表", "deductions", "allowed"), False),
}
COMPONENT_COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "code": ("成绩组成代码", ("代码", "component")),
    "kind": ("类型", ("kind",)),
    "name": ("名称", ("成绩组成名称", "name")),
    "weight": ("权重", ("weight",)),
}
KINDS = {"M": "M", "测量": "M", "测量分": "M", "J": "J", "评价": "J", "评价分": "J",
         "PANEL": "PANEL", "打分": "PANEL", "评分组": "PANEL", "评分组打分": "PANEL"}
AGGREGATIONS = {"mean": "平均值", "trimmed_mean": "去掉最高最低后平均", "median": "中位数"}
COMPONENT_KINDS = {"THEORY": "理论知识", "PRACTICAL": "技能操作", "DEFENCE": "技术答辩",
                   "OTHER": "其他"}
#: Longest text the scheme tables hold, by column key.
LIMITS = {"component": 16, "criterion_code": 8, "criterion_name": 200, "sub_code": 12,
          "sub_name": 200, "code": 16, "description": 2000, "j0": 500, "j1": 500, "j2": 500,
          "j3": 500, "c.code": 16, "c.name": 100}
SPLIT = re.compile(r"[/、,，;；\s]+")

@dataclass(frozen=True)
class SchemeRowError:
    """One problem of the workbook; ``sheet`` and ``row`` locate it, ``column`` is a key."""

    sheet: str | None
    row: int | None
    column: str | None
    code: str
    message: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def header(self) -> str:
        """Return the column's header as written in the workbook."""
        if self.column and self.column.startswith("c."):
            return COMPONENT_COLUMNS.get(self.column[2:], ("",))[0]
        return ASPECT_COLUMNS.get(self.column or "", ("",))[0]


@dataclass
class ParsedScheme:
    """The plain structure read (None when a problem was found) and every problem."""

    data: dict[str, Any] | None
    errors: list[SchemeRowError]
    rows: int = 0
    #: (component code, aspect code) → row of sheet 1; component code → row of sheet 2
    aspect_rows: dict[tuple[str, str], int] = field(default_factory=dict)
    component_rows: dict[str, int] = field(default_factory=dict)


def cell_text(value: Any) -> str:
    if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
        return f"{Decimal(str(value)).normalize():f}"
    return "" if value is None else str(value)


def decimal_or_none(text: str) -> Decimal | None:
    """Return the cell's number by the one bounded parser (plain decimal notation), or None."""
    try:
        return parse_decimal(text, GENERAL, field="value")
    except NumberError:
        return None
