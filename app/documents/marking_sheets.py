"""Printable marking sheets (评分记录表) for signature at sign-off, as WorldSkills CIS prints them.

Two documents, bytes out, no database: a judge's own marks (aspects × contestants by anonymous
code) and the chief judge's sign-off sheet (criteria × contestants). Contestants appear only by
their anonymous code (加密号), never by name. Wide projects are split into column blocks of
`CODES_PER_BLOCK` contestants; long schemes flow over pages with the header row repeated.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from app.documents.fonts import cjk_font
from app.documents.text import escape

PAGE = landscape(A4)
CODES_PER_BLOCK = 12
_GRID = colors.HexColor("#444444")
_HEAD = colors.HexColor("#e8e8e8")


@dataclass(frozen=True)
class SheetRow:
    """One scored line: an aspect (or a whole component) and a value per contestant column."""

    code: str
    label: str
    kind: str
    max_mark: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class JudgeSheetData:
    """A judge's marks on one project, for the judge's signature."""

    competition: str
    project: str
    judge: str
    printed_at: str
    codes: tuple[str, ...]
    rows: tuple[SheetRow, ...]


@dataclass(frozen=True)
class SignoffSheetData:
    """Every contestant's mark per criterion, for the chief judge's and the judges' signatures."""

    competition: str
    project: str
    chief: str
    printed_at: str
    locked: bool
    codes: tuple[str, ...]
    rows: tuple[SheetRow, ...]
    judges: tuple[str, ...]


def _styles() -> dict[str, ParagraphStyle]:
    sans, serif = cjk_font("sans"), cjk_font("serif")
    return {
        "title": ParagraphStyle("title", fontName=sans, fontSize=16, leading=22,
                                alignment=1, spaceAfter=2 * mm),
        "meta": ParagraphStyle("meta", fontName=serif, fontSize=10, leading=14),
        "cell": ParagraphStyle("cell", fontName=serif, fontSize=8.5, leading=10.5,
                               wordWrap="CJK"),
        "sign": ParagraphStyle("sign", fontName=serif, fontSize=11, leading=22),
    }


def _blocks(codes: Sequence[str]) -> list[range]:
    """Split the contestant columns into blocks that fit the page width."""
    if not codes:
        return [range(0)]
    return [range(i, min(i + CODES_PER_BLOCK, len(codes)))
            for i in range(0, len(codes), CODES_PER_BLOCK)]


def _table(rows: Sequence[SheetRow], codes: Sequence[str], block: range,
           styles: dict[str, ParagraphStyle], headings: tuple[str, str, str, str]) -> Table:
    """Build one block: code, label, kind, max, then one column per contestant in the block."""
    head = [*headings, *(codes[i] for i in block)]
    body = [[row.code, Paragraph(escape(row.label), styles["cell"]), row.kind, row.max_mark,
             *(row.values[i] or "" for i in block)] for row in rows]
    # 273 mm of printable width: what the fixed and value columns leave goes to the label.
    label_width = 231 - 14 * len(block)
    widths = [18 * mm, max(label_width, 40) * mm, 10 * mm, 14 * mm,
              *([14 * mm] * len(block))]
    table = Table([head, *body], colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), cjk_font("serif"), 8.5),
        ("FONT", (0, 0), (-1, 0), cjk_font("sans"), 8.5),
        ("BACKGROUND", (0, 0), (-1, 0), _HEAD),
        ("GRID", (0, 0), (-1, -1), 0.5, _GRID),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (2, 0), (-1, -1), "CENTER"),
    ]))
    return table


def _document(title: str, meta: str, rows: Sequence[SheetRow], codes: Sequence[str],
              headings: tuple[str, str, str, str], signatures: Sequence[str],
              subject: str) -> bytes:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=PAGE, leftMargin=12 * mm, rightMargin=12 * mm,
                            topMargin=12 * mm, bottomMargin=12 * mm, title=title,
                            subject=subject, creator="Jiangxin")
    styles = _styles()
    story: list = [Paragraph(escape(title), styles["title"]), Paragraph(meta, styles["meta"]),
                   Spacer(1, 3 * mm)]
    for block in _blocks(codes):
        story += [_table(rows, codes, block, styles, headings), Spacer(1, 4 * mm)]
    story.append(KeepTogether([Paragraph(line, styles["sign"]) for line in signatures]))

    def footer(canvas: Any, document: Any) -> None:
        # Every page names its sheet, so a loose page can be put back where it belongs.
        canvas.saveState()
        canvas.setFont(cjk_font("serif"), 8)
        canvas.drawRightString(PAGE[0] - 12 * mm, 6 * mm,
                               f"{title} · {subject} · 第 {document.page} 页")
        canvas.restoreState()

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def render_judge_sheet(data: JudgeSheetData) -> bytes:
    """Render a judge's marks as an A4 landscape PDF with a signature line."""
    meta = (f"竞赛：{escape(data.competition)}　　赛项：{escape(data.project)}　　"
            f"裁判：{escape(data.judge)}　　打印时间：{escape(data.printed_at)}<br/>"
            "选手以加密号标识；空格表示未评分。")
    return _document("裁判评分记录表", meta, data.rows, data.codes,
                     ("评分项", "评分内容", "类型", "满分"),
                     ("本人确认以上评分为本人独立评定，真实无误。",
                      "裁判签字：________________　　日期：________________"),
                     f"{data.project} · {data.judge}")


def render_signoff_sheet(data: SignoffSheetData) -> bytes:
    """Render the chief judge's per-criterion sign-off sheet with every judge's signature."""
    state = "成绩已锁定" if data.locked else "成绩未锁定（仅供核对）"
    meta = (f"竞赛：{escape(data.competition)}　　赛项：{escape(data.project)}　　"
            f"裁判长：{escape(data.chief)}　　{state}　　打印时间：{escape(data.printed_at)}<br/>"
            "选手以加密号标识；分项得分为各评分项得分之和，“—”表示尚有未评分项。")
    lines = ["裁判长签字：________________　　日期：________________"]
    lines += [f"裁判 {escape(name)} 签字：________________" for name in data.judges]
    return _document("裁判长签核表（分项成绩）", meta, data.rows, data.codes,
                     ("分项", "名称", "类型", "满分"), lines, data.project)
