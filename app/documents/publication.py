"""The 公示 list as a PDF, and results workbooks with several sheets (bytes in, bytes out)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from copy import copy as clone
from dataclasses import dataclass, field

from openpyxl import load_workbook
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from app.documents.fonts import cjk_font
from app.documents.workbooks import rows_xlsx


@dataclass(frozen=True, slots=True)
class PublicationSheet:
    """What the 公示 PDF prints: titles, the period, a table and the notes under it."""

    title: str
    subtitle: str
    period: str
    headers: list[str]
    rows: list[list[str]]
    notes: list[str] = field(default_factory=list)
    watermark: str = ""
    # The audit chain's head anchored at publication/finalisation ("<entry>:<hash prefix>").
    audit_anchor: str = ""


def publication_pdf(sheet: PublicationSheet) -> bytes:
    """Return the 公示 list as an A4 landscape PDF with Chinese text."""
    font = cjk_font("sans")
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=landscape(A4), leftMargin=14 * mm, rightMargin=14 * mm,
        topMargin=14 * mm, bottomMargin=14 * mm, title=sheet.title,
    )
    title = ParagraphStyle("title", fontName=font, fontSize=18, leading=24, alignment=1)
    body = ParagraphStyle("body", fontName=font, fontSize=10, leading=14)
    cell = ParagraphStyle("cell", fontName=font, fontSize=9, leading=12)
    story = [Paragraph(_esc(sheet.title), title), Spacer(1, 2 * mm)]
    if sheet.subtitle:
        story.append(Paragraph(_esc(sheet.subtitle), ParagraphStyle(
            "sub", parent=body, alignment=1)))
    if sheet.period:
        story.append(Paragraph(_esc(sheet.period), ParagraphStyle("per", parent=body,
                                                                  alignment=1)))
    story.append(Spacer(1, 4 * mm))
    data = [[Paragraph(_esc(h), cell) for h in sheet.headers]]
    data += [[Paragraph(_esc(v), cell) for v in row] for row in sheet.rows]
    table = Table(data, repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e1d9")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f7f5f2")]),
    ]))
    story.append(table)
    story.append(Spacer(1, 5 * mm))
    story += [Paragraph(_esc(note), body) for note in sheet.notes]
    if sheet.audit_anchor:
        story.append(Paragraph(_esc(f"审计锚点：{sheet.audit_anchor}"), body))

    def mark(canvas: object, _doc: object) -> None:
        if sheet.watermark:
            canvas.saveState()  # type: ignore[attr-defined]
            canvas.setFont(font, 60)  # type: ignore[attr-defined]
            canvas.setFillColor(colors.Color(0.8, 0.2, 0.2, alpha=0.12))  # type: ignore[attr-defined]
            canvas.translate(148 * mm, 100 * mm)  # type: ignore[attr-defined]
            canvas.rotate(25)  # type: ignore[attr-defined]
            canvas.drawCentredString(0, 0, sheet.watermark)  # type: ignore[attr-defined]
            canvas.restoreState()  # type: ignore[attr-defined]

    doc.build(story, onFirstPage=mark, onLaterPages=mark)
    return buffer.getvalue()


def _esc(text: object) -> str:
    return (str(text if text is not None else "").replace("&", "&amp;").replace("<", "&lt;")
            .replace(">", "&gt;"))


@dataclass(frozen=True, slots=True)
class SheetRows:
    """One worksheet of a results workbook."""

    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence[object]]


def results_xlsx(sheets: Sequence[SheetRows], *, audit_anchor: str = "") -> bytes:
    """Return a print-ready workbook with one sheet per item (each as ``rows_xlsx`` makes it);
    ``audit_anchor`` goes into every printed footer and the workbook's keywords."""
    first, *rest = sheets
    book = load_workbook(io.BytesIO(rows_xlsx(first.title, first.headers, first.rows)))
    for extra in rest:
        part = load_workbook(io.BytesIO(rows_xlsx(extra.title, extra.headers, extra.rows)))
        source = part.active
        assert source is not None
        target = book.create_sheet(source.title)
        for row in source.iter_rows():
            for item in row:
                copy = target.cell(row=item.row, column=item.column, value=item.value)
                if item.has_style:  # style objects, not indexes: those are per workbook
                    copy.font, copy.border = clone(item.font), clone(item.border)
                    copy.fill, copy.alignment = clone(item.fill), clone(item.alignment)
                copy.number_format = item.number_format
                copy.data_type = item.data_type
        for key, dim in source.column_dimensions.items():
            target.column_dimensions[key].width = dim.width
        target.freeze_panes = source.freeze_panes
        target.print_title_rows = "1:1"
        target.page_setup.orientation = "landscape"
        target.page_setup.paperSize = target.PAPERSIZE_A4
        target.page_setup.fitToWidth = 1
        target.page_setup.fitToHeight = 0
        target.sheet_properties.pageSetUpPr.fitToPage = True
    if audit_anchor:
        book.properties.keywords = f"audit-anchor {audit_anchor}"
        for worksheet in book.worksheets:
            worksheet.oddFooter.center.text = f"审计锚点：{audit_anchor}"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
