"""Benchmark: how fast hostile uploads and numbers are refused (issue #11, findings 1 and 9).

    .venv/bin/python scripts/bench/bench_upload_limits.py

Times ``read_table`` (registration limits: 20,000 rows, 20 MB) on a 19 MB CSV of empty lines,
an .xlsx declaring A1:Z1000000 and one with a single row at 1,000,000, with the peak Python
memory (tracemalloc); and the bounded parser on hostile numeric strings. Nothing is stored.
"""

from __future__ import annotations

import io
import re
import sys
import time
import tracemalloc
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

MB = 1024 * 1024


def _xlsx(edit_dimension: str | None = None, far_row: int | None = None) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "身份证号"])
    sheet.append(["张三", "110105194912310029"])
    if far_row:
        sheet.cell(row=far_row, column=1, value="x")
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    if edit_dimension is None:
        return data
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = re.sub(rb'<dimension ref="[^"]+"',
                                 f'<dimension ref="{edit_dimension}"'.encode(), content)
            target.writestr(info.filename, content)
    return out.getvalue()


def _time(label: str, call) -> None:  # noqa: ANN001
    start = time.perf_counter()
    result = call()
    elapsed = time.perf_counter() - start  # timed without tracemalloc, which slows it down
    tracemalloc.start()
    call()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{label:48s} {elapsed * 1000:9.1f} ms  peak {peak / MB:7.1f} MB  -> {result}")


def main() -> None:
    from app.documents.tables import read_table
    from app.domain.numbers import MARK, NumberError, parse_decimal

    headers = {"name": ["姓名"], "id_number": ["身份证号"]}

    def read(data: bytes, name: str) -> str:
        table = read_table(data, name, expected_headers=headers, max_rows=20_000,
                           max_bytes=20 * MB)
        return ",".join(e.code for e in table.errors[:1]) or f"{len(table.rows)} rows"

    blank_csv = "姓名,身份证号\r\n".encode() + b"\r\n" * (19 * MB // 2)
    _time("19 MB CSV of empty lines", lambda: read(blank_csv, "a.csv"))
    declared = _xlsx("A1:Z1000000")
    _time("xlsx declaring A1:Z1000000", lambda: read(declared, "a.xlsx"))
    far = _xlsx(far_row=1_000_000)
    _time("xlsx with one cell on row 1,000,000", lambda: read(far, "a.xlsx"))

    def hostile() -> str:
        refused = 0
        for text in ["1E-999999999", "9" * 100_000, "１２", "NaN", "0." + "0" * 40 + "1"] * 2000:
            try:
                parse_decimal(text, MARK, field="value")
            except NumberError:
                refused += 1
        return f"{refused} refused"

    _time("10,000 hostile numbers through parse_decimal", hostile)


if __name__ == "__main__":
    main()
