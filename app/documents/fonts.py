"""Find, register and name the CJK fonts every PDF in app/documents/ uses.

Chinese text needs a font that covers CJK. A TrueType font found on the machine is embedded
(subset) so any viewer shows the glyphs; without one we fall back to reportlab's built-in CID
font ``STSong-Light``, which needs no file but is not embedded (viewers lacking a CJK font show
boxes). Registration happens once per process and never raises.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont

FontStyle = Literal["serif", "sans"]

FALLBACK_FONT = "STSong-Light"

# Families tried per style, best first. Ming/Song (serif) is the body face of official
# documents, Hei (sans) the heading face; each style falls back to the other.
_FAMILIES: dict[FontStyle, tuple[str, ...]] = {
    "serif": ("AR PL UMing CN", "AR PL SungtiL GB", "WenQuanYi Zen Hei"),
    "sans": ("WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "AR PL UMing CN"),
}
# Debian paths used when fontconfig itself is missing.
_KNOWN_FILES: dict[str, tuple[str, int]] = {
    "AR PL UMing CN": ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    "WenQuanYi Zen Hei": ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    "WenQuanYi Micro Hei": ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
}
_FC_TIMEOUT_S = 5

_lock = threading.Lock()
_registered: dict[FontStyle, str] = {}


@dataclass(frozen=True)
class FontFile:
    """A font file and the index of the face inside it (non-zero only in .ttc collections)."""

    path: str
    index: int = 0


def find_font_file(family: str) -> FontFile | None:
    """Return the TrueType file of ``family``, or None when it is not installed or not loadable."""
    found = _fc_match(family)
    if found is None and family in _KNOWN_FILES:
        path, index = _KNOWN_FILES[family]
        found = FontFile(path, index) if Path(path).is_file() else None
    # reportlab's TTFont reads TrueType outlines only; OpenType/CFF (.otf) cannot be loaded.
    if found is None or Path(found.path).suffix.lower() not in {".ttf", ".ttc"}:
        return None
    return found


def _fc_match(family: str) -> FontFile | None:
    """Ask fontconfig for ``family``; fc-match always answers, so check the family it chose."""
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return None
    try:
        out = subprocess.run(
            [fc_match, "-f", "%{file}\n%{index}\n%{family}", family],
            capture_output=True,
            text=True,
            timeout=_FC_TIMEOUT_S,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    parts = out.split("\n")
    if len(parts) < 3 or not parts[0]:
        return None
    families = {name.strip().casefold() for name in parts[2].split(",")}
    if family.casefold() not in families:
        return None
    index = int(parts[1]) if parts[1].strip().isdigit() else 0
    return FontFile(parts[0], index)


def _register_file(name: str, font: FontFile) -> bool:
    """Register ``font`` under ``name``; return False when reportlab cannot load it."""
    try:
        ttf = TTFont(name, font.path, subfontIndex=font.index)
    except Exception:  # TTFError, OSError, struct errors: any means "unusable"
        return False
    _keep_tables(ttf.face)
    pdfmetrics.registerFont(ttf)
    return True


def _keep_tables(face: object) -> None:
    """Copy each of the font's tables out of the file once, not once per PDF.

    Every PDF embeds a subset of the font, and reportlab's ``makeSubset`` slices the tables it
    copies out of the whole file again each time: for a CJK font the glyph table alone is
    megabytes, ≈15 % of a certificate's CPU. The tables never change, so the slices are kept.
    """
    read = face.get_table  # type: ignore[attr-defined]
    kept: dict[str, bytes] = {}

    def get_table(tag: str) -> bytes:
        table = kept.get(tag)
        if table is None:
            table = kept[tag] = read(tag)
        return table

    face.get_table = get_table  # type: ignore[attr-defined]


def cjk_font(style: FontStyle = "serif") -> str:
    """Return the registered name of a CJK font for ``style``, registering it on first use."""
    with _lock:
        if style in _registered:
            return _registered[style]
        name = _resolve(style)
        _registered[style] = name
        return name


def _resolve(style: FontStyle) -> str:
    """Register the first usable family for ``style``, else the built-in CID font."""
    for family in _FAMILIES[style]:
        alias = "Jx-" + family.replace(" ", "")
        if alias in pdfmetrics.getRegisteredFontNames():
            return alias
        font = find_font_file(family)
        if font is not None and _register_file(alias, font):
            return alias
    if FALLBACK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK_FONT))
    return FALLBACK_FONT


def is_embedded(font_name: str) -> bool:
    """Tell whether ``font_name`` is embedded in PDFs (False for the CID fallback)."""
    return font_name != FALLBACK_FONT
