"""QR codes as PNG bytes (the ``qrcode`` package) and as reportlab flowables."""

from __future__ import annotations

import io
from typing import Literal

import qrcode
from qrcode.constants import ERROR_CORRECT_H, ERROR_CORRECT_L, ERROR_CORRECT_M, ERROR_CORRECT_Q
from qrcode.image.pil import PilImage
from reportlab.platypus import Image

ErrorCorrection = Literal["L", "M", "Q", "H"]

_LEVELS = {"L": ERROR_CORRECT_L, "M": ERROR_CORRECT_M, "Q": ERROR_CORRECT_Q, "H": ERROR_CORRECT_H}


def qr_png(
    data: str,
    *,
    box_size: int = 10,
    border: int = 4,
    error_correction: ErrorCorrection = "M",
) -> bytes:
    """Encode ``data`` as a black-on-white QR PNG; ``border`` counts modules (4 = quiet zone)."""
    if box_size < 1 or border < 0:
        raise ValueError("box_size must be >= 1 and border >= 0")
    code = qrcode.QRCode(
        error_correction=_LEVELS[error_correction],
        box_size=box_size,
        border=border,
        image_factory=PilImage,
    )
    code.add_data(data)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image().save(buffer, format="PNG")
    return buffer.getvalue()


def qr_flowable(data: str, size: float, *, border: int = 2) -> Image:
    """Return a square reportlab Image of the QR for ``data``, ``size`` points wide."""
    # A generous box size keeps module edges crisp when the PDF is printed or rendered.
    image = Image(io.BytesIO(qr_png(data, box_size=8, border=border)), width=size, height=size)
    image.hAlign = "CENTER"
    return image
