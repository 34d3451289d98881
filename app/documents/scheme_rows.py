"""Group the aspect rows of a scheme workbook into criteria and sub-criteria (§4 layout)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from app.documents.scheme_layout import (
    AGGREGATIONS,
    ASPECT_COLUMNS,
    ASPECT_SHEET,
    KINDS,
    LIMITS,
    SPLIT,
    ParsedScheme,
    SchemeRowError,
    decimal_or_none,
)


class AspectRows:
    """Group aspect rows into criteria and sub-criteria under their components."""

    def __init__(self, components: list[dict[str, Any]], out: ParsedScheme) -> None:
        self.components, self.out = components, out
        self.by_code = {c["code"]: c for c in components}
        self.names: dict[tuple[str, ...], tuple[str, int]] = {}

    def read(self, rows: Sequence[tuple[int, dict[str, str]]]) -> None:
        """Add every row, reporting each problem with its row number."""
        for number, values in rows:
            self._row(number, values)

    def _row(self, n: int, v: dict[str, str]) -> None:
        errors: list[SchemeRowError] = []

        def bad(column: str | None, reason: str, message: str, **params: Any) -> None:
            errors.append(SchemeRowError(ASPECT_SHEET, n, column, reason, message, params))

        for key, (header, _s, required) in ASPECT_COLUMNS.items():
            if required and not v.get(key):
                bad(key, "scheme.cell_required", f"“{header}”不能为空。", header=header)
            limit = LIMITS.get(key)
            if limit and len(v.get(key, "")) > limit:
                bad(key, "scheme.too_long", f"超过{limit}个字符。", n=limit)
        component = self._component(v.get("component", ""), bad)
        kind = KINDS.get(v.get("kind", "").upper()) or KINDS.get(v.get("kind", ""))
        if v.get("kind") and kind is None:
            bad("kind", "scheme.aspect_kind", f"类型“{v['kind']}”无效，应为 M（测量）、J（评价）"
                "或 PANEL（评分组打分）。", value=v["kind"])
        max_mark = decimal_or_none(v.get("max_mark", "")) if v.get("max_mark") else None
        if v.get("max_mark") and max_mark is None:
            bad("max_mark", "scheme.number", f"“{v['max_mark']}”不是有效的数字。",
                value=v["max_mark"])
        aggregation = self._aggregation(v.get("aggregation", ""), bad)
        allowed = [t for t in SPLIT.split(v.get("allowed", "")) if t]
        for text in allowed:
            if decimal_or_none(text) is None:
                bad("allowed", "scheme.number", f"“{text}”不是有效的数字。", value=text)
        if component is not None:
            self._consistent(component["code"], v, n, bad)
        if errors or component is None:
            self.out.errors += errors
            return
        aspect: dict[str, Any] = {"code": v["code"], "kind": kind, "max_mark": v["max_mark"],
                                  "description": v.get("description", ""),
                                  "aggregation": aggregation}
        if kind == "M":
            aspect["allowed"] = allowed
        elif kind == "J":
            texts = [v.get(f"j{i}", "") for i in range(4)]
            while texts and not texts[-1]:
                texts.pop()
            aspect["descriptors"] = texts
        self._place(component, v, aspect)
        self.out.aspect_rows[(component["code"], v["code"])] = n

    def _component(self, code: str, bad: Any) -> dict[str, Any] | None:
        if code:
            found = self.by_code.get(code)
            if found is None:
                known = "、".join(self.by_code) or "（无）"
                bad("component", "scheme.component_unknown",
                    f"成绩组成“{code}”不在「成绩组成」表中（已有：{known}）。",
                    value=code, known=known)
            return found
        practical = [c for c in self.components if c.get("kind") == "PRACTICAL"]
        if len(practical) != 1:
            bad("component", "scheme.component_missing",
                "请填写成绩组成代码：无法确定该评分项属于哪一部分。")
            return None
        return practical[0]

    @staticmethod
    def _aggregation(text: str, bad: Any) -> str:
        if not text:
            return "mean"
        for code, label in AGGREGATIONS.items():
            if text.strip().lower() == code or text.strip() == label:
                return code
        bad("aggregation", "scheme.aggregation", f"汇总方式“{text}”无效，应为平均值、"
            "去掉最高最低后平均或中位数。", value=text)
        return "mean"

    def _consistent(self, component: str, v: dict[str, str], n: int, bad: Any) -> None:
        """Refuse a code repeated with another name, sub-criterion or under another parent."""
        checks = (
            ((component, "criterion", v.get("criterion_code", "")), v.get("criterion_name", ""),
             "criterion_name"),
            ((component, "sub", v.get("sub_code", "")),
             f"{v.get('criterion_code', '')}|{v.get('sub_name', '')}", "sub_name"),
        )
        for key, value, column in checks:
            if not key[2]:
                continue  # reported as missing
            first = self.names.setdefault(key, (value, n))
            if first[0] != value:
                bad(column, "scheme.inconsistent", f"代码{key[2]}在第{first[1]}行有不同的名称或"
                    "所属模块，同一代码须完全一致。", code=key[2], first=first[1])
        seen = self.out.aspect_rows.get((component, v.get("code", "")))
        if seen is not None:
            bad("code", "scheme.duplicate_aspect_row",
                f"评分项代码{v['code']}与第{seen}行重复。", code=v["code"], first=seen)

    @staticmethod
    def _place(component: dict[str, Any], v: dict[str, str], aspect: dict[str, Any]) -> None:
        criteria = component.setdefault("criteria", [])
        criterion = next((c for c in criteria if c["code"] == v["criterion_code"]), None)
        if criterion is None:
            criterion = {"code": v["criterion_code"], "name": v["criterion_name"],
                         "sub_criteria": []}
            criteria.append(criterion)
        subs = criterion["sub_criteria"]
        sub = next((s for s in subs if s["code"] == v["sub_code"]), None)
        if sub is None:
            sub = {"code": v["sub_code"], "name": v["sub_name"], "aspects": []}
            subs.append(sub)
        sub["aspects"].append(aspect)
