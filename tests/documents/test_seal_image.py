"""Seal uploads: only a real, bounded PNG with transparency; the page never fakes a seal."""

from __future__ import annotations

import io
from datetime import date

import pytest
from PIL import Image

from app.documents.certificates import CertificateData, render_certificate
from app.documents.seals import SealImageError, inspect_seal
from tests.documents.helpers import pdf_text


def png(size: tuple[int, int] = (200, 200), mode: str = "RGBA") -> bytes:
    """Return a red ring on a transparent (or opaque, for mode RGB) background."""
    image = Image.new(mode, size, (0, 0, 0, 0) if mode == "RGBA" else (255, 255, 255))
    for x in range(size[0]):
        image.putpixel((x, size[1] // 2), (200, 30, 30, 255) if mode == "RGBA" else (200, 30, 30))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (200, 200)).save(buffer, format="JPEG")
    return buffer.getvalue()


def test_a_transparent_png_is_accepted_with_its_size():
    image = inspect_seal(png((300, 240)))
    assert (image.width, image.height) == (300, 240)


@pytest.mark.parametrize(("data", "reason"), [
    (b"", "not_png"),
    (b"GIF89a not a png", "not_png"),
    (jpeg(), "not_png"),
    (png()[:60], "not_png"),  # truncated: the header says PNG, the pixels are missing
    (png(mode="RGB"), "no_transparency"),
    (png((32, 200)), "dimensions"),
    (png((2400, 200)), "dimensions"),
    (b"\x89PNG\r\n\x1a\n" + b"\0" * (600 * 1024), "too_large"),
])
def test_bad_uploads_are_refused_with_a_reason(data, reason):
    with pytest.raises(SealImageError) as refused:
        inspect_seal(data)
    assert refused.value.reason == reason


def test_a_claimed_huge_image_is_refused_from_its_header():
    data = bytearray(png((100, 100)))
    # IHDR width and height start at byte 16; claim 60000 × 60000 without changing the bytes.
    data[16:24] = (60000).to_bytes(4, "big") * 2
    with pytest.raises(SealImageError) as refused:
        inspect_seal(bytes(data))
    assert refused.value.reason in {"dimensions", "not_png"}


BASE = dict(kind="AWARD", serial="JX2026-0012-A00003", name="张三丰", competition="市职业技能大赛",
            project="电工", organizer="某市人力资源和社会保障局", issued_on=date(2026, 6, 12),
            verify_url="https://jx.example/verify/x", award="一等奖")


def test_without_an_uploaded_seal_the_stamp_area_is_empty(tmp_path):
    pdf = render_certificate(CertificateData(**BASE))
    text = pdf_text(pdf, tmp_path).replace(" ", "")
    assert "盖章处" in text
    assert "竞赛专用章" not in text  # the drawn fake seal is gone
    assert b"/Subtype /Image" not in pdf and b"/Subtype/Image" not in pdf


def test_an_uploaded_seal_is_placed_as_an_image(tmp_path):
    pdf = render_certificate(CertificateData(seal_png=png(), **BASE))
    assert b"/Image" in pdf
    assert "盖章处" not in pdf_text(pdf, tmp_path).replace(" ", "")


def test_the_stored_image_keeps_pixels_and_drops_metadata_and_trailing_bytes():
    from PIL.PngImagePlugin import PngInfo

    image = Image.new("RGBA", (100, 100), (0, 0, 0, 0))
    image.putpixel((50, 50), (200, 30, 30, 255))
    info = PngInfo()
    info.add_text("Comment", "<script>alert(1)</script>")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", pnginfo=info)
    accepted = inspect_seal(buffer.getvalue() + b"<html>appended</html>")
    assert b"script" not in accepted.png and b"appended" not in accepted.png
    with Image.open(io.BytesIO(accepted.png)) as again:
        assert again.getpixel((50, 50)) == (200, 30, 30, 255)
        assert again.getpixel((0, 0))[3] == 0
