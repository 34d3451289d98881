"""Uploads are read with a row limit that counts blank rows, a column cap and a cell cap.

Issue #11, finding 9: a 19 MB CSV of empty lines took 45 s of CPU and ~2 GB; a 1,000,000-row
.xlsx was refused only after 26 s and 730 MB. The files below are small on disk and would
have been read whole before; now each is refused early with the limit named.
"""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from app.documents import table_sources
from app.documents.tables import ParsedTable, read_table
from tests.documents.helpers import GOOD_ROW, HEADERS, ZH, csv_bytes, xlsx_bytes

MB = 1024 * 1024


def read(data: bytes, filename: str, *, max_rows: int = 100) -> ParsedTable:
    return read_table(data, filename, expected_headers=HEADERS, max_rows=max_rows,
                      max_bytes=20 * MB)


def _declaring(data: bytes, ref: str) -> bytes:
    """Rewrite the first worksheet's <dimension ref> of an openpyxl-written workbook."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                content, count = re.subn(rb'<dimension ref="[^"]+"', f'<dimension ref="{ref}"'
                                         .encode(), content)
                assert count == 1
            out.writestr(info.filename, content)
    return buffer.getvalue()


def _spy_rows(monkeypatch) -> list[int]:
    """Record how many rows the reader looked at before it stopped."""
    seen: list[int] = []
    original = table_sources._count_limited

    def counting(rows, row_limit, max_rows):
        def tap():
            for row in rows:
                seen.append(row[0])
                yield row
        return original(tap(), row_limit, max_rows)

    monkeypatch.setattr(table_sources, "_count_limited", counting)
    return seen


def test_a_csv_of_blank_lines_is_refused_after_the_limit_not_read_whole(monkeypatch):
    seen = _spy_rows(monkeypatch)
    data = csv_bytes([ZH, GOOD_ROW]) + b"\r\n" * 2_000_000  # 4 MB of empty lines
    table = read(data, "a.csv")
    assert [e.code for e in table.errors] == ["sheet.too_many_rows"]
    assert table.errors[0].params == {"limit": 100}
    assert len(seen) <= 100 + 12 + table_sources.BLANK_ALLOWANCE + 1


def test_blank_rows_within_the_allowance_are_still_skipped():
    data = csv_bytes([ZH, GOOD_ROW]) + b"\r\n" * 500 + csv_bytes([GOOD_ROW])
    table = read(data, "a.csv")
    assert table.errors == [] and len(table.rows) == 2


def test_an_xlsx_declaring_a_million_rows_is_refused_before_reading(monkeypatch):
    seen = _spy_rows(monkeypatch)
    data = _declaring(xlsx_bytes([ZH, GOOD_ROW]), "A1:Z1000000")
    table = read(data, "a.xlsx")
    assert [e.code for e in table.errors] == ["sheet.too_many_rows"]
    assert table.errors[0].params == {"limit": 100} and seen == []


@pytest.mark.parametrize("ref", ["A1:XFD1048576", "A1", "A1:G2"])
def test_a_whole_sheet_or_small_dimension_is_read_normally(ref):
    data = _declaring(xlsx_bytes([ZH, GOOD_ROW]), ref)
    table = read(data, "a.xlsx")
    assert table.errors == [] and len(table.rows) == 1


def test_an_xlsx_with_one_far_row_is_refused_while_reading():
    rows = [ZH, GOOD_ROW]

    def far(sheet):
        sheet.cell(row=900_000, column=1, value="x")

    table = read(_declaring(xlsx_bytes(rows, far), "A1:G2"), "a.xlsx")
    assert [e.code for e in table.errors] == ["sheet.too_many_rows"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_cell_longer_than_the_cap_is_reported_on_its_cell(fmt):
    long_row = [GOOD_ROW[0] + "x" * (table_sources.MAX_CELL_TEXT + 1), *GOOD_ROW[1:]]
    data = csv_bytes([ZH, long_row]) if fmt == "csv" else xlsx_bytes([ZH, long_row])
    table = read(data, f"a.{fmt}")
    assert [(e.code, e.row, e.params["cell"]) for e in table.errors] == [
        ("sheet.cell_too_long", 2, "A2")]
    assert table.errors[0].params["limit"] == table_sources.MAX_CELL_TEXT


def test_columns_past_the_cap_are_not_read():
    wide = [*GOOD_ROW, *["filler"] * 5000]
    table = read(csv_bytes([ZH, wide]), "a.csv")
    assert table.errors == [] and len(table.rows) == 1
