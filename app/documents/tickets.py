"""Admission tickets (准考证): one page per contestant, A4 or A5, with a check-in QR code."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    HRFlowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import LayoutError

from app.documents.fonts import cjk_font
from app.documents.qr import qr_flowable
from app.documents.text import escape, format_date, format_time_window, mask_id_number

PageSize = Literal["A4", "A5"]

DEFAULT_NOTES: tuple[str, ...] = (
    "请携带本准考证和本人居民身份证参赛，证件不全者不得入场。",
    "请于比赛开始前30分钟到达赛场检录，出示本证二维码扫码签到；迟到15分钟以上者不得入场。",
    "严格遵守赛场纪律和安全操作规程，服从裁判和工作人员的管理。",
    "赛场内禁止携带和使用手机等通讯设备及规定以外的资料、工具。",
    "本证仅限本人使用，请妥善保管，遗失请及时联系组委会。",
)

_INK = colors.HexColor("#1a1a1a")
_RULE = colors.HexColor("#444444")
_LABEL_BG = colors.HexColor("#f2f2f2")
_SECONDARY = colors.HexColor("#555555")


@dataclass(frozen=True)
class TicketData:
    """Everything printed on one admission ticket; times are local wall-clock values."""

    competition: str
    ticket_number: str
    name: str
    id_number: str  # full number; only a masked form is printed
    group: str  # display label, e.g. 职工组
    project: str  # occupation / 赛项 label, e.g. 焊工
    venue: str
    starts_at: datetime
    ends_at: datetime | None
    organizer: str
    qr_payload: str
    station: str = ""  # 工位号 once drawn
    gender: str = ""
    employer: str = ""
    check_in_at: datetime | None = None
    issued_on: date | None = None
    notes: tuple[str, ...] = DEFAULT_NOTES
    # One-time code for a person with no account yet, to claim this record after signing up.
    claim_code: str = ""


def ticket_pdf(ticket: TicketData, *, page_size: PageSize = "A4") -> bytes:
    """Render one admission ticket as a one-page PDF."""
    return tickets_pdf([ticket], page_size=page_size)


def tickets_pdf(
    tickets: Sequence[TicketData], *, page_size: PageSize = "A4", title: str = "准考证"
) -> bytes:
    """Render several tickets (e.g. a whole project's) into one PDF, one ticket per page."""
    if not tickets:
        raise ValueError("tickets_pdf needs at least one ticket")
    pagesize = A4 if page_size == "A4" else A5
    scale = 1.0 if page_size == "A4" else 0.72
    margin = 18 * mm * scale
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        title=title,
        author=tickets[0].organizer,
        subject=tickets[0].competition,
        creator="Jiangxin",
        initialFontName=cjk_font("serif"),
    )
    story: list[Flowable] = []
    for index, ticket in enumerate(tickets):
        if index:
            story.append(PageBreak())
        story.extend(_ticket_story(ticket, doc.width, scale))
    try:
        doc.build(story)
    except LayoutError as exc:  # pragma: no cover - only absurdly long field values get here
        raise ValueError(f"ticket {tickets[0].ticket_number} does not fit on one page") from exc
    return buffer.getvalue()


class _Styles:
    """Paragraph styles for one page size."""

    def __init__(self, scale: float) -> None:
        serif, sans = cjk_font("serif"), cjk_font("sans")

        def style(name: str, font: str, size: float, **kw: object) -> ParagraphStyle:
            options: dict[str, object] = {"textColor": _INK, "wordWrap": "CJK", **kw}
            return ParagraphStyle(
                name, fontName=font, fontSize=size * scale, leading=size * scale * 1.45, **options
            )

        self.title = style("title", sans, 20, alignment=TA_CENTER, spaceAfter=2 * mm * scale)
        self.subtitle = style("subtitle", sans, 15, alignment=TA_CENTER)
        self.number = style("number", sans, 11, alignment=TA_RIGHT)
        self.label = style("label", sans, 10.5, alignment=TA_CENTER)
        self.value = style("value", serif, 11, alignment=TA_LEFT)
        self.big = style("big", sans, 13, alignment=TA_LEFT)
        self.photo = style("photo", serif, 10, alignment=TA_CENTER, textColor=_SECONDARY)
        self.heading = style("heading", sans, 11.5, spaceAfter=1.5 * mm * scale)
        self.note = style(
            "note", serif, 10, leftIndent=5 * mm * scale, bulletIndent=0, bulletFontName=serif
        )
        self.caption = style("caption", serif, 9, alignment=TA_CENTER, textColor=_SECONDARY)
        self.footer = style("footer", serif, 11.5, alignment=TA_RIGHT)


def _ticket_story(ticket: TicketData, width: float, scale: float) -> list[Flowable]:
    """Build the flowables of one ticket page."""
    st = _Styles(scale)
    header = [
        Paragraph(escape(ticket.competition), st.title),
        Paragraph("准　考　证", st.subtitle),
        Spacer(1, 3 * mm * scale),
        Paragraph(f"准考证号：{escape(ticket.ticket_number)}", st.number),
        Spacer(1, 1.5 * mm * scale),
        HRFlowable(width="100%", thickness=1.2, color=_RULE, spaceAfter=0.6 * mm),
        HRFlowable(width="100%", thickness=0.4, color=_RULE, spaceAfter=3 * mm * scale),
    ]
    body = [
        _details_table(ticket, width, st, scale),
        Spacer(1, 5 * mm * scale),
        _qr_and_notes(ticket, width, st, scale),
        *_claim_lines(ticket, st, scale),
        Spacer(1, 8 * mm * scale),
        Paragraph(escape(ticket.organizer), st.footer),
    ]
    if ticket.issued_on is not None:
        body.append(Paragraph(format_date(ticket.issued_on), st.footer))
    return [KeepTogether(header + body)]


def _claim_lines(ticket: TicketData, st: _Styles, scale: float) -> list[Flowable]:
    """Print the claim code, if any, with how to use it (it links an account to the record)."""
    if not ticket.claim_code:
        return []
    return [
        Spacer(1, 3 * mm * scale),
        Paragraph(f"账号认领码：<b>{escape(ticket.claim_code)}</b>", st.big),
        Paragraph("本人注册账号并登录后，在“认领我的档案”页面输入此码，即可在网上查看报名、"
                  "下载准考证和证书。此码仅限本人使用一次，请勿转告他人。", st.note),
    ]


def _details_table(ticket: TicketData, width: float, st: _Styles, scale: float) -> Table:
    """Lay the contestant's details out as a ruled table with a photo box on the right."""
    label_w, photo_w = 0.15 * width, 0.22 * width
    value_w = (width - 2 * label_w - photo_w) / 2

    def lab(text: str) -> Paragraph:
        return Paragraph(text, st.label)

    def val(text: str, style: ParagraphStyle | None = None) -> Paragraph:
        return Paragraph(escape(text) or "—", style or st.value)

    small = round(8 * scale)
    photo = Paragraph(
        f"贴照片处<br/><font size={small}>（近期免冠<br/>一寸彩色照片）</font>", st.photo
    )
    rows = [
        [lab("姓　　名"), val(ticket.name, st.big), lab("性　　别"), val(ticket.gender), photo],
        [lab("身份证号"), val(mask_id_number(ticket.id_number)), "", "", ""],
        [lab("组　　别"), val(ticket.group), lab("工 位 号"), val(ticket.station or "待抽签"), ""],
        [lab("赛　　项"), val(ticket.project), "", "", ""],
        [lab("工作单位"), val(ticket.employer), "", "", ""],
        [lab("比赛地点"), val(ticket.venue), "", "", ""],
        [lab("比赛时间"), val(format_time_window(ticket.starts_at, ticket.ends_at)), "", "", ""],
    ]
    if ticket.check_in_at is not None:
        rows.append(
            [lab("检录时间"), val(format_time_window(ticket.check_in_at, None)), "", "", ""]
        )
    # Heights come from padding, not fixed row heights, so a long venue wraps instead of
    # overflowing; a one-line row is ~11 mm and the four rows beside the photo ~44 mm.
    pad = (11 * mm * scale - st.value.leading) / 2
    table = Table(rows, colWidths=[label_w, value_w, label_w, value_w, photo_w])
    last = len(rows) - 1
    commands: list[tuple[object, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), cjk_font("serif")),  # spanned "" cells use it too
        ("GRID", (0, 0), (-1, -1), 0.5, _RULE),
        ("BOX", (0, 0), (-1, -1), 1.0, _RULE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (0, -1), _LABEL_BG),
        ("BACKGROUND", (2, 0), (2, 0), _LABEL_BG),
        ("BACKGROUND", (2, 2), (2, 2), _LABEL_BG),
        ("LEFTPADDING", (0, 0), (-1, -1), 2.5 * mm * scale),
        ("TOPPADDING", (0, 0), (-1, -1), pad),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
        # The photo box spans the first four rows: a real 一寸 photo is 25 × 35 mm.
        ("SPAN", (4, 0), (4, 3)),
        ("SPAN", (1, 1), (3, 1)),
        ("SPAN", (1, 3), (3, 3)),
    ]
    commands += [("SPAN", (1, r), (4, r)) for r in range(4, last + 1)]
    table.setStyle(TableStyle(commands))
    return table


def _qr_and_notes(ticket: TicketData, width: float, st: _Styles, scale: float) -> Table:
    """Put the check-in QR code beside the notes for the contestant."""
    qr_w = 0.30 * width
    qr_size = min(qr_w - 6 * mm * scale, 48 * mm * scale)
    qr_cell = [
        qr_flowable(ticket.qr_payload, qr_size),
        Paragraph("检录时请出示此二维码", st.caption),
    ]
    notes: list[Flowable] = [Paragraph("考生须知", st.heading)]
    notes += [
        Paragraph(escape(note), st.note, bulletText=f"{i}.")
        for i, note in enumerate(ticket.notes, start=1)
    ]
    table = Table([[qr_cell, notes]], colWidths=[qr_w, width - qr_w])
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.5, _RULE),
                ("LINEAFTER", (0, 0), (0, 0), 0.5, _RULE),
                ("VALIGN", (0, 0), (0, 0), "MIDDLE"),
                ("VALIGN", (1, 0), (1, 0), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 3 * mm * scale),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3 * mm * scale),
                ("LEFTPADDING", (1, 0), (1, 0), 4 * mm * scale),
                ("RIGHTPADDING", (1, 0), (1, 0), 4 * mm * scale),
            ]
        )
    )
    return table
