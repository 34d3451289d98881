"""Marking schemes as .xlsx in the WorldSkills layout: one row per aspect (bytes in, bytes out).

Sheet 1 「评分标准」 is the aspect table (header on row 1, so ``read_table`` reads it back):
component, criterion code and name, sub-criterion code and name, aspect code, type (M/J/PANEL),
description, max mark, aggregation, the four J descriptors and the M deduction values. Sheet 2
「成绩组成」 carries the header block (project name), the components with their weights and the
totals per criterion. The print header of sheet 1 repeats the project name on every page.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from app.documents.scheme_layout import (
    AGGREGATIONS,
    ASPECT_COLUMNS,
    ASPECT_SHEET,
    COMPONENT_COLUMNS,
    COMPONENT_KINDS,
    COMPONENT_SHEET,
    LIMITS,
    MAX_ROWS,
    ParsedScheme,
    SchemeRowError,
    cell_text,
    decimal_or_none,
)
from app.documents.scheme_rows import AspectRows
from app.documents.tables import TableError, normalise_header, read_table

__all__ = ["ParsedScheme", "SchemeRowError", "parse_scheme_workbook", "scheme_workbook"]

_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD = Font(name="宋体", bold=True, size=11)
_BODY = Font(name="宋体", size=10)
_FILL = PatternFill("solid", fgColor="D9E1F2")
_WRAP = Alignment(vertical="top", wrap_text=True)
_WIDTHS = {"component": 8, "criterion_code": 7, "criterion_name": 16, "sub_code": 8,
           "sub_name": 16, "code": 9, "kind": 7, "description": 36, "max_mark": 7,
           "aggregation": 12, "j0": 18, "j1": 18, "j2": 18, "j3": 18, "allowed": 12}


def scheme_workbook(scheme: Mapping[str, Any], *, project_name: str) -> bytes:
    """Build the scheme workbook from the plain structure (see app.services.setup.schemes)."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = ASPECT_SHEET
    keys = list(ASPECT_COLUMNS)
    for index, key in enumerate(keys, start=1):
        cell = sheet.cell(row=1, column=index, value=ASPECT_COLUMNS[key][0])
        cell.font, cell.fill, cell.border = _HEAD, _FILL, _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(index)].width = _WIDTHS[key]
    totals: list[tuple[str, str, str, Decimal]] = []
    row = 1
    for component in scheme.get("components", []):
        for criterion in component.get("criteria") or []:
            total = Decimal(0)
            for sub in criterion.get("sub_criteria", []):
                for aspect in sub.get("aspects", []):
                    row += 1
                    total += Decimal(str(aspect.get("max_mark", 0)))
                    values = _aspect_cells(component, criterion, sub, aspect)
                    for index, key in enumerate(keys, start=1):
                        cell = sheet.cell(row=row, column=index, value=values.get(key))
                        if isinstance(cell.value, str):
                            cell.data_type = "s"  # user text never becomes a formula
                        cell.font, cell.border, cell.alignment = _BODY, _BORDER, _WRAP
            totals.append((component["code"], criterion["code"], criterion["name"], total))
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.oddHeader.left.text = f"赛项：{project_name.replace('&', '&&')}"
    sheet.oddHeader.right.text = "评分标准"
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"
    _component_sheet(workbook, scheme, project_name, totals)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _aspect_cells(component: Mapping[str, Any], criterion: Mapping[str, Any],
                  sub: Mapping[str, Any], aspect: Mapping[str, Any]) -> dict[str, Any]:
    kind = aspect.get("kind", "")
    texts = list(aspect.get("descriptors") or []) if kind == "J" else []
    values: dict[str, Any] = {
        "component": component["code"], "criterion_code": criterion["code"],
        "criterion_name": criterion["name"], "sub_code": sub["code"], "sub_name": sub["name"],
        "code": aspect["code"], "kind": kind, "description": aspect.get("description", ""),
        "max_mark": Decimal(str(aspect["max_mark"])),
        "aggregation": AGGREGATIONS.get(aspect.get("aggregation") or "mean")
        if kind == "PANEL" else "",
        "allowed": "/".join(cell_text(v) for v in aspect.get("allowed") or [])
        if kind == "M" else "",
    }
    for n in range(4):
        values[f"j{n}"] = texts[n] if n < len(texts) else ""
    return values


def _component_sheet(workbook: Workbook, scheme: Mapping[str, Any], project_name: str,
                     totals: Sequence[tuple[str, str, str, Decimal]]) -> None:
    """Add the header block, the components with weights and the totals per criterion."""
    sheet = workbook.create_sheet(COMPONENT_SHEET)
    sheet.append(["评分标准"])
    sheet["A1"].font = Font(name="宋体", bold=True, size=14)
    sheet.append(["赛项", project_name])
    sheet.append([])
    sheet.append([c[0] for c in COMPONENT_COLUMNS.values()] + ["评分项分值合计"])
    for component in scheme.get("components", []):
        aspects = [a for cr in component.get("criteria") or [] for s in cr.get("sub_criteria", [])
                   for a in s.get("aspects", [])]
        total = sum((Decimal(str(a["max_mark"])) for a in aspects), Decimal(0))
        sheet.append([component["code"], component["kind"], component["name"],
                      Decimal(str(component["weight"])), total if aspects else None])
    sheet.append([])
    sheet.append(["各模块分值合计（仅供核对，导入时忽略）"])
    sheet.append(["成绩组成代码", "模块代码", "模块名称", "分值合计"])
    for code, criterion, name, total in totals:
        sheet.append([code, criterion, name, total])
    for row in sheet.iter_rows(min_row=4):
        for cell in row:
            if cell.value is not None:
                cell.border, cell.font = _BORDER, _BODY
                if isinstance(cell.value, str):
                    cell.data_type = "s"
    for letter, width in zip("ABCDE", (14, 12, 24, 10, 14), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4


def parse_scheme_workbook(data: bytes, filename: str, *, max_bytes: int,
                          default_components: Sequence[Mapping[str, Any]] = ()) -> ParsedScheme:
    """Read a scheme workbook back into the plain structure, or report every problem.

    Without a 「成绩组成」 sheet (e.g. a CSV of the aspect table) ``default_components`` (the
    project's current ones) are used.
    """
    expected = {k: (h, *spellings) for k, (h, spellings, _r) in ASPECT_COLUMNS.items()}
    optional = [k for k, (_h, _s, required) in ASPECT_COLUMNS.items() if not required]
    table = read_table(data, filename, expected_headers=expected, optional=optional,
                       max_rows=MAX_ROWS, max_bytes=max_bytes)
    errors = [_from_table(e) for e in table.errors]
    if table.errors and not table.rows:
        return ParsedScheme(None, errors)
    out = ParsedScheme(None, errors, rows=len(table.rows))
    components = _read_components(data, out) if filename.lower().endswith(".xlsx") else None
    if components is None:
        components = [{k: c[k] for k in ("code", "kind", "name", "weight")}
                      for c in default_components]
    AspectRows(components, out).read([(r.row_number, r.values) for r in table.rows])
    if not table.rows:
        out.errors.append(SchemeRowError(ASPECT_SHEET, None, None, "scheme.no_rows",
                                         "评分标准表中没有任何评分项。"))
    if not out.errors:
        out.data = {"components": components}
    return out


def _from_table(error: TableError) -> SchemeRowError:
    return SchemeRowError(ASPECT_SHEET, error.row, error.column, error.code, error.message,
                          dict(error.params))


def _read_components(data: bytes, out: ParsedScheme) -> list[dict[str, Any]] | None:
    """Read the components table of sheet 2 (None when the workbook has no such sheet)."""
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # noqa: BLE001  (read_table accepted the file; anything else: no sheet 2)
        return None
    try:
        if COMPONENT_SHEET not in workbook.sheetnames:
            return None
        rows = list(workbook[COMPONENT_SHEET].iter_rows(max_row=200, values_only=True))
    finally:
        workbook.close()
    lookup = {normalise_header(s): key for key, (h, spellings) in COMPONENT_COLUMNS.items()
              for s in (h, *spellings)}
    start, columns = None, {}
    for number, cells in enumerate(rows, start=1):
        found = {lookup[normalise_header(cell_text(c))]: i for i, c in enumerate(cells)
                 if normalise_header(cell_text(c)) in lookup}
        if set(found) == set(COMPONENT_COLUMNS):
            start, columns = number, found
            break
    if start is None:
        out.errors.append(SchemeRowError(COMPONENT_SHEET, None, None, "scheme.components_header",
                                         "「成绩组成」表缺少表头：成绩组成代码、类型、名称、权重。"))
        return []
    components: list[dict[str, Any]] = []
    for number, cells in enumerate(rows[start:], start=start + 1):
        values = {k: cell_text(cells[i]).strip() if i < len(cells) else ""
                  for k, i in columns.items()}
        if not any(values.values()):
            break  # the table ends at the first blank row; the totals below are not read
        components.append(_component(number, values, out))
    return components


def _component(number: int, v: dict[str, str], out: ParsedScheme) -> dict[str, Any]:
    def bad(column: str, reason: str, message: str, **params: Any) -> None:
        out.errors.append(SchemeRowError(COMPONENT_SHEET, number, f"c.{column}", reason, message,
                                         params))

    for key in COMPONENT_COLUMNS:
        if not v[key]:
            bad(key, "scheme.cell_required", f"“{COMPONENT_COLUMNS[key][0]}”不能为空。",
                header=COMPONENT_COLUMNS[key][0])
    kinds = {**{k: k for k in COMPONENT_KINDS}, **{z: k for k, z in COMPONENT_KINDS.items()},
             "理论": "THEORY", "实操": "PRACTICAL", "答辩": "DEFENCE"}
    kind = kinds.get(v["kind"].upper()) or kinds.get(v["kind"])
    if v["kind"] and kind is None:
        bad("kind", "scheme.component_kind", f"成绩组成类型“{v['kind']}”无效，应为理论知识、"
            "技能操作、技术答辩或其他。", value=v["kind"])
    if v["weight"] and decimal_or_none(v["weight"]) is None:
        bad("weight", "scheme.number", f"“{v['weight']}”不是有效的数字。", value=v["weight"])
    for key in ("code", "name"):
        if len(v[key]) > LIMITS[f"c.{key}"]:
            bad(key, "scheme.too_long", f"超过{LIMITS[f'c.{key}']}个字符。",
                n=LIMITS[f"c.{key}"])
    if v["code"] in out.component_rows:
        bad("code", "scheme.duplicate_component_row",
            f"成绩组成代码{v['code']}与第{out.component_rows[v['code']]}行重复。",
            code=v["code"], first=out.component_rows[v["code"]])
    out.component_rows.setdefault(v["code"], number)
    return {"code": v["code"], "kind": kind or v["kind"], "name": v["name"],
            "weight": v["weight"]}
