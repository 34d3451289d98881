"""The scheme workbook: export then parse gives the scheme back; malformed workbooks explained."""

from __future__ import annotations

import copy
import io
from decimal import Decimal
from typing import Any

from openpyxl import load_workbook

from app.documents.schemes_xlsx import parse_scheme_workbook, scheme_workbook

LIMIT = 10 * 1024 * 1024
SCHEME: dict[str, Any] = {"components": [
    {"code": "T", "kind": "THEORY", "name": "理论知识", "weight": "0.30"},
    {"code": "P", "kind": "PRACTICAL", "name": "技能操作", "weight": "0.70", "criteria": [
        {"code": "A", "name": "质量", "sub_criteria": [
            {"code": "A1", "name": "焊缝", "aspects": [
                {"code": "A1.1", "kind": "M", "max_mark": "40.00", "description": "尺寸 ±0.5",
                 "aggregation": "mean", "allowed": ["40", "20", "0"]},
                {"code": "A1.2", "kind": "J", "max_mark": "20", "description": "=外观",
                 "aggregation": "mean", "descriptors": ["差", "合格", "良好", "优秀"]}]},
            {"code": "A2", "name": "变形", "aspects": [
                {"code": "A2.1", "kind": "M", "max_mark": "10", "description": "",
                 "aggregation": "mean", "allowed": []}]}]},
        {"code": "B", "name": "工艺", "sub_criteria": [
            {"code": "B1", "name": "过程", "aspects": [
                {"code": "B1.1", "kind": "PANEL", "max_mark": "30", "description": "规范",
                 "aggregation": "trimmed_mean"}]}]}]},
]}


def _normal(value: Any) -> Any:
    """Compare numbers by value: 40.00 and 40 are the same mark."""
    if isinstance(value, dict):
        return {k: _normal(v) for k, v in value.items() if k != "id"}
    if isinstance(value, list):
        return [_normal(v) for v in value]
    if isinstance(value, str):
        try:
            return Decimal(value).normalize() if value.strip() else value
        except ArithmeticError:
            return value
    return value


def _parse(data: bytes, filename: str = "scheme.xlsx", **kwargs: Any) -> Any:
    return parse_scheme_workbook(data, filename, max_bytes=LIMIT, **kwargs)


def _edit(data: bytes, change: Any) -> bytes:
    workbook = load_workbook(io.BytesIO(data))
    change(workbook)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_round_trip_gives_the_scheme_back():
    parsed = _parse(scheme_workbook(SCHEME, project_name="焊工（职工组）"))
    assert parsed.errors == []
    assert _normal(parsed.data) == _normal(SCHEME)
    assert parsed.aspect_rows[("P", "B1.1")] == 5
    assert parsed.component_rows == {"T": 5, "P": 6}


def test_layout_is_one_row_per_aspect_with_header_block_and_totals():
    workbook = load_workbook(io.BytesIO(scheme_workbook(SCHEME, project_name="焊工")))
    aspects, components = workbook["评分标准"], workbook["成绩组成"]
    assert [c.value for c in aspects[1]][:7] == [
        "成绩组成代码", "模块代码", "模块名称", "子标准代码", "子标准名称", "评分项代码", "类型"]
    assert aspects.max_row == 5
    assert [c.value for c in aspects[3]][6:] == [
        "J", "=外观", 20, None, "差", "合格", "良好", "优秀", None]
    assert aspects["H3"].data_type == "s"  # user text stays text, never a formula
    assert aspects["O2"].value == "40/20/0"
    assert aspects.print_title_rows == "$1:$1" or aspects.print_title_rows == "1:1"
    assert "焊工" in aspects.oddHeader.left.text
    assert components["B2"].value == "焊工"
    totals = [[c.value for c in row][:4] for row in components.iter_rows(min_row=10)]
    assert ["P", "A", "质量", 70] in totals and ["P", "B", "工艺", 30] in totals


def test_bad_rows_are_reported_with_row_and_column():
    def break_rows(workbook: Any) -> None:
        sheet = workbook["评分标准"]
        sheet["G2"] = "X"  # type
        sheet["I3"] = "三十"  # max mark
        sheet["C4"] = "别的名字"  # criterion A renamed on a later row
        sheet["F5"] = "A1.1"  # aspect code of row 2 again
        sheet["J5"] = "众数"  # aggregation
        sheet["A5"] = "Q"  # unknown component

    parsed = _parse(_edit(scheme_workbook(SCHEME, project_name="p"), break_rows))
    assert parsed.data is None
    found = {(e.row, e.column, e.code) for e in parsed.errors}
    assert {(2, "kind", "scheme.aspect_kind"), (3, "max_mark", "scheme.number"),
            (4, "criterion_name", "scheme.inconsistent"),
            (5, "aggregation", "scheme.aggregation"),
            (5, "component", "scheme.component_unknown")} <= found
    assert all(e.sheet == "评分标准" for e in parsed.errors)


def test_duplicate_aspect_code_and_missing_cells():
    def change(workbook: Any) -> None:
        sheet = workbook["评分标准"]
        sheet["F3"] = "A1.1"
        sheet["B4"] = None

    parsed = _parse(_edit(scheme_workbook(SCHEME, project_name="p"), change))
    codes = {(e.row, e.code) for e in parsed.errors}
    assert (3, "scheme.duplicate_aspect_row") in codes
    assert (4, "scheme.cell_required") in codes


def test_components_sheet_problems_point_at_its_rows():
    def change(workbook: Any) -> None:
        sheet = workbook["成绩组成"]
        sheet["B5"] = "口试"
        sheet["D6"] = "七成"

    parsed = _parse(_edit(scheme_workbook(SCHEME, project_name="p"), change))
    found = {(e.sheet, e.row, e.column, e.code) for e in parsed.errors}
    assert ("成绩组成", 5, "c.kind", "scheme.component_kind") in found
    assert ("成绩组成", 6, "c.weight", "scheme.number") in found


def test_without_components_sheet_the_current_components_are_used():
    data = _edit(scheme_workbook(SCHEME, project_name="p"),
                 lambda wb: wb.remove(wb["成绩组成"]))
    current = copy.deepcopy(SCHEME)["components"]
    parsed = _parse(data, default_components=current)
    assert parsed.errors == []
    assert _normal(parsed.data) == _normal(SCHEME)


def test_malformed_files_are_file_errors():
    assert _parse(b"not a workbook").errors[0].code == "sheet.not_spreadsheet"
    headerless = _edit(scheme_workbook(SCHEME, project_name="p"),
                       lambda wb: wb["评分标准"].delete_rows(1))
    assert {e.code for e in _parse(headerless).errors} <= {
        "sheet.header_missing", "sheet.header_not_first_row"}
    empty = _edit(scheme_workbook({"components": []}, project_name="p"), lambda wb: None)
    assert [e.code for e in _parse(empty).errors] == ["scheme.no_rows"]


def test_merged_cells_and_formulas_are_refused():
    def change(workbook: Any) -> None:
        sheet = workbook["评分标准"]
        sheet.merge_cells("B2:B3")
        sheet["I4"] = "=10+10"

    parsed = _parse(_edit(scheme_workbook(SCHEME, project_name="p"), change))
    codes = {e.code for e in parsed.errors}
    assert {"sheet.merged_cells", "sheet.formula"} <= codes
    assert parsed.data is None
