"""A streaming reader for the first worksheet of an .xlsx: cells, formulas and merged ranges.

openpyxl's read-only reader builds an object per cell and parses inline strings through its
descriptor machinery, which costs ~1.8 s for 10,000 rows × 12 columns; it also hides merged
cells. This reader walks the sheet XML once with ElementTree's C parser and reuses openpyxl's
number-format and date helpers, so an import of that size reads in a fraction of a second.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple
from xml.etree.ElementTree import Element, fromstring, iterparse

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
# Number formats 27–36 and 50–58 are locale-defined; in Chinese Excel they are all dates
# (e.g. 2024年5月1日), and openpyxl's built-in table does not list them.
_CJK_DATE_FORMATS = frozenset(range(27, 37)) | frozenset(range(50, 59))


class RawCell(NamedTuple):
    """One cell as stored: its A1 reference, value kind and text (or a Python value for dates)."""

    # A NamedTuple rather than a frozen dataclass: ~3× cheaper to create, and there are many.
    ref: str
    kind: str  # "text", "number", "date", "bool", "formula", "error"
    value: object


@dataclass
class SheetData:
    """Rows of the first worksheet as (row number, {0-based column: cell}), and merged ranges."""

    rows: Iterator[tuple[int, dict[int, RawCell]]]
    merged: list[str] = field(default_factory=list)


def _local(tag: str) -> str:
    """Drop the XML namespace (transitional and strict OOXML use different ones)."""
    return tag.rsplit("}", 1)[-1]


def first_sheet_path(archive: zipfile.ZipFile) -> tuple[str, bool]:
    """Return the part name of the workbook's first sheet and whether dates use the 1904 epoch."""
    workbook = fromstring(archive.read("xl/workbook.xml"))
    sheet_id = None
    date1904 = False
    for element in workbook.iter():
        name = _local(element.tag)
        if name == "workbookPr":
            date1904 = element.get("date1904", "false").lower() in {"1", "true"}
        elif name == "sheet" and sheet_id is None:
            sheet_id = element.get(f"{_REL_NS}id") or element.get("id")
    rels = fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    for rel in rels.iter():
        if _local(rel.tag) == "Relationship" and rel.get("Id") == sheet_id:
            target = rel.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            return posixpath.normpath(path), date1904
    raise KeyError("first worksheet not found")


def shared_strings(archive: zipfile.ZipFile) -> list[str]:
    """Read the shared-string table (rich-text runs joined, phonetic guides dropped)."""
    if "xl/sharedStrings.xml" not in archive.namelist():
        return []
    strings: list[str] = []
    with archive.open("xl/sharedStrings.xml") as stream:
        for _, element in iterparse(stream, events=("end",)):
            if _local(element.tag) == "si":
                strings.append(_string_item(element))
                element.clear()
    return strings


def _string_item(element: Element) -> str:
    """Join the text runs of an <si> or <is> element, skipping <rPh> phonetic runs."""
    parts: list[str] = []
    for child in element:
        name = _local(child.tag)
        if name == "t":
            parts.append(child.text or "")
        elif name == "r":
            parts.extend(t.text or "" for t in child if _local(t.tag) == "t")
    return "".join(parts)


def date_styles(archive: zipfile.ZipFile) -> frozenset[int]:
    """Return the indexes of cell styles whose number format shows a date or time."""
    if "xl/styles.xml" not in archive.namelist():
        return frozenset()
    styles = fromstring(archive.read("xl/styles.xml"))
    custom: dict[int, str] = {}
    xf_formats: list[int] = []
    for element in styles:
        name = _local(element.tag)
        if name == "numFmts":
            for fmt in element:
                custom[int(fmt.get("numFmtId", "0"))] = fmt.get("formatCode", "")
        elif name == "cellXfs":
            xf_formats = [int(xf.get("numFmtId", "0")) for xf in element]

    def is_date(fmt_id: int) -> bool:
        if fmt_id in custom:
            return is_date_format(custom[fmt_id])
        return fmt_id in _CJK_DATE_FORMATS or is_date_format(BUILTIN_FORMATS.get(fmt_id, ""))

    return frozenset(i for i, fmt_id in enumerate(xf_formats) if is_date(fmt_id))


def read_first_sheet(archive: zipfile.ZipFile) -> SheetData:
    """Open the first worksheet for streaming; merged ranges are filled in as rows are read."""
    path, date1904 = first_sheet_path(archive)
    parser = _SheetParser(
        strings=shared_strings(archive),
        dates=date_styles(archive),
        epoch=CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900,
    )
    data = SheetData(rows=iter(()))
    data.rows = parser.rows(archive, path, data.merged)
    return data


class _SheetParser:
    """Decode <row> elements; tags are compared whole (namespace resolved once) for speed."""

    def __init__(self, *, strings: list[str], dates: frozenset[int], epoch: object) -> None:
        self.strings, self.dates, self.epoch = strings, dates, epoch
        self._set_namespace("")

    def _set_namespace(self, ns: str) -> None:
        self.row_tag, self.cell_tag, self.merge_tag = f"{ns}row", f"{ns}c", f"{ns}mergeCell"
        self.f_tag, self.v_tag, self.is_tag = f"{ns}f", f"{ns}v", f"{ns}is"

    def rows(
        self, archive: zipfile.ZipFile, path: str, merged: list[str]
    ) -> Iterator[tuple[int, dict[int, RawCell]]]:
        """Yield each <row> of the sheet; collect <mergeCell> refs (they follow the rows)."""
        row_number = 0
        with archive.open(path) as stream:
            events = iterparse(stream, events=("end",))
            row_tag = merge_tag = ""
            for _, element in events:
                tag = element.tag
                if not row_tag:  # the first closed element tells the namespace
                    ns = tag[: tag.index("}") + 1] if tag.startswith("{") else ""
                    self._set_namespace(ns)
                    row_tag, merge_tag = self.row_tag, self.merge_tag
                if tag == row_tag:
                    row_number = int(element.get("r") or row_number + 1)
                    yield row_number, self._row_cells(element, row_number)
                    element.clear()
                elif tag == merge_tag:
                    merged.append(element.get("ref", ""))

    def _row_cells(self, row: Element, number: int) -> dict[int, RawCell]:
        """Decode the cells of one <row> element, keyed by 0-based column index."""
        cells: dict[int, RawCell] = {}
        column = -1
        for cell in row:
            if cell.tag != self.cell_tag:
                continue
            ref = cell.get("r")
            column = _column_index(ref.rstrip("0123456789")) if ref else column + 1
            ref = ref or f"{column_letters(column)}{number}"
            decoded = self._decode_cell(cell, ref)
            if decoded is not None:
                cells[column] = decoded
        return cells

    def _decode_cell(self, cell: Element, ref: str) -> RawCell | None:
        """Decode one <c> element; None when it holds nothing."""
        kind = cell.get("t", "n")
        value_text: str | None = None
        for child in cell:
            tag = child.tag
            if tag == self.v_tag:
                value_text = child.text
            elif tag == self.f_tag:
                return RawCell(ref, "formula", child.text or "")
            elif tag == self.is_tag:
                return RawCell(ref, "text", _string_item(child))
        if value_text is None:
            return None
        if kind == "s":
            return RawCell(ref, "text", self.strings[int(value_text)])
        if kind == "n":
            return self._number(cell, ref, value_text)
        if kind in {"str", "inlineStr", "d"}:  # "d" holds an ISO 8601 date as text
            return RawCell(ref, "text", value_text)
        if kind == "b":
            return RawCell(ref, "bool", value_text.strip() in {"1", "true"})
        return RawCell(ref, "error", value_text)

    def _number(self, cell: Element, ref: str, text: str) -> RawCell:
        """Decode a numeric cell, turning date-formatted serials into dates."""
        number = float(text) if any(c in text for c in ".eE") else int(text)
        if int(cell.get("s") or 0) in self.dates:
            try:
                return RawCell(ref, "date", from_excel(number, self.epoch))
            except (OverflowError, ValueError):
                return RawCell(ref, "error", "#VALUE!")
        return RawCell(ref, "number", number)


@lru_cache(maxsize=1024)
def _column_index(letters: str) -> int:
    """Return the 0-based column of column letters ("A" → 0)."""
    index = 0
    for char in letters.upper():
        index = index * 26 + ord(char) - 64
    return index - 1


def column_letters(column: int) -> str:
    """Return the column letters of a 0-based column index."""
    letters = ""
    column += 1
    while column:
        column, rem = divmod(column - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
