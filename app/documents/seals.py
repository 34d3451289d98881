"""Check an uploaded seal image: a real PNG, bounded in bytes and pixels, with transparency.

An accepted image is re-encoded from its decoded pixels, so metadata chunks or bytes appended
after the image end never reach the database, a certificate or a browser.

Bytes in, facts out; the header is read before any pixel is decoded, so an image that claims
enormous dimensions (a decompression bomb) is refused without allocating it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from flask_babel import gettext as _
from PIL import Image, UnidentifiedImageError

from app.errors import ServiceError

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_BYTES = 512 * 1024
MIN_SIDE = 64
MAX_SIDE = 2000


@dataclass(frozen=True, slots=True)
class SealImage:
    """An accepted seal: its size and the image re-encoded from its pixels alone."""

    width: int
    height: int
    png: bytes


class SealImageError(ServiceError):
    """The upload is not an acceptable seal: code ``seal.<reason>`` on the ``image`` field."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"seal.{reason}", None, field="image")
        self.reason = reason

    @property
    def message(self) -> str:
        """Return the reason in the current user's language."""
        messages = {
            "too_large": lambda: _("The seal image is larger than %(kb)d KB.",
                                   kb=MAX_BYTES // 1024),
            "not_png": lambda: _("The seal image must be a PNG file."),
            "dimensions": lambda: _("The seal image must be between %(low)d and %(high)d "
                                    "pixels on each side.", low=MIN_SIDE, high=MAX_SIDE),
            "no_transparency": lambda: _("The seal image must have a transparent background."),
        }
        return messages.get(self.reason, messages["not_png"])()


def inspect_seal(data: bytes) -> SealImage:
    """Return the size of a valid seal PNG, or raise SealImageError with the reason."""
    if len(data) > MAX_BYTES:
        raise SealImageError("too_large")
    if not data.startswith(PNG_SIGNATURE):
        raise SealImageError("not_png")
    try:
        with Image.open(io.BytesIO(data), formats=["PNG"]) as image:
            width, height = image.size
            if not (MIN_SIDE <= width <= MAX_SIDE and MIN_SIDE <= height <= MAX_SIDE):
                raise SealImageError("dimensions")
            transparent = "A" in image.getbands() or "transparency" in image.info
            image.load()  # decodes every pixel: a truncated or corrupt file fails here
            clean = _reencode(image)
    except SealImageError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise SealImageError("not_png") from None
    if not transparent:
        raise SealImageError("no_transparency")
    return SealImage(width, height, clean)


def _reencode(image: Image.Image) -> bytes:
    """Write the pixels (and transparency) alone: text chunks and trailing bytes are dropped."""
    if image.mode not in ("RGBA", "LA", "P", "RGB", "L"):
        image = image.convert("RGBA")
    options = {"transparency": image.info["transparency"]} if "transparency" in image.info else {}
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", **options)
    return buffer.getvalue()
