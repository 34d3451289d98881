"""Marking schemes as .xlsx in the WorldSkills-style layout: one row per aspect (bytes in/out).

A component without a scheme (theory, defence) is one row with the aspect columns empty. The
plain structure is the one of app.services.schemes; validation of the marks (DOMAIN §4) is the
service's, this module only reads and writes the table.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.documents.tables import TableError, read_table
from app.documents.workbooks import rows_xlsx

MAX_ROWS = 2000
MAX_BYTES = 2 * 1024 * 1024

#: Column key → (header written, other accepted spellings).
COLUMNS: dict[str, tuple[str, ...]] = {
    "component_code": ("成绩组成代码", "Component code"),
    "component_kind": ("成绩组成类型", "Component kind"),
    "component_name": ("成绩组成名称", "Component name"),
    "weight": ("权重", "Weight"),
    "criterion_code": ("评分模块代码", "Criterion code"),
    "criterion_name": ("评分模块名称", "Criterion name"),
    "sub_code": ("子模块代码", "Sub-criterion code"),
    "sub_name": ("子模块名称", "Sub-criterion name"),
    "aspect_code": ("评分项代码", "Aspect code"),
    "kind": ("评分类型(M/J/PANEL)", "评分类型", "Type"),
    "max_mark": ("分值", "Max mark"),
    "aggregation": ("汇总方式", "Aggregation"),
    "description": ("评分细则", "Description"),
    "allowed": ("测量分可选分值(;分隔)", "测量分可选分值", "Allowed values"),
    "j0": ("评价0分描述", "Descriptor 0"),
    "j1": ("评价1分描述", "Descriptor 1"),
    "j2": ("评价2分描述", "Descriptor 2"),
    "j3": ("评价3分描述", "Descriptor 3"),
}
_OPTIONAL = ("criterion_code", "criterion_name", "sub_code", "sub_name", "aspect_code", "kind",
             "max_mark", "aggregation", "description", "allowed", "j0", "j1", "j2", "j3")


@dataclass(frozen=True)
class SchemeTable:
    """What an uploaded scheme table gave: the plain structure, or the problems found."""

    scheme: dict[str, Any] | None
    errors: list[TableError]


def scheme_xlsx(scheme: Mapping[str, Any]) -> bytes:
    """Write a scheme (the plain structure) as one row per aspect."""
    rows: list[list[object]] = []
    for c in scheme.get("components", []):
        head = [c["code"], c["kind"], c["name"], c["weight"]]
        aspects = [(cr, sub, a) for cr in c.get("criteria") or []
                   for sub in cr.get("sub_criteria") or [] for a in sub.get("aspects") or []]
        if not aspects:
            rows.append(head + [None] * (len(COLUMNS) - len(head)))
        for cr, sub, a in aspects:
            texts = list(a.get("descriptors") or []) + [""] * 4
            rows.append(head + [
                cr["code"], cr["name"], sub["code"], sub["name"], a["code"], a["kind"],
                a["max_mark"], a.get("aggregation") or "", a.get("description") or "",
                ";".join(a.get("allowed") or []), *texts[:4],
            ])
    return rows_xlsx("评分标准", [names[0] for names in COLUMNS.values()], rows)


def _number_text(text: str) -> str:
    # Excel turns 0.3 into 0.3 but 40 may come back as "40.0"; the service parses Decimals.
    return text[:-2] if text.endswith(".0") else text


def read_scheme_xlsx(data: bytes, filename: str) -> SchemeTable:
    """Read an uploaded scheme table into the plain structure (file problems as TableErrors)."""
    table = read_table(data, filename, expected_headers=COLUMNS, max_rows=MAX_ROWS,
                       max_bytes=MAX_BYTES, optional=_OPTIONAL)
    if not table.ok:
        return SchemeTable(None, table.errors)
    components: dict[str, dict[str, Any]] = {}
    for row in table.rows:
        v = row.values
        code = v.get("component_code", "")
        component = components.setdefault(code, {
            "code": code, "kind": v.get("component_kind", ""),
            "name": v.get("component_name", ""), "weight": _number_text(v.get("weight", "")),
            "criteria": [],
        })
        if not v.get("aspect_code"):
            continue
        criterion = _child(component["criteria"], v.get("criterion_code", ""),
                           v.get("criterion_name", ""), "sub_criteria")
        sub = _child(criterion["sub_criteria"], v.get("sub_code", ""), v.get("sub_name", ""),
                     "aspects")
        kind = v.get("kind", "").upper()
        aspect: dict[str, Any] = {
            "code": v["aspect_code"], "kind": kind,
            "max_mark": _number_text(v.get("max_mark", "")),
            "aggregation": v.get("aggregation") or "mean",
            "description": v.get("description", ""),
        }
        if kind == "M":
            aspect["allowed"] = [_number_text(p.strip()) for p in
                                 v.get("allowed", "").replace("；", ";").split(";") if p.strip()]
        if kind == "J":
            aspect["descriptors"] = [v.get(f"j{n}", "") for n in range(4)]
        sub["aspects"].append(aspect)
    return SchemeTable({"components": list(components.values())}, [])


def _child(items: list[dict[str, Any]], code: str, name: str, key: str) -> dict[str, Any]:
    """Return the child with this code, adding it (named) on first sight."""
    found = next((i for i in items if i["code"] == code), None)
    if found is None:
        found = {"code": code, "name": name, key: []}
        items.append(found)
    return found
