"""read_table: every way an uploaded .xlsx/.csv can be wrong yields a coded error, never a raise."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from datetime import date, datetime

import pytest
from openpyxl.worksheet.worksheet import Worksheet

from app.documents.tables import ParsedTable, normalise_header, read_table
from tests.documents.helpers import GOOD_ROW, HEADERS, ZH, csv_bytes, xlsx_bytes

MB = 1024 * 1024


def read(data: bytes, filename: str = "报名表.xlsx", **options: object) -> ParsedTable:
    """Read with the registration headers and generous limits unless overridden."""
    kwargs: dict[str, object] = {"expected_headers": HEADERS, "max_rows": 1000, "max_bytes": 5 * MB}
    kwargs.update(options)
    return read_table(data, filename, **kwargs)  # type: ignore[arg-type]


def codes(table: ParsedTable) -> list[str]:
    """List the error codes of a table."""
    return [error.code for error in table.errors]


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (xlsx_bytes([ZH, GOOD_ROW]), "a.xlsx"),
        (csv_bytes([ZH, GOOD_ROW], "utf-8"), "a.csv"),
        (csv_bytes([ZH, GOOD_ROW], "utf-8-sig"), "a.csv"),
        (csv_bytes([ZH, GOOD_ROW], "gbk"), "a.csv"),
        (csv_bytes([ZH, GOOD_ROW], "gb18030"), "a.CSV"),
        (csv_bytes([ZH, GOOD_ROW], "utf-16"), "a.txt"),
        (xlsx_bytes([ZH, GOOD_ROW]), "renamed.csv"),  # content wins over the file name
    ],
)
def test_valid_files_in_every_format_and_encoding_read_the_same(data: bytes, filename: str) -> None:
    table = read(data, filename)

    assert table.ok, table.errors
    assert [(row.row_number, row.values) for row in table.rows] == [
        (2, dict(zip(HEADERS, GOOD_ROW, strict=True)))
    ]


def test_english_headers_in_any_order_and_case_with_required_marks_match() -> None:
    headers = ["phone", "NAME*", " ID number ", "Group（必填）", "birth date", "Employer"]
    row = ["13800138000", "李四", "120101199001011234", "学生组", "2001-02-03", "某学校"]
    table = read(xlsx_bytes([headers, row]))

    assert table.ok, table.errors
    assert table.rows[0].values["name"] == "李四"
    assert table.rows[0].values["phone"] == "13800138000"


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("姓名*", "姓名"),
        ("身份证号 (18位)", "身份证号"),
        ("出生日期（YYYY-MM-DD）", "出生日期"),
        ("ID  Number", "idnumber"),
        ("＊手机号：", "手机号"),
    ],
)
def test_normalise_header(text: str, folded: str) -> None:
    assert normalise_header(text) == folded


def test_blank_rows_are_skipped_and_whitespace_trimmed() -> None:
    padded = [f"  {value}\u3000" for value in GOOD_ROW]
    table = read(xlsx_bytes([ZH, [], [None] * 6, ["", " ", "", "", "", ""], padded]))

    assert table.ok, table.errors
    assert [row.row_number for row in table.rows] == [5]
    assert list(table.rows[0].values.values()) == GOOD_ROW


def test_optional_columns_may_be_missing() -> None:
    table = read(xlsx_bytes([ZH[:5], GOOD_ROW[:5]]), optional=["employer"])

    assert table.ok
    assert "employer" not in table.rows[0].values


def _set(ref: str, value: object) -> Callable[[Worksheet], None]:
    def edit(sheet: Worksheet) -> None:
        sheet[ref] = value

    return edit


def _merge(ref: str) -> Callable[[Worksheet], None]:
    def edit(sheet: Worksheet) -> None:
        sheet.merge_cells(ref)

    return edit


@pytest.mark.parametrize(
    ("edit", "code", "row", "column", "params"),
    [
        (_set("B2", 120101199001011234), "sheet.number_precision", 2, "id_number", {"cell": "B2"}),
        (_set("B2", 1.20101199001011e17), "sheet.number_precision", 2, "id_number", {"cell": "B2"}),
        (_set("C2", "=13800138000+0"), "sheet.formula", 2, "phone", {"cell": "C2"}),
        (_set("F2", '=CONCAT("a","b")'), "sheet.formula", 2, "employer", {"cell": "F2"}),
        (_merge("A2:B2"), "sheet.merged_cells", 2, None, {"range": "A2:B2"}),
    ],
)
def test_cell_problems_name_the_cell(
    edit: Callable[[Worksheet], None],
    code: str,
    row: int,
    column: str | None,
    params: dict[str, object],
) -> None:
    table = read(xlsx_bytes([ZH, GOOD_ROW, GOOD_ROW], edit))

    [error] = table.errors
    assert (error.code, error.row, error.column) == (code, row, column)
    assert params.items() <= error.params.items()
    assert next(iter(params.values())) in error.message
    assert [r.row_number for r in table.rows] == [2, 3]  # rows stay, to report other problems


def test_excel_error_values_are_reported() -> None:
    def edit(sheet: Worksheet) -> None:
        sheet["F2"] = "#N/A"
        sheet["F2"].data_type = "e"

    [error] = read(xlsx_bytes([ZH, GOOD_ROW], edit)).errors
    assert (error.code, error.params["value"]) == ("sheet.cell_error", "#N/A")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (13800138000, "13800138000"),
        (13800138000.0, "13800138000"),
        (42, "42"),
        (3.5, "3.5"),
        (0.1, "0.1"),
        (True, "TRUE"),
        (datetime(1990, 1, 1), "1990-01-01"),
        (datetime(2024, 5, 18, 8, 30), "2024-05-18T08:30"),
        (date(2001, 2, 3), "2001-02-03"),
    ],
)
def test_typed_cells_become_text(value: object, text: str) -> None:
    table = read(xlsx_bytes([ZH, GOOD_ROW], _set("C2", value)))

    assert table.ok, table.errors
    assert table.rows[0].values["phone"] == text


def test_csv_number_in_scientific_notation_lost_precision() -> None:
    row = ["张三", "1.20101E+17", *GOOD_ROW[2:]]
    [error] = read(csv_bytes([ZH, row], "gbk"), "a.csv").errors

    assert (error.code, error.row, error.column, error.params["cell"]) == (
        "sheet.number_precision",
        2,
        "id_number",
        "B2",
    )


def test_missing_headers_name_each_missing_column() -> None:
    table = read(xlsx_bytes([["姓名", "手机", "组别", "出生日期", "工作单位"], GOOD_ROW]))

    assert codes(table) == ["sheet.header_missing", "sheet.header_missing"]
    assert {e.column for e in table.errors} == {"id_number", "phone"}
    assert any("身份证号" in e.message for e in table.errors)
    assert table.rows == []


@pytest.mark.parametrize("above", [[["2024年焊工报名表"]], [[], []], [["说明：请填写"], []]])
def test_header_below_the_first_row_is_pointed_at(above: list[list[str]]) -> None:
    table = read(xlsx_bytes([*above, ZH, GOOD_ROW]))

    [error] = table.errors
    assert error.code == "sheet.header_not_first_row"
    assert error.params == {"found_row": len(above) + 1}


def test_duplicate_header_is_an_error() -> None:
    table = read(xlsx_bytes([[*ZH, "Name"], [*GOOD_ROW, "x"]]))

    assert codes(table) == ["sheet.header_duplicate"]


@pytest.mark.parametrize(
    ("data", "filename", "code"),
    [
        (b"", "a.xlsx", "sheet.not_spreadsheet"),
        (b"\x00\x01junk" * 100, "a.xlsx", "sheet.not_spreadsheet"),
        (b"PK\x03\x04 not really a zip", "a.xlsx", "sheet.not_spreadsheet"),
        (b"%PDF-1.4 ...", "a.pdf", "sheet.unsupported_type"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old.xls", "sheet.xls_unsupported"),
        (b"name,id\n\xff\xfe\xfa\x80\x81", "a.csv", "sheet.encoding"),
        (b"a,b\x00c\n", "a.csv", "sheet.not_spreadsheet"),
        (b"", "a.csv", "sheet.empty"),
        (csv_bytes([[], []]), "a.csv", "sheet.empty"),
    ],
)
def test_unreadable_files_give_a_clear_error(data: bytes, filename: str, code: str) -> None:
    table = read(data, filename)

    assert codes(table) == [code]
    assert table.errors[0].message
    assert table.rows == []


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (_zip({"word/document.xml": b"<w/>"}), "sheet.not_spreadsheet"),  # a .docx renamed
        (_zip({"xl/workbook.xml": b"<not-closed"}), "sheet.not_spreadsheet"),
        (_zip({"xl/workbook.xml": b"<w/>", "xl/big.xml": b"\0" * (21 * MB)}), "sheet.too_large"),
    ],
)
def test_broken_or_inflating_archives_are_refused(data: bytes, code: str) -> None:
    # The unzipped content may be at most 20× the upload limit (1 MB here).
    assert codes(read(data, "a.xlsx", max_bytes=MB)) == [code]


def test_size_limit_is_checked_before_anything_else() -> None:
    table = read(b"\0" * (2 * MB + 1), "a.xlsx", max_bytes=2 * MB)

    assert codes(table) == ["sheet.too_large"]
    assert table.errors[0].params == {"limit_mb": 2}


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_too_many_rows_is_an_error(fmt: str) -> None:
    rows = [ZH, *[GOOD_ROW] * 6]
    data = xlsx_bytes(rows) if fmt == "xlsx" else csv_bytes(rows)

    assert codes(read(data, f"a.{fmt}", max_rows=6)) == []
    table = read(data, f"a.{fmt}", max_rows=5)
    assert codes(table) == ["sheet.too_many_rows"]
    assert table.errors[0].params == {"limit": 5}


def test_example_row_from_the_template_is_skipped() -> None:
    example = dict(zip(HEADERS, GOOD_ROW, strict=True))
    other = ["李四", *GOOD_ROW[1:]]
    table = read(xlsx_bytes([ZH, GOOD_ROW, other]), example=example)

    assert [row.values["name"] for row in table.rows] == ["李四"]


def test_errors_for_row_filters_by_row() -> None:
    table = read(xlsx_bytes([ZH, GOOD_ROW, GOOD_ROW], _set("C3", "=1")))

    assert table.errors_for_row(2) == []
    assert [e.code for e in table.errors_for_row(3)] == ["sheet.formula"]
