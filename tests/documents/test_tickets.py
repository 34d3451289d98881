"""Admission ticket PDFs: Chinese text embedded, ID masked, QR decodes back to its payload."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics

from app.documents import fonts
from app.documents.qr import qr_png
from app.documents.text import format_time_window, mask_id_number
from app.documents.tickets import TicketData, ticket_pdf, tickets_pdf
from tests.documents.helpers import decode_qr_png, pdf_pages, pdf_text, render_pdf
from tests.fixtures.services import service_missing

TICKET = TicketData(
    competition="2024年天津市职业技能大赛",
    ticket_number="JX2024-HG-0012",
    name="张三丰",
    id_number="120101199001011234",
    group="职工组",
    project="焊工",
    venue="天津市职业技能公共实训中心",
    starts_at=datetime(2024, 5, 18, 8, 30),
    ends_at=datetime(2024, 5, 18, 11, 30),
    organizer="天津市人力资源和社会保障局",
    qr_payload="JX1.ticket.42.c2lnbmF0dXJl",
    station="12",
    issued_on=date(2024, 5, 10),
)


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ("120101199001011234", "120101********1234"),
        ("11010519491231002X", "110105********002X"),
        (" 120101199001011234 ", "120101********1234"),
        ("12345678", "******78"),
        ("", ""),
    ],
)
def test_mask_id_number_keeps_first_six_and_last_four(raw: str, masked: str) -> None:
    assert mask_id_number(raw) == masked


@pytest.mark.parametrize(
    ("start", "end", "text"),
    [
        (datetime(2024, 5, 18, 8, 30), datetime(2024, 5, 18, 11, 30), "2024年5月18日 08:30—11:30"),
        (datetime(2024, 5, 18, 8, 30), None, "2024年5月18日 08:30"),
        (
            datetime(2024, 5, 18, 8, 30),
            datetime(2024, 5, 19, 17, 0),
            "2024年5月18日 08:30 — 2024年5月19日 17:00",
        ),
    ],
)
def test_time_window_is_written_the_chinese_way(
    start: datetime, end: datetime | None, text: str
) -> None:
    assert format_time_window(start, end) == text


@pytest.mark.parametrize("page_size", ["A4", "A5"])
def test_ticket_pdf_carries_the_contestant_details(page_size: str, tmp_path: Path) -> None:
    pdf = ticket_pdf(TICKET, page_size=page_size)  # type: ignore[arg-type]

    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf, tmp_path).replace(" ", "").replace("\u3000", "")
    for expected in [
        "2024年天津市职业技能大赛",
        "准考证",
        "JX2024-HG-0012",
        "张三丰",
        "120101********1234",
        "职工组",
        "焊工",
        "天津市职业技能公共实训中心",
        "2024年5月18日08:30—11:30",
        "贴照片处",
        "考生须知",
        "身份证",
        "天津市人力资源和社会保障局",
    ]:
        assert expected in text
    assert "120101199001011234" not in text


def test_ticket_shows_station_pending_until_drawn(tmp_path: Path) -> None:
    text = pdf_text(ticket_pdf(replace(TICKET, station="")), tmp_path)

    assert "待抽签" in text


@pytest.mark.parametrize("page_size", ["A4", "A5"])
def test_ticket_qr_decodes_back_to_the_payload(page_size: str, tmp_path: Path) -> None:
    pdf = ticket_pdf(TICKET, page_size=page_size)  # type: ignore[arg-type]

    [page] = render_pdf(pdf, tmp_path)
    assert decode_qr_png(page) == [TICKET.qr_payload]


def test_tickets_pdf_puts_each_ticket_on_its_own_page(tmp_path: Path) -> None:
    tickets = [
        replace(TICKET, name=name, ticket_number=f"T-{i}", qr_payload=f"payload-{i}")
        for i, name in enumerate(["甲", "乙", "丙"])
    ]
    pdf = tickets_pdf(tickets)

    assert pdf_pages(pdf, tmp_path) == 3
    pages = render_pdf(pdf, tmp_path, dpi=100)
    assert [decode_qr_png(page) for page in pages] == [["payload-0"], ["payload-1"], ["payload-2"]]


def test_tickets_pdf_refuses_an_empty_list() -> None:
    with pytest.raises(ValueError, match="at least one"):
        tickets_pdf([])


def test_markup_in_user_text_is_printed_literally(tmp_path: Path) -> None:
    pdf = ticket_pdf(replace(TICKET, employer="<b>A&B</b> 公司"))

    assert "<b>A&B</b>" in pdf_text(pdf, tmp_path)


def test_cjk_font_is_embedded_when_installed() -> None:
    if fonts.find_font_file("AR PL UMing CN") is None:
        service_missing("fonts-arphic-uming is not installed")
    name = fonts.cjk_font("serif")

    assert fonts.is_embedded(name)
    assert name in pdfmetrics.getRegisteredFontNames()
    pdf = ticket_pdf(TICKET)
    assert b"/FontFile2" in pdf  # the TrueType subset travels inside the PDF
    assert b"STSong-Light" not in pdf


def test_font_lookup_falls_back_to_the_cid_font(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "find_font_file", lambda family: None)
    monkeypatch.setattr(pdfmetrics, "getRegisteredFontNames", lambda: [])

    assert fonts._resolve("serif") == fonts.FALLBACK_FONT


@pytest.mark.parametrize("family", ["No Such Font Family 42", "Noto Sans CJK SC"])
def test_find_font_file_ignores_missing_and_opentype_fonts(family: str) -> None:
    found = fonts.find_font_file(family)

    assert found is None or found.path.endswith((".ttf", ".ttc"))


@pytest.mark.parametrize("payload", ["JX1.abc", "https://example.org/verify/公开-token", "x" * 300])
def test_qr_png_round_trips(payload: str, tmp_path: Path) -> None:
    path = tmp_path / "qr.png"
    path.write_bytes(qr_png(payload, box_size=6, border=4))

    assert path.read_bytes().startswith(b"\x89PNG")
    assert decode_qr_png(path) == [payload]


def test_qr_png_rejects_a_zero_box_size() -> None:
    with pytest.raises(ValueError, match="box_size"):
        qr_png("x", box_size=0)
