"""Check an uploaded seal image: a real PNG, bounded in bytes and pixels, with transparency.

Bytes in, facts out; the header is read before any pixel is decoded, so an image that claims
enormous dimensions (a decompression bomb) is refused without allocating it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_BYTES = 512 * 1024
MIN_SIDE = 64
MAX_SIDE = 2000


@dataclass(frozen=True, slots=True)
class SealImage:
    """What the checks learnt about an accepted seal image."""

    width: int
    height: int


class SealImageError(ValueError):
    """The upload is not an acceptable seal; `reason` is a stable code."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


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
    except SealImageError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise SealImageError("not_png") from None
    if not transparent:
        raise SealImageError("no_transparency")
    return SealImage(width, height)
