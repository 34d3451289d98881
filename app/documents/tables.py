"""Read an uploaded registration table (.xlsx or .csv) into plain rows and coded errors.

``read_table`` never raises on bad input: every problem becomes a ``TableError`` with a stable
machine ``code`` (the web layer translates by code), ``params`` and a default Chinese message.
File-level problems (size, type, encoding, headers, row count) stop reading and leave ``rows``
empty; cell-level problems (formula, merged cells, lost number precision, Excel error values)
are reported per cell while the row is still returned with that cell's value set to "".
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from app.documents.table_sources import (
    CellProblem,
    Problem,
    SourceRow,
    SourceRows,
    csv_rows,
    detect_kind,
    xlsx_rows,
)

__all__ = ["ParsedRow", "ParsedTable", "TableError", "read_table", "normalise_header"]

# How far down the first sheet we look for a header row that is not on line 1.
_HEADER_SEARCH_ROWS = 10


@dataclass(frozen=True)
class TableError:
    """One problem found in an uploaded table; ``row`` is the spreadsheet's 1-based row number."""

    row: int | None
    column: str | None  # the column's key, when the problem belongs to one column
    code: str
    message: str
    params: dict[str, str | int] = field(default_factory=dict)


@dataclass(frozen=True)
class ParsedRow:
    """One non-empty data row: values by column key, trimmed strings ("" when blank)."""

    row_number: int
    values: dict[str, str]


@dataclass(frozen=True)
class ParsedTable:
    """The rows read from a table and every problem found in it."""

    rows: list[ParsedRow]
    errors: list[TableError]

    @property
    def ok(self) -> bool:
        """Tell whether the table was read without any problem."""
        return not self.errors

    def errors_for_row(self, row_number: int) -> list[TableError]:
        """Return the problems reported for one row."""
        return [error for error in self.errors if error.row == row_number]


def normalise_header(text: str) -> str:
    """Fold a header for matching: drop spaces, a required-mark ``*`` and a ``(hint)`` suffix."""
    folded = re.sub(r"[\s\u3000]+", "", text).casefold()
    folded = re.sub(r"[(（][^()（）]*[)）]$", "", folded)
    return folded.strip("*＊:：")


def read_table(
    data: bytes,
    filename: str,
    *,
    expected_headers: Mapping[str, Sequence[str]],
    max_rows: int,
    max_bytes: int,
    optional: Sequence[str] = (),
    example: Mapping[str, str] | None = None,
) -> ParsedTable:
    """Parse an uploaded .xlsx/.csv whose header row (row 1) names the ``expected_headers``.

    ``expected_headers`` maps each column key to its accepted header spellings (Chinese and
    English); keys in ``optional`` may be absent from the file. Rows equal to ``example`` (the
    template's example row) and empty rows are skipped silently.
    """
    if len(data) > max_bytes:
        return _fail(Problem.too_large(max_bytes))
    kind = detect_kind(data, filename)
    if isinstance(kind, Problem):
        return _fail(kind)
    # Read a little past the limit so "too many rows" is detected without reading everything.
    limit = max_rows + _HEADER_SEARCH_ROWS + 2
    if kind == "xlsx":
        source = xlsx_rows(data, max_bytes=max_bytes, row_limit=limit, max_rows=max_rows)
    else:
        source = csv_rows(data, row_limit=limit, max_rows=max_rows)
    if isinstance(source, Problem):
        return _fail(source)
    return _read_source(source, expected_headers, max_rows, set(optional), example)


def _fail(problem: Problem) -> ParsedTable:
    """Return an empty table carrying one file-level error."""
    return ParsedTable(rows=[], errors=[_error(problem, row=None, column=None)])


def _error(problem: Problem | CellProblem, *, row: int | None, column: str | None) -> TableError:
    """Turn a source problem into a public TableError."""
    return TableError(row, column, problem.code, problem.message, dict(problem.params))


def _read_source(
    source: SourceRows,
    expected: Mapping[str, Sequence[str]],
    max_rows: int,
    optional: set[str],
    example: Mapping[str, str] | None,
) -> ParsedTable:
    """Match the header row, then collect data rows and cell problems."""
    by_number = dict(source.rows[:_HEADER_SEARCH_ROWS])
    # Rows missing from the file are blank; the header window is always rows 1..N.
    head = [(n, by_number.get(n, [])) for n in range(1, _HEADER_SEARCH_ROWS + 1)]
    if not any(_has_content(cells) for _, cells in source.rows):
        return _fail(Problem("sheet.empty", "表格中没有任何内容。", {}))
    columns = _match_header(head, expected, optional)
    if isinstance(columns, list):
        return ParsedTable(rows=[], errors=columns)
    errors = [_error(p, row=p.row, column=None) for p in source.problems]
    rows: list[ParsedRow] = []
    example_values = _example_values(example, columns)
    for number, cells in source.rows:
        if number == 1:
            continue
        values, cell_errors = _pick(number, cells, columns)
        if not cell_errors and not any(values.values()):
            continue  # empty rows are skipped silently
        if not cell_errors and values == example_values:
            continue  # the template's example row was left in place
        if len(rows) >= max_rows:
            message = f"数据超过 {max_rows} 行的上限，请分批导入。"
            return _fail(Problem("sheet.too_many_rows", message, {"limit": max_rows}))
        rows.append(ParsedRow(number, values))
        errors.extend(cell_errors)
    return ParsedTable(rows=rows, errors=errors)


def _has_content(cells: Sequence[str | CellProblem]) -> bool:
    """Tell whether any cell of a row holds something."""
    return any(isinstance(c, CellProblem) or c for c in cells)


@dataclass(frozen=True)
class _Column:
    """A matched column: its key, index in the row and header text as written in the file."""

    key: str
    index: int
    header: str


def _match_header(
    head: list[SourceRow], expected: Mapping[str, Sequence[str]], optional: set[str]
) -> dict[str, _Column] | list[TableError]:
    """Map keys to columns from row 1, or explain what is wrong with the header."""
    lookup = {normalise_header(s): key for key, spellings in expected.items() for s in spellings}
    lookup.update({normalise_header(key): key for key in expected})
    required = [key for key in expected if key not in optional]

    def match(cells: Sequence[str | CellProblem]) -> tuple[dict[str, _Column], list[TableError]]:
        found: dict[str, _Column] = {}
        duplicates: list[TableError] = []
        for index, cell in enumerate(cells):
            text = cell if isinstance(cell, str) else ""
            key = lookup.get(normalise_header(text))
            if key is None:
                continue
            if key in found:
                params: dict[str, str | int] = {"header": text}
                message = f"表头“{text}”重复出现，请只保留一列。"
                duplicates.append(TableError(1, key, "sheet.header_duplicate", message, params))
                continue
            found[key] = _Column(key, index, text)
        return found, duplicates

    number, first = head[0]
    found, duplicates = match(first)
    missing = [key for key in required if key not in found]
    if duplicates:
        return duplicates
    if not missing:
        return found
    # A title line above the real header is the usual cause: point at where the header is.
    for later_number, cells in head[1:]:
        later, _ = match(cells)
        if len(later) > len(found) and all(key in later for key in required):
            message = f"表头必须在第1行，但在第{later_number}行找到了表头；请删除上方的行。"
            params = {"found_row": later_number}
            return [TableError(number, None, "sheet.header_not_first_row", message, params)]
    return [
        TableError(
            number,
            key,
            "sheet.header_missing",
            f"缺少必填列“{expected[key][0] if expected[key] else key}”，请使用报名模板的表头。",
            {"header": expected[key][0] if expected[key] else key},
        )
        for key in missing
    ]


def _example_values(
    example: Mapping[str, str] | None, columns: Mapping[str, _Column]
) -> dict[str, str] | None:
    """Return the example row as it would be read back, to recognise it among the data."""
    if example is None:
        return None
    return {key: str(example.get(key, "")).strip() for key in columns}


def _pick(
    number: int, cells: Sequence[str | CellProblem], columns: Mapping[str, _Column]
) -> tuple[dict[str, str], list[TableError]]:
    """Take the matched columns' values from one row, reporting problem cells."""
    values: dict[str, str] = {}
    errors: list[TableError] = []
    for key, column in columns.items():
        cell = cells[column.index] if column.index < len(cells) else ""
        if isinstance(cell, CellProblem):
            values[key] = ""
            problem = cell.for_column(column.header)
            errors.append(_error(problem, row=number, column=key))
        else:
            values[key] = cell
    return values, errors
