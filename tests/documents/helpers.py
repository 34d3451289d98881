"""Builders for spreadsheet fixtures and wrappers around poppler/zbar command-line tools."""

from __future__ import annotations

import csv
import io
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from tests.fixtures.services import require_tools

HEADERS: dict[str, list[str]] = {
    "name": ["姓名", "Name"],
    "id_number": ["身份证号", "ID number", "身份证号码"],
    "phone": ["手机号", "Phone"],
    "group": ["组别", "Group"],
    "birth_date": ["出生日期", "Birth date"],
    "employer": ["工作单位", "Employer"],
}
ZH = [spellings[0] for spellings in HEADERS.values()]
GOOD_ROW = ["张三", "120101199001011234", "13800138000", "职工组", "1990-01-01", "天津重工"]


def xlsx_bytes(
    rows: Sequence[Sequence[object]], edit: Callable[[Worksheet], None] | None = None
) -> bytes:
    """Build an .xlsx whose first sheet holds ``rows``; ``edit`` may change the sheet further."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    if edit is not None:
        edit(sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: Sequence[Sequence[object]], encoding: str = "utf-8") -> bytes:
    """Build CSV bytes in ``encoding`` (utf-8-sig adds the BOM Excel writes)."""
    text = io.StringIO()
    csv.writer(text, lineterminator="\r\n").writerows(rows)
    return text.getvalue().encode(encoding)


def need(*tools: str) -> None:
    """Skip the test when a command-line tool is missing (fail in CI)."""
    require_tools(*tools)


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    """Extract the text of a PDF with pdftotext."""
    need("pdftotext")
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def pdf_pages(pdf: bytes, tmp_path: Path) -> int:
    """Count a PDF's pages with pdfinfo."""
    need("pdfinfo")
    path = tmp_path / "pages.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True)
    line = next(line for line in out.stdout.splitlines() if line.startswith("Pages:"))
    return int(line.split()[1])


def decode_qr_png(png: Path) -> list[str]:
    """Decode every QR code in a PNG with zbarimg."""
    need("zbarimg")
    out = subprocess.run(
        ["zbarimg", "--raw", "-q", str(png)], capture_output=True, check=False, text=True
    )
    return [line for line in out.stdout.splitlines() if line]


def render_pdf(pdf: bytes, tmp_path: Path, *, dpi: int = 150) -> list[Path]:
    """Render each PDF page to a PNG with pdftoppm."""
    need("pdftoppm")
    path = tmp_path / "render.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), str(path), str(tmp_path / "page")], check=True
    )
    return sorted(tmp_path.glob("page*.png"))
