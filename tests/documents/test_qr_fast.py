"""The fast QR encoder gives exactly the library's matrix."""

from __future__ import annotations

import qrcode
from hypothesis import given, settings
from hypothesis import strategies as st
from qrcode.constants import ERROR_CORRECT_H, ERROR_CORRECT_L, ERROR_CORRECT_M, ERROR_CORRECT_Q

from app.documents.qr import qr_matrix

_LEVELS = {"L": ERROR_CORRECT_L, "M": ERROR_CORRECT_M, "Q": ERROR_CORRECT_Q, "H": ERROR_CORRECT_H}


def _library(data: str, level: str, mask: int) -> list[list[bool]]:
    code = qrcode.QRCode(error_correction=_LEVELS[level], border=0, mask_pattern=mask)
    code.add_data(data)
    code.make(fit=True)
    return code.get_matrix()


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.text(max_size=400), st.from_regex(r"https://[a-z0-9./?=&-]{1,300}",
                                                      fullmatch=True),
                 st.from_regex(r"[0-9A-Z $%*+./:-]{1,500}", fullmatch=True)),
       st.sampled_from(sorted(_LEVELS)), st.integers(0, 7))
def test_fast_matrix_equals_the_library(data, level, mask):
    assert qr_matrix(data, error_correction=level, mask_pattern=mask) == _library(
        data, level, mask)


def test_a_certificate_url():
    url = "https://jx.example.cn/v/" + "A1b2C3d4" * 20
    assert qr_matrix(url) == _library(url, "M", 2)
