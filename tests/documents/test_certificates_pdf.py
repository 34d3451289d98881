"""Certificate PDFs: Chinese fields readable as text, the QR decodes to the verification URL."""

from __future__ import annotations

import re
from datetime import date

import pytest

from app.documents.certificates import CertificateData, render_certificate
from app.documents.fonts import cjk_font, is_embedded
from tests.documents.helpers import decode_qr_png, pdf_pages, pdf_text, render_pdf

URL = ("https://jx.example/verify/eyJzIjoiSlgyMDI2LTAwMTItQTAwMDAzIiwiaCI6IjBhMWIyYzNkNGU1ZjY"
       "3ODlhYmNkZWYwMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3In0.Wm9vbGFuZGVy")

BASE = dict(serial="JX2026-0012-A00003", name="张三丰", competition="2026年天津市职业技能大赛",
            project="电工", organizer="天津市人力资源和社会保障局", issued_on=date(2026, 6, 12),
            verify_url=URL, occupation="电工", group="职工组", rank=2)


def flat(text: str) -> str:
    """Drop the spaces and line breaks pdftotext puts between CJK glyphs."""
    return re.sub(r"\s+", "", text)


def test_award_certificate_reads_in_chinese(tmp_path):
    pdf = render_certificate(CertificateData(kind="AWARD", award="一等奖",
                                             titles=("天津市技术能手（可申报）",), **BASE))
    assert pdf_pages(pdf, tmp_path) == 1
    text = flat(pdf_text(pdf, tmp_path))
    for expected in ("获奖证书", "张三丰", "2026年天津市职业技能大赛", "电工", "职工组", "第2名",
                     "一等奖", "天津市技术能手（可申报）", "天津市人力资源和社会保障局",
                     "2026年6月12日", "JX2026-0012-A00003"):
        assert expected in text, expected


def test_promotion_notice_reads_in_chinese(tmp_path):
    pdf = render_certificate(CertificateData(
        kind="PROMOTION", grade_before="高级工", grade_after="技师",
        certificate_no="S130113000001262000001", approved_on=date(2026, 6, 20), **BASE))
    text = flat(pdf_text(pdf, tmp_path))
    for expected in ("晋升通知", "电工", "高级工", "技师", "S130113000001262000001",
                     "核准日期", "2026年6月20日"):
        assert expected in text, expected


def test_participation_and_revoked_mark(tmp_path):
    pdf = render_certificate(CertificateData(kind="PARTICIPATION", revoked=True, **BASE))
    text = flat(pdf_text(pdf, tmp_path))
    assert "参赛证明" in text and "张三丰" in text
    # The watermark is rotated, so pdftotext may scatter its glyphs; the body has none of them.
    assert all(char in text for char in "已作废")


@pytest.mark.parametrize("kind", ["AWARD", "PROMOTION", "PARTICIPATION"])
def test_qr_decodes_to_the_verification_url(tmp_path, kind):
    pdf = render_certificate(CertificateData(kind=kind, award="一等奖", **BASE))
    pages = render_pdf(pdf, tmp_path, dpi=150)
    assert decode_qr_png(pages[0]) == [URL]


def test_long_names_stay_on_one_page(tmp_path):
    pdf = render_certificate(CertificateData(
        kind="AWARD", award="优胜奖", titles=("全国技术能手（推荐）", "省技术能手（推荐）"),
        **{**BASE, "competition": "第二届全国技能大赛暨" * 6,
           "organizer": "中华人民共和国人力资源和社会保障部职业技能鉴定中心" * 2}))
    assert pdf_pages(pdf, tmp_path) == 1


def test_cjk_font_is_embedded_when_installed(tmp_path):
    font = cjk_font("serif")
    pdf = render_certificate(CertificateData(kind="AWARD", award="一等奖", **BASE))
    if is_embedded(font):
        assert b"FontFile2" in pdf
    else:  # the built-in CID font needs no file
        assert b"STSong-Light" in pdf
