"""Excel workbooks: the registration import template and generic print-friendly exports.

Reading uploads lives in ``tables`` (re-exported here as ``read_table``).
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from app.documents.tables import ParsedRow, ParsedTable, TableError, read_table

__all__ = [
    "ParsedRow",
    "ParsedTable",
    "TableError",
    "TemplateColumn",
    "read_table",
    "registration_template_xlsx",
    "rows_xlsx",
]

_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FONT = Font(name="宋体", bold=True, size=11)
_BODY_FONT = Font(name="宋体", size=11)
_EXAMPLE_FONT = Font(name="宋体", size=11, italic=True, color="808080")
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_REQUIRED_FONT = Font(name="宋体", bold=True, size=11, color="C00000")
_WRAP = Alignment(vertical="center", wrap_text=True)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_MAX_WIDTH = 60
_INLINE_LIST_LIMIT = 250  # Excel caps an inline validation list at 255 characters
_TEXT_ROWS = 2000  # rows pre-formatted as text in the template's text columns


@dataclass(frozen=True)
class TemplateColumn:
    """One column of an import template.

    ``required`` adds a ``*`` to the header (read_table ignores it when matching); ``choices``
    become a drop-down list; ``text`` formats the column as text so Excel keeps ID and phone
    numbers exactly as typed; ``hint`` explains the expected format on the 说明 sheet.
    """

    key: str
    header: str
    required: bool = False
    choices: tuple[str, ...] = ()
    text: bool = False
    hint: str = ""
    width: float | None = None


def registration_template_xlsx(
    headers: Sequence[TemplateColumn | tuple[str, str]],
    example: Mapping[str, str],
    *,
    notes: Sequence[str] = (),
    sheet_title: str = "报名表",
) -> bytes:
    """Build the import template: headers, a grey example row, drop-downs and a 说明 sheet.

    Pass the same ``example`` to ``read_table(example=...)`` so a left-in example row is skipped.
    """
    columns = [c if isinstance(c, TemplateColumn) else TemplateColumn(*c) for c in headers]
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new Workbook always has one sheet
    sheet.title = _sheet_title(sheet_title)
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(
            row=1, column=index, value=column.header + ("*" if column.required else "")
        )
        cell.font = _REQUIRED_FONT if column.required else _HEADER_FONT
        cell.fill, cell.border, cell.alignment = _HEADER_FILL, _BORDER, _CENTER
        example_cell = sheet.cell(row=2, column=index, value=str(example.get(column.key, "")))
        example_cell.font, example_cell.border = _EXAMPLE_FONT, _BORDER
        if column.text:
            # Pre-format cells as text ("@") so 18-digit ID numbers keep every digit.
            for row in range(2, _TEXT_ROWS + 2):
                sheet.cell(row=row, column=index).number_format = "@"
        width = column.width or _display_width(column.header) + 6
        if column.text:
            width = max(width, 22)
        sheet.column_dimensions[letter].width = min(width, _MAX_WIDTH)
    sheet.freeze_panes = "A2"
    _add_validations(workbook, sheet, columns)
    _instructions_sheet(workbook, columns, notes)
    return _save(workbook)


def _add_validations(workbook: Workbook, sheet: Worksheet, columns: list[TemplateColumn]) -> None:
    """Give each enumerated column a drop-down list (long lists go to a hidden sheet)."""
    lists: Worksheet | None = None
    for index, column in enumerate(columns, start=1):
        if not column.choices:
            continue
        inline = ",".join(column.choices)
        if len(inline) <= _INLINE_LIST_LIMIT and '"' not in inline:
            formula = f'"{inline}"'
        else:
            if lists is None:
                lists = workbook.create_sheet("选项")
                lists.sheet_state = "hidden"
            for row, choice in enumerate(column.choices, start=1):
                lists.cell(row=row, column=index, value=choice)
            letter = get_column_letter(index)
            end = len(column.choices)
            formula = f"{quote_sheetname(lists.title)}!${letter}$1:${letter}${end}"
        validation = DataValidation(
            type="list",
            formula1=formula,
            allow_blank=not column.required,
            showErrorMessage=True,
            errorTitle="输入有误",
            error=f"“{column.header}”只能从下拉列表中选择。",
        )
        letter = get_column_letter(index)
        validation.add(f"{letter}2:{letter}{_TEXT_ROWS + 1}")
        sheet.add_data_validation(validation)


def _instructions_sheet(
    workbook: Workbook, columns: list[TemplateColumn], notes: Sequence[str]
) -> None:
    """Add the 说明 sheet: one line per column (required, allowed values, format) and notes."""
    sheet = workbook.create_sheet("说明", index=1)
    sheet.append(["填写说明"])
    sheet["A1"].font = Font(name="宋体", bold=True, size=14)
    sheet.append([])
    sheet.append(["列名", "是否必填", "可选值", "格式要求"])
    for cell in sheet[3]:
        cell.font, cell.fill, cell.border, cell.alignment = (
            _HEADER_FONT,
            _HEADER_FILL,
            _BORDER,
            _CENTER,
        )
    for column in columns:
        hint = column.hint or ("请按文本格式填写" if column.text else "")
        sheet.append(
            [column.header, "必填" if column.required else "选填", "、".join(column.choices), hint]
        )
        for cell in sheet[sheet.max_row]:
            cell.font, cell.border, cell.alignment = _BODY_FONT, _BORDER, _WRAP
    sheet.append([])
    defaults = [
        "第1行是表头，请勿修改或删除；第2行灰色斜体为示例，可以保留或删除，导入时会自动忽略。",
        "请勿合并单元格，请勿使用公式；每行填写一名选手。",
        "日期请按 YYYY-MM-DD 格式填写，如 1990-01-01。",
        "身份证号、手机号列已设为文本格式，请直接输入或“选择性粘贴 → 数值”。",
    ]
    for line in [*defaults, *notes]:
        sheet.append([f"• {line}"])
        sheet.cell(row=sheet.max_row, column=1).font = _BODY_FONT
    for letter, width in zip("ABCD", (18, 10, 36, 50), strict=True):
        sheet.column_dimensions[letter].width = width


def rows_xlsx(
    sheet_title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    column_widths: Sequence[float | None] | None = None,
    freeze_header: bool = True,
) -> bytes:
    """Export rows as a bordered, print-ready sheet (A4 landscape, header repeated per page).

    Values may be str, int, float, Decimal, bool, date, datetime (written as given; pass local
    wall-clock times) or None. Text starting with "=" stays text, never a formula.
    """
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new Workbook always has one sheet
    sheet.title = _sheet_title(sheet_title)
    widths = [_display_width(h) for h in headers]
    for index, header in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=index, value=header)
        cell.font, cell.fill, cell.border, cell.alignment = (
            _HEADER_FONT,
            _HEADER_FILL,
            _BORDER,
            _CENTER,
        )
    for row_index, row in enumerate(rows, start=2):
        for index, value in enumerate(row, start=1):
            cell = sheet.cell(row=row_index, column=index)
            _set_value(cell, value)
            cell.border, cell.alignment = _BORDER, _WRAP
            if index <= len(widths):
                widths[index - 1] = max(widths[index - 1], _display_width(_shown(value)))
    for index, width in enumerate(widths, start=1):
        chosen = column_widths[index - 1] if column_widths and index <= len(column_widths) else None
        sheet.column_dimensions[get_column_letter(index)].width = chosen or min(
            width + 2, _MAX_WIDTH
        )
    if freeze_header:
        sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"
    return _save(workbook)


def _set_value(cell: Cell, value: object) -> None:
    """Write a value, keeping text literal and numbers Excel cannot hold exactly as text."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        value = value.replace(tzinfo=None)  # Excel has no time zones: keep the wall-clock time
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**15:
        value = str(value)
    if value is None or isinstance(value, int | float | Decimal | date | time | datetime):
        cell.value = value
        if isinstance(value, datetime):
            cell.number_format = "yyyy-mm-dd hh:mm"
        elif isinstance(value, date):
            cell.number_format = "yyyy-mm-dd"
        return
    cell.value = str(value)
    # openpyxl treats "=..." as a formula; data from users must never become one.
    cell.data_type = "s"


def _shown(value: object) -> str:
    """Approximate the text Excel shows for a value, for column widths."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return "0000-00-00 00:00"
    if isinstance(value, date):
        return "0000-00-00"
    return str(value)


def _display_width(text: str) -> int:
    """Count display columns: CJK (wide) characters take two."""
    longest = max((line for line in text.split("\n")), key=len, default="")
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in longest)


def _sheet_title(title: str) -> str:
    """Make a valid sheet title (≤ 31 characters, none of []:*?/\\)."""
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in title).strip("'") or "Sheet1"
    return cleaned[:31]


def _save(workbook: Workbook) -> bytes:
    """Serialise a workbook to bytes."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
