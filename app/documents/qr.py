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


# ---------------------------------------------------------------------------------------------
# The same QR matrix as ``qrcode.QRCode.make(fit=True)``, encoded several times faster.
# ---------------------------------------------------------------------------------------------


class _Bits:
    """qrcode's BitBuffer on one integer (the library's ``put`` goes bit by bit in Python)."""

    __slots__ = ("length", "value")

    def __init__(self) -> None:
        self.value = 0
        self.length = 0

    def put(self, num: int, length: int) -> None:
        self.value = (self.value << length) | (num & ((1 << length) - 1))
        self.length += length

    def put_bit(self, bit: bool) -> None:
        self.put(1 if bit else 0, 1)

    def __len__(self) -> int:
        return self.length


def _fit_version(code: qrcode.QRCode, start: int = 1) -> int:
    """Return the smallest version that holds the data: the library's ``best_fit``."""
    from bisect import bisect_left

    from qrcode import exceptions, util

    mode_sizes = util.mode_sizes_for_version(start)
    bits = _Bits()
    for data in code.data_list:
        bits.put(data.mode, 4)
        bits.put(len(data), mode_sizes[data.mode])
        data.write(bits)
    version = bisect_left(util.BIT_LIMIT_TABLE[code.error_correction], len(bits), start)
    if version == 41:
        raise exceptions.DataOverflowError()
    if mode_sizes is not util.mode_sizes_for_version(version):
        return _fit_version(code, version)
    return version


def _codewords(version: int, error_correction: int, data_list: list) -> list[int]:
    """Return data and error-correction codewords, interleaved: the library's create_data."""
    from qrcode import LUT, base, exceptions, util

    bits = _Bits()
    for data in data_list:
        bits.put(data.mode, 4)
        bits.put(len(data), util.length_in_bits(data.mode, version))
        data.write(bits)
    blocks = base.rs_blocks(version, error_correction)
    limit = sum(block.data_count * 8 for block in blocks)
    if len(bits) > limit:
        raise exceptions.DataOverflowError(
            f"Code length overflow. Data size ({len(bits)}) > size available ({limit})")
    bits.put(0, min(limit - len(bits), 4))  # terminator
    if len(bits) % 8:
        bits.put(0, 8 - len(bits) % 8)
    for i in range((limit - len(bits)) // 8):
        bits.put(util.PAD1 if i % 2 else util.PAD0, 8)
    stream = bits.value.to_bytes(len(bits) // 8, "big")
    exp, log = base.EXP_TABLE, base.LOG_TABLE
    dcdata, ecdata = [], []
    offset = 0
    for block in blocks:
        dc = list(stream[offset: offset + block.data_count])
        offset += block.data_count
        ec_count = block.total_count - block.data_count
        generator = LUT.rsPoly_LUT.get(ec_count)
        if generator is None:
            poly = base.Polynomial([1], 0)
            for i in range(ec_count):
                poly = poly * base.Polynomial([1, base.gexp(i)], 0)
            generator = poly.num
        logs = [log[g] for g in generator[1:]]
        # Polynomial division by the monic generator (a linear feedback shift register).
        remainder = [0] * ec_count
        for byte in dc:
            factor = byte ^ remainder[0]
            del remainder[0]
            remainder.append(0)
            if factor:
                lf = log[factor]
                for k, lg in enumerate(logs):
                    remainder[k] ^= exp[(lg + lf) % 255]
        dcdata.append(dc)
        ecdata.append(remainder)
    out = []
    for i in range(max(len(d) for d in dcdata)):
        out.extend(d[i] for d in dcdata if i < len(d))
    for i in range(max(len(e) for e in ecdata)):
        out.extend(e[i] for e in ecdata if i < len(e))
    return out


def qr_matrix(data: str, *, error_correction: ErrorCorrection = "M",
              mask_pattern: int = 2) -> list[list[bool]]:
    """Return the module matrix (no border) ``qrcode`` makes for ``data`` with this mask.

    The same matrix as ``QRCode(..., border=0, mask_pattern=…).make(fit=True)`` — the version
    search and the codewords (bits, Reed–Solomon) are computed here without the library's
    bit-by-bit buffer and polynomial objects (tests/documents/test_qr_fast.py compares them).
    """
    code = qrcode.QRCode(error_correction=_LEVELS[error_correction], border=0,
                         mask_pattern=mask_pattern)
    code.add_data(data)
    code.version = _fit_version(code)
    code.data_cache = _codewords(code.version, code.error_correction, code.data_list)
    code.makeImpl(False, mask_pattern)
    return code.get_matrix()
