"""Turn uploaded .xlsx/.csv bytes into rows of trimmed strings or per-cell problems.

Used by ``tables.read_table``; nothing here knows about headers or column keys.
"""

from __future__ import annotations

import csv
import io
import math
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import PurePath
from typing import Literal

from openpyxl import Workbook, load_workbook
from openpyxl.cell.read_only import EmptyCell, ReadOnlyCell
from openpyxl.utils.cell import get_column_letter, range_boundaries

Params = dict[str, str | int]

# Excel keeps 15 significant digits: a longer number (an 18-digit ID) has already lost digits.
_MAX_EXACT = 10**15
_SCIENTIFIC = re.compile(r"^[+-]?\d+(\.\d+)?[eE][+-]?\d+$")
_MAX_ZIP_ENTRIES = 5_000
_UNZIP_FACTOR = 20  # an xlsx rarely expands more than ~10× (XML compresses very well)
# ...and never past this, whatever the upload limit: openpyxl holds shared strings in memory.
_MAX_UNZIPPED = 128 * 1024 * 1024
# Memory ceiling while reading (issue #11, finding 9): blank rows count against the row limit
# (a CSV of empty lines took 45 s and 2 GB), beyond this many spare ones (more than the 2,000
# rows our own template pre-formats as text); a row is cut after MAX_COLUMNS cells; a cell
# holds at most MAX_CELL_TEXT characters.
BLANK_ALLOWANCE = 2_500
MAX_COLUMNS = 64
MAX_CELL_TEXT = 1_000
# Excel's last row: a declared dimension reaching it says "unknown", not a million rows.
_SHEET_LAST_ROW = 1_048_576
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s[^>]*?\bref=[\"']([A-Za-z]*)(\d*)"
                        rb"(?::[A-Za-z]*(\d+))?[\"']")
_FIRST_SHEET = re.compile(rb"<(?:\w+:)?sheet\s[^>]*?\b(?:\w+:)?id=[\"']([^\"']+)")
# Number formats 27–36 and 50–58 are locale-defined; in Chinese Excel they are all dates
# (e.g. 2024年5月1日), and openpyxl's built-in table does not list them.
_CJK_DATE_FORMATS = frozenset(range(27, 37)) | frozenset(range(50, 59))
# openpyxl reads only Transitional OOXML (a Strict file loads with no cells). The parts it
# reads differ in Strict by these namespaces; relationship types share the second prefix.
_STRICT_NAMESPACES = (
    (
        b"http://purl.oclc.org/ooxml/spreadsheetml/main",
        b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    ),
    (
        b"http://purl.oclc.org/ooxml/officeDocument/relationships",
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    ),
)
_MERGE_CELL = re.compile(rb"<(?:\w+:)?mergeCell\s[^>]*?\bref=[\"']([^\"']+)")


class Problem(Exception):
    """A file-level or sheet-level problem with a machine code and a default Chinese message."""

    def __init__(self, code: str, message: str, params: Params, row: int | None = None) -> None:
        super().__init__(message)
        self.code, self.message, self.params, self.row = code, message, params, row

    @classmethod
    def too_large(cls, limit: int) -> Problem:
        """The file (or its unzipped content) is larger than allowed."""
        limit_mb = max(1, limit // (1024 * 1024))
        return cls("sheet.too_large", f"文件太大（上限 {limit_mb} MB）。", {"limit_mb": limit_mb})

    @classmethod
    def too_many_rows(cls, limit: int) -> Problem:
        """More rows than allowed (blank rows count, up to BLANK_ALLOWANCE spare ones)."""
        return cls("sheet.too_many_rows", f"数据超过 {limit} 行的上限，请分批导入。",
                   {"limit": limit})

    @classmethod
    def not_spreadsheet(cls) -> Problem:
        """The bytes are not a readable workbook."""
        message = "文件不是有效的 Excel（.xlsx）或 CSV 表格，请用报名模板重新保存后上传。"
        return cls("sheet.not_spreadsheet", message, {})


_CELL_MESSAGES = {
    "sheet.formula": "{cell} 单元格（“{header}”列）是公式，请粘贴为数值后再上传。",
    "sheet.number_precision": (
        "{cell} 单元格（“{header}”列）的数字位数过多，Excel 已丢失精度；"
        "请把该列设为“文本”格式后重新输入（身份证号必须以文本形式录入）。"
    ),
    "sheet.cell_error": "{cell} 单元格（“{header}”列）是错误值 {value}，请改正。",
    "sheet.cell_too_long": "{cell} 单元格（“{header}”列）超过 {limit} 个字符，请精简。",
}


@dataclass(frozen=True)
class CellProblem:
    """A cell whose value cannot be used as it is; ``cell`` is its A1 reference."""

    code: str
    cell: str
    params: Params = field(default_factory=dict)

    def for_column(self, header: str) -> Problem:
        """Describe the problem, naming the column's header as written in the file."""
        params: Params = {"cell": self.cell, "header": header, **self.params}
        return Problem(self.code, _CELL_MESSAGES[self.code].format(**params), params)


SourceRow = tuple[int, list[str | CellProblem]]


@dataclass
class SourceRows:
    """The rows of the first sheet (1-based numbers) and problems of the sheet as a whole."""

    rows: list[SourceRow]
    problems: list[Problem] = field(default_factory=list)


def detect_kind(data: bytes, filename: str) -> Literal["xlsx", "csv"] | Problem:
    """Decide how to read the upload, trusting its content over its file name."""
    if data.startswith(b"PK\x03\x04"):
        return "xlsx"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        message = "不支持旧版 Excel（.xls）文件，请在 Excel 中“另存为” .xlsx 后上传。"
        return Problem("sheet.xls_unsupported", message, {})
    suffix = PurePath(filename).suffix.lower()
    if suffix in {".csv", ".txt"}:
        return "csv"
    if suffix in {".xlsx", ".xlsm"}:
        return Problem.not_spreadsheet()
    message = f"不支持的文件类型“{suffix or filename}”，请上传 .xlsx 或 .csv 文件。"
    return Problem("sheet.unsupported_type", message, {"extension": suffix})


def _count_limited(rows: Iterable[SourceRow], row_limit: int, max_rows: int) -> list[SourceRow]:
    """Collect rows until ``row_limit`` non-empty ones were seen, counting blank rows too.

    A row number past row_limit + BLANK_ALLOWANCE raises Problem.too_many_rows(max_rows) at
    once, so a file of empty lines is refused after a few thousand rows, not read whole.
    """
    collected: list[SourceRow] = []
    filled = 0
    for number, cells in rows:
        if number > row_limit + BLANK_ALLOWANCE:
            raise Problem.too_many_rows(max_rows)
        collected.append((number, cells))
        if any(isinstance(c, CellProblem) or c for c in cells):
            filled += 1
            if filled >= row_limit:
                break
    return collected


def _bounded_text(text: str, ref: str) -> str | CellProblem:
    """Return the cell's text, or a problem when it is longer than MAX_CELL_TEXT."""
    if len(text) > MAX_CELL_TEXT:
        return CellProblem("sheet.cell_too_long", ref, {"limit": MAX_CELL_TEXT})
    return text


# --- xlsx -------------------------------------------------------------------------------------


def xlsx_rows(data: bytes, *, max_bytes: int, row_limit: int,
              max_rows: int) -> SourceRows | Problem:
    """Read the first worksheet of an .xlsx, refusing archives that would inflate too far.

    The worksheet's declared dimension is checked first: a sheet declaring more rows than
    allowed is refused before openpyxl reads anything (a 1,000,000-row file took 26 s).
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return Problem.not_spreadsheet()
    names = {info.filename for info in infos}
    if len(infos) > _MAX_ZIP_ENTRIES or "xl/workbook.xml" not in names:
        return Problem.not_spreadsheet()
    # Declared sizes bound what zipfile will inflate, so this stops zip bombs before parsing.
    if sum(info.file_size for info in infos) > min(max_bytes * _UNZIP_FACTOR, _MAX_UNZIPPED):
        return Problem.too_large(max_bytes)
    try:
        declared = _declared_rows(archive)
        if declared is not None and row_limit + BLANK_ALLOWANCE < declared < _SHEET_LAST_ROW:
            return Problem.too_many_rows(max_rows)
        if _STRICT_NAMESPACES[0][0] in archive.read("xl/workbook.xml"):
            data = _as_transitional(archive)
        return _read_first_sheet(data, row_limit, max_rows)
    except Problem as problem:
        return problem
    except Exception:  # zipfile, XML and openpyxl raise many types; all mean "corrupt"
        return Problem.not_spreadsheet()


def _declared_rows(archive: zipfile.ZipFile) -> int | None:
    """Return the last row the first worksheet's <dimension> declares, if it can be found."""
    workbook = archive.read("xl/workbook.xml")
    first = _FIRST_SHEET.search(workbook)
    rels_name = "xl/_rels/workbook.xml.rels"
    if first is None or rels_name not in archive.namelist():
        return None
    rels = archive.read(rels_name)
    target = re.search(rb"<(?:\w+:)?Relationship\s[^>]*?\bId=[\"']" + re.escape(first.group(1))
                       + rb"[\"'][^>]*?\bTarget=[\"']([^\"']+)", rels) or re.search(
        rb"<(?:\w+:)?Relationship\s[^>]*?\bTarget=[\"']([^\"']+)[\"'][^>]*?\bId=[\"']"
        + re.escape(first.group(1)) + rb"[\"']", rels)
    if target is None:
        return None
    path = target.group(1).decode()
    name = path.lstrip("/") if path.startswith("/") else f"xl/{path}"
    if name not in archive.namelist():
        return None
    with archive.open(name) as part:
        head = part.read(64 * 1024)  # <dimension> comes right after <sheetPr>, near the top
    found = _DIMENSION.search(head)
    if found is None:
        return None
    last = found.group(3) or found.group(2)
    return int(last) if last else None


def _read_first_sheet(data: bytes, row_limit: int, max_rows: int) -> SourceRows:
    """Stream the first worksheet's cells with openpyxl, then find its merged ranges."""
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        _add_locale_date_styles(workbook)
        sheet = workbook.worksheets[0]
        # Writers sometimes declare a dimension far past the data (A1:XFD1048576) and
        # openpyxl would pad every row to its width; reset, a row ends at its last cell.
        sheet.reset_dimensions()
        numbered = (
            (number, [_xlsx_value(cell) for cell in cells])
            for number, cells in enumerate(
                sheet.iter_rows(min_row=1, min_col=1, max_col=MAX_COLUMNS), start=1)
        )
        rows = _count_limited(numbered, row_limit, max_rows)
        # Read-only worksheets skip <mergeCells>, and a full load costs seconds per 10,000
        # rows; the element is flat (<mergeCell ref="A1:B2"/>) and text content has its "<"
        # escaped, so scanning the part's bytes finds exactly the merged ranges.
        with sheet._get_source() as part:
            merged = _MERGE_CELL.findall(part.read())
    finally:
        workbook.close()
    return SourceRows(rows=rows, problems=[_merged(ref.decode()) for ref in merged])


def _add_locale_date_styles(workbook: Workbook) -> None:
    """Mark styles using a Chinese-locale built-in date format as dates (openpyxl omits them)."""
    # Run before iter_rows: the sheet parser reads this set when each row is converted.
    workbook._date_formats = set(workbook._date_formats) | {
        index
        for index, style in enumerate(workbook._cell_styles)
        if style.numFmtId in _CJK_DATE_FORMATS
    }


def _as_transitional(archive: zipfile.ZipFile) -> bytes:
    """Rewrite a Strict OOXML package into the Transitional namespaces openpyxl reads."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:  # stored, not deflated: it is read once, now
        for info in archive.infolist():
            content = archive.read(info)
            for strict, transitional in _STRICT_NAMESPACES:
                content = content.replace(strict, transitional)
            out.writestr(info.filename, content)
    return buffer.getvalue()


def _merged(ref: str) -> Problem:
    """Report one merged range."""
    _, first_row, _, _ = range_boundaries(ref)
    message = f"表格中有合并单元格 {ref}，请取消合并，每个单元格只填一个值。"
    return Problem("sheet.merged_cells", message, {"range": ref}, row=first_row)


def _xlsx_value(cell: ReadOnlyCell | EmptyCell) -> str | CellProblem:
    """Convert one cell to a trimmed string, or describe why it cannot be used."""
    value = cell.value
    if value is None:
        return ""
    kind = cell.data_type
    if kind == "s":
        return _bounded_text(str(value).strip(), cell.coordinate)
    if kind == "n" and isinstance(value, int | float):
        return _number_text(value, cell.coordinate)
    if kind == "f":
        return CellProblem("sheet.formula", cell.coordinate)
    if kind == "e":
        return CellProblem("sheet.cell_error", cell.coordinate, {"value": str(value)})
    if kind == "b":
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(timespec="seconds" if value.second else "minutes")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value).strip()


def _number_text(value: float, ref: str) -> str | CellProblem:
    """Write a numeric cell as text (13800138000.0 → "13800138000"), refusing lost precision."""
    if not math.isfinite(value) or abs(value) >= _MAX_EXACT:
        return CellProblem("sheet.number_precision", ref)
    if isinstance(value, int) or value.is_integer():
        return str(int(value))
    return format(Decimal(repr(value)).normalize(), "f")


# --- csv --------------------------------------------------------------------------------------


def csv_rows(data: bytes, *, row_limit: int, max_rows: int) -> SourceRows | Problem:
    """Read a CSV in UTF-8 (with or without BOM), UTF-16 (with BOM) or GBK/GB18030."""
    text = _decode(data)
    if isinstance(text, Problem):
        return text
    if "\x00" in text:
        return Problem.not_spreadsheet()
    first_line = text.split("\n", 1)[0]
    delimiter = max(",\t;", key=first_line.count)
    reader = csv.reader(_lines(text), delimiter=delimiter)
    try:
        numbered = (
            (number, [_csv_value(value, number, col)
                      for col, value in enumerate(record[:MAX_COLUMNS])])
            for number, record in enumerate(reader, start=1)
        )
        return SourceRows(rows=_count_limited(numbered, row_limit, max_rows))
    except Problem as problem:
        return problem
    except csv.Error:
        return Problem.not_spreadsheet()


def _lines(text: str) -> Iterator[str]:
    """Yield the text's lines with their endings, lazily.

    Not io.StringIO (a copy at 4 bytes a character: 76 MB for a 19 MB upload) nor
    splitlines() (every line at once): reading stops at the row limit, so should this.
    """
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        if end < 0:
            yield text[start:]
            return
        yield text[start:end + 1]
        start = end + 1


def _decode(data: bytes) -> str | Problem:
    """Decode CSV bytes: BOMs first, then UTF-8, then GB18030 (what Chinese Excel writes)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings: tuple[str, ...] = ("utf-16",)
    else:
        # GB18030 is a superset of GBK and GB2312; UTF-8 is tried first because it is strict.
        encodings = ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    message = "无法识别 CSV 文件的编码，请另存为“CSV UTF-8”或 GBK 编码后上传。"
    return Problem("sheet.encoding", message, {})


def _csv_value(value: str, row: int, col: int) -> str | CellProblem:
    """Trim a CSV field; a number Excel wrote in scientific notation has lost digits."""
    text = value.strip()
    if _SCIENTIFIC.match(text):
        return CellProblem("sheet.number_precision", _a1(row, col))
    return _bounded_text(text, _a1(row, col))


def _a1(row: int, col: int) -> str:
    """Return the A1 reference of a 1-based row and 0-based column."""
    return f"{get_column_letter(col + 1)}{row}"
