"""Import template and generic exports: content, validation, print setup, round trip."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from decimal import Decimal

from openpyxl import load_workbook

from app.documents.workbooks import (
    TemplateColumn,
    read_table,
    registration_template_xlsx,
    rows_xlsx,
)
from tests.documents.helpers import GOOD_ROW, HEADERS

COLUMNS = [
    TemplateColumn("name", "姓名", required=True),
    TemplateColumn("id_number", "身份证号", required=True, text=True, hint="18位，末位可为X"),
    TemplateColumn("phone", "手机号", required=True, text=True),
    TemplateColumn("group", "组别", required=True, choices=("职工组", "学生组")),
    TemplateColumn("birth_date", "出生日期", hint="YYYY-MM-DD"),
    TemplateColumn("employer", "工作单位"),
]
EXAMPLE = dict(zip(HEADERS, GOOD_ROW, strict=True))


def _template(**options: object) -> bytes:
    return registration_template_xlsx(COLUMNS, EXAMPLE, notes=["每人限报一个赛项。"], **options)


def test_template_has_headers_example_and_instructions() -> None:
    book = load_workbook(io.BytesIO(_template()))

    assert book.sheetnames[:2] == ["报名表", "说明"]
    sheet = book["报名表"]
    assert [c.value for c in sheet[1]] == [
        "姓名*",
        "身份证号*",
        "手机号*",
        "组别*",
        "出生日期",
        "工作单位",
    ]
    assert [c.value for c in sheet[2]] == GOOD_ROW
    assert sheet["A2"].font.italic and sheet["A2"].font.color.rgb.endswith("808080")
    assert sheet["B3"].number_format == "@"  # ID numbers are typed as text
    assert sheet.freeze_panes == "A2"
    notes = " ".join(str(c.value) for row in book["说明"].iter_rows() for c in row if c.value)
    for expected in ["必填", "职工组、学生组", "YYYY-MM-DD", "每人限报一个赛项。"]:
        assert expected in notes


def test_template_offers_drop_downs_for_enumerated_columns() -> None:
    sheet = load_workbook(io.BytesIO(_template()))["报名表"]

    [validation] = sheet.data_validations.dataValidation
    assert validation.type == "list"
    assert validation.formula1 == '"职工组,学生组"'
    assert str(validation.sqref).startswith("D2:")


def test_long_choice_lists_move_to_a_hidden_sheet() -> None:
    occupations = tuple(f"职业{i:03d}" for i in range(80))
    data = registration_template_xlsx(
        [("name", "姓名"), TemplateColumn("project", "赛项", choices=occupations)], {"name": "张三"}
    )
    book = load_workbook(io.BytesIO(data))

    assert book["选项"].sheet_state == "hidden"
    [validation] = book["报名表"].data_validations.dataValidation
    assert validation.formula1 == "'选项'!$B$1:$B$80"


def test_template_filled_in_reads_back() -> None:
    book = load_workbook(io.BytesIO(_template()))
    sheet = book["报名表"]
    filled = [
        ["李四", "11010519491231002X", "13900139000", "学生组", "2005-06-07", "某职业学校"],
        ["王五", "120101199001011234", "13700137000", "职工组", "", ""],
    ]
    for row, values in enumerate(filled, start=3):  # typed just below the example row
        for column, value in enumerate(values, start=1):
            sheet.cell(row=row, column=column, value=value)
    buffer = io.BytesIO()
    book.save(buffer)

    table = read_table(
        buffer.getvalue(),
        "报名表.xlsx",
        expected_headers=HEADERS,
        max_rows=100,
        max_bytes=5 * 1024 * 1024,
        example=EXAMPLE,
    )

    assert table.ok, table.errors
    assert [(r.row_number, r.values["name"], r.values["id_number"]) for r in table.rows] == [
        (3, "李四", "11010519491231002X"),
        (4, "王五", "120101199001011234"),
    ]


def test_rows_xlsx_is_print_ready() -> None:
    data = rows_xlsx(
        "焊工 职工组 成绩",
        ["名次", "姓名", "总分", "日期", "时间"],
        [[1, "张三", Decimal("87.60"), date(2024, 5, 18), datetime(2024, 5, 18, 8, 30)]],
        column_widths=[8],
    )
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None

    assert sheet.title == "焊工 职工组 成绩"
    assert sheet["A1"].font.bold and sheet["A1"].border.bottom.style == "thin"
    assert sheet["B2"].border.left.style == "thin"
    assert sheet.page_setup.orientation == "landscape"
    assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width == 8
    assert sheet.column_dimensions["B"].width >= 6
    assert sheet["C2"].value == 87.6
    assert sheet["D2"].is_date and sheet["E2"].is_date


def test_rows_xlsx_never_writes_formulas_or_loses_digits() -> None:
    data = rows_xlsx(
        "a/b:c*?[x]" * 5,
        ["x", "y", "z"],
        [
            [
                '=HYPERLINK("http://evil")',
                120101199001011234,
                datetime(2024, 5, 18, 8, 30, tzinfo=UTC),
            ]
        ],
        freeze_header=False,
    )
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None

    assert len(sheet.title) == 31 and not set(sheet.title) & set("[]:*?/\\")
    assert sheet["A2"].data_type == "s"
    assert sheet["A2"].value == '=HYPERLINK("http://evil")'
    assert sheet["B2"].value == "120101199001011234"
    assert sheet["C2"].value == datetime(2024, 5, 18, 8, 30)
    assert sheet.freeze_panes is None
