"""Certificates (获奖证书, 晋升通知, 参赛证明): one A4 landscape page, a stamp area and a QR code.

The software never draws a seal: an official seal is the issuing body's own image, uploaded by
an administrator; without one the stamp area stays empty (a light outline 盖章处) for a stamp.

Bytes out, no database: `render_certificate(CertificateData)` is a top-level function so a
multiprocessing pool can call it in worker processes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from app.documents.fonts import cjk_font
from app.documents.qr import qr_matrix
from app.documents.text import escape, format_date

PAGE = landscape(A4)
_RED = colors.HexColor("#a23b2c")
_OUTLINE = colors.HexColor("#c8c8c8")
_GOLD = colors.HexColor("#b08d57")
_INK = colors.HexColor("#1a1a1a")
_GREY = colors.HexColor("#555555")

TITLES = {"AWARD": "获 奖 证 书", "PROMOTION": "晋 升 通 知", "PARTICIPATION": "参 赛 证 明",
          "UNIT": "荣 誉 证 书"}


@dataclass(frozen=True)
class CertificateData:
    """Everything printed on one certificate (names and labels already in Chinese)."""

    kind: str  # AWARD, PROMOTION, PARTICIPATION
    serial: str
    name: str
    competition: str
    project: str
    organizer: str
    issued_on: date
    verify_url: str
    occupation: str = ""
    group: str = ""
    rank: int | None = None
    award: str = ""
    titles: tuple[str, ...] = ()
    grade_before: str = ""
    grade_after: str = ""
    certificate_no: str = ""
    approved_on: date | None = None
    revoked: bool = False
    # The audit chain's head anchored at the results' finalisation ("<entry>:<hash prefix>").
    audit_anchor: str = ""
    #: The issuing body's uploaded seal (PNG with transparency); None leaves the area empty.
    seal_png: bytes | None = field(default=None, repr=False)


def prepare_renderer() -> None:
    """Tune reportlab for a batch worker process: binary PDF streams, a third faster."""
    from reportlab import rl_config

    rl_config.useA85 = 0


def render_certificate(data: CertificateData) -> bytes:
    """Render one certificate as a one-page A4 landscape PDF."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=PAGE, pageCompression=1)
    canvas.setTitle(f"{TITLES.get(data.kind, '证书').replace(' ', '')} {data.serial}")
    canvas.setAuthor(data.organizer)
    canvas.setSubject(data.competition)
    canvas.setCreator("Jiangxin")
    _draw(canvas, data)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _draw(canvas: Canvas, data: CertificateData) -> None:
    width, height = PAGE
    serif, sans = cjk_font("serif"), cjk_font("sans")
    _border(canvas, width, height)
    canvas.setFillColor(_RED)
    canvas.setFont(sans, 36)
    canvas.drawCentredString(width / 2, height - 52 * mm, TITLES.get(data.kind, "证 书"))
    canvas.setFillColor(_INK)
    canvas.setFont(serif, 15)
    canvas.drawCentredString(width / 2, height - 64 * mm, _fit(canvas, data.competition, serif,
                                                               15, width - 80 * mm))
    body = ParagraphStyle("body", fontName=serif, fontSize=17, leading=32, textColor=_INK,
                          alignment=TA_JUSTIFY, wordWrap="CJK", firstLineIndent=34)
    salutation = ParagraphStyle("salutation", parent=body, firstLineIndent=0)
    frame_w = width - 90 * mm
    x, y = 45 * mm, height - 80 * mm
    # A unit award is addressed to an organisation (or a coach) without 同志.
    address = "：" if data.kind == "UNIT" else "　同志："
    for text, style in ((f"<b>{escape(data.name)}</b>{address}", salutation),
                        (_body_text(data), body)):
        para = Paragraph(text, style)
        _w, h = para.wrap(frame_w, 200 * mm)
        y -= h
        para.drawOn(canvas, x, y)
        y -= 4 * mm
    _details(canvas, data, x, y - 2 * mm, serif)
    _signature(canvas, data, width, serif)
    _qr(canvas, data, serif)
    if data.revoked:
        _revoked_mark(canvas, width, height, sans)


def _fit(canvas: Canvas, text: str, font: str, size: float, limit: float) -> str:
    """Shorten `text` with an ellipsis until it fits in `limit` points."""
    while text and canvas.stringWidth(text, font, size) > limit:
        text = text[:-2] + "…"
    return text


def _body_text(data: CertificateData) -> str:
    """Return the certificate's sentence, in the style of official notices."""
    where = f"{escape(data.competition)}“{escape(data.project)}”赛项"
    if data.group and data.group not in data.project:
        where += f"（{escape(data.group)}）"
    rank = f"第{data.rank}名" if data.rank else ""
    if data.kind == "UNIT":
        return (f"在{escape(data.competition)}中，荣获<b>{escape(data.award)}</b>。"
                "特发此证，以资鼓励。")
    if data.kind == "AWARD":
        text = f"在{where}中{'，荣获' + rank if rank else ''}，获得<b>{escape(data.award)}</b>。"
        if data.titles:
            text += f"符合{'、'.join(escape(t) for t in data.titles)}条件。"
        return text + "特发此证，以资鼓励。"
    if data.kind == "PROMOTION":
        occupation = f"{escape(data.occupation)}职业（工种）" if data.occupation else ""
        return (f"在{where}中{'取得' + rank if rank else '成绩合格'}，经核准，{occupation}"
                f"职业技能等级由<b>{escape(data.grade_before)}</b>晋升为"
                f"<b>{escape(data.grade_after)}</b>。特此通知。")
    return f"参加{where}比赛，完成全部竞赛项目。特发此证。"


def _details(canvas: Canvas, data: CertificateData, x: float, y: float, font: str) -> None:
    """Print the reference fields under the sentence, label and value per line."""
    rows: list[tuple[str, str]] = []
    if data.kind == "PROMOTION":
        rows.append(("职业技能等级证书编号", data.certificate_no or "—"))
        if data.approved_on:
            rows.append(("核准日期", format_date(data.approved_on)))
    canvas.setFont(font, 13)
    canvas.setFillColor(_INK)
    for label, value in rows:
        canvas.drawString(x, y, f"{label}：{value}")
        y -= 7 * mm


def _border(canvas: Canvas, width: float, height: float) -> None:
    """Draw a double frame with small corner squares."""
    canvas.setStrokeColor(_RED)
    canvas.setLineWidth(3)
    canvas.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
    canvas.setStrokeColor(_GOLD)
    canvas.setLineWidth(0.9)
    canvas.rect(15.5 * mm, 15.5 * mm, width - 31 * mm, height - 31 * mm)
    canvas.setFillColor(_GOLD)
    for cx in (15.5 * mm, width - 15.5 * mm):
        for cy in (15.5 * mm, height - 15.5 * mm):
            canvas.rect(cx - 2 * mm, cy - 2 * mm, 4 * mm, 4 * mm, stroke=0, fill=1)


def _signature(canvas: Canvas, data: CertificateData, width: float, font: str) -> None:
    """Print the organizer and date at the bottom right, with the stamp area over them."""
    right = width - 45 * mm
    canvas.setFillColor(_INK)
    canvas.setFont(font, 15)
    organizer = _fit(canvas, data.organizer, font, 15, 110 * mm)
    canvas.drawRightString(right, 46 * mm, organizer)
    canvas.drawRightString(right, 36 * mm, format_date(data.issued_on))
    centre_x = right - min(canvas.stringWidth(organizer, font, 15), 110 * mm) / 2
    if data.seal_png:
        _seal_image(canvas, data.seal_png, centre_x, 46 * mm, 21 * mm)
    else:
        _stamp_area(canvas, centre_x, 46 * mm, 21 * mm)


def _seal_image(canvas: Canvas, png: bytes, cx: float, cy: float, radius: float) -> None:
    """Place the body's uploaded seal, its transparency kept, centred on the signature."""
    canvas.drawImage(ImageReader(io.BytesIO(png)), cx - radius, cy - radius, 2 * radius,
                     2 * radius, mask="auto", preserveAspectRatio=True, anchor="c")


def _stamp_area(canvas: Canvas, cx: float, cy: float, radius: float) -> None:
    """Outline where the body stamps by hand: a light dashed circle labelled 盖章处."""
    canvas.saveState()
    canvas.setStrokeColor(_OUTLINE)
    canvas.setFillColor(_OUTLINE)
    canvas.setLineWidth(0.8)
    canvas.setDash(3, 3)
    canvas.circle(cx, cy, radius, stroke=1, fill=0)
    canvas.setFillColor(_GREY)
    canvas.setFont(cjk_font("sans"), 9)
    canvas.drawCentredString(cx, cy + radius - 9 * mm, "盖章处")
    canvas.restoreState()


def _qr(canvas: Canvas, data: CertificateData, font: str) -> None:
    """Place the verification QR at the bottom left with the serial under it."""
    size = 30 * mm
    x, y = 30 * mm, 30 * mm
    _draw_qr(canvas, data.verify_url, x, y, size)
    style = ParagraphStyle("caption", fontName=font, fontSize=8.5, leading=11,
                           textColor=_GREY, alignment=TA_CENTER)
    lines = [(4 * mm, f"证书编号 {escape(data.serial)}"), (7.6 * mm, "扫码验证证书真伪")]
    if data.audit_anchor:
        lines.append((11.2 * mm, f"审计锚点 {escape(data.audit_anchor)}"))
    for offset, text in lines:
        para = Paragraph(text, style)
        para.wrap(size + 30 * mm, 20 * mm)
        para.drawOn(canvas, x - 15 * mm, y - offset)


def _draw_qr(canvas: Canvas, payload: str, x: float, y: float, size: float) -> None:
    """Draw a QR code as vector squares: crisp at any zoom, and far cheaper than a PNG.

    A fixed mask pattern skips the library's search over all eight masks (most of its time);
    every mask gives a valid code, and zbar and phone cameras read it alike. The matrix is the
    library's, encoded by app/documents/qr.py without its bit-by-bit buffer.
    """
    matrix = qr_matrix(payload, error_correction="M", mask_pattern=2)
    quiet = 2  # modules of white margin, painted explicitly
    cells = len(matrix) + 2 * quiet
    canvas.saveState()
    canvas.setFillColor(colors.white)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    # Work in module units from the top-left corner: integer coordinates keep the page small.
    canvas.translate(x, y + size)
    canvas.scale(size / cells, -size / cells)
    canvas.setFillColor(colors.black)
    path = canvas.beginPath()
    for r, row in enumerate(matrix, start=quiet):
        c = 0
        while c < len(row):
            if not row[c]:
                c += 1
                continue
            start = c
            while c < len(row) and row[c]:
                c += 1
            # One rectangle per run of dark modules keeps the page small and seamless.
            _module_run(path, start + quiet, r, c - start)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


def _module_run(path: Any, x: int, y: int, width: int) -> None:
    """Add a run of QR modules to the path: ``path.rect`` with integers, written directly.

    reportlab formats every coordinate through its pure-Python ``fp_str`` (the C accelerator is
    not installed): a quarter of a certificate's CPU went into the QR's hundreds of rectangles.
    Integer coordinates print the same either way (tests/documents compare the operators).
    """
    path._code_append(f"{x} {y} {width} 1 re")


def _revoked_mark(canvas: Canvas, width: float, height: float, font: str) -> None:
    canvas.saveState()
    canvas.setFillColor(colors.Color(0.8, 0.1, 0.1, alpha=0.28))
    canvas.translate(width / 2, height / 2)
    canvas.rotate(24)
    canvas.setFont(font, 96)
    canvas.drawCentredString(0, -30, "已 作 废")
    canvas.restoreState()
