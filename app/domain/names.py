"""Person names: one normal form, and the characters a name may never hold.

Names are shown to judges, printed on certificates and compared on import, so a name that
looks the same must be stored the same: NFC, zero-width characters removed, runs of white
space (including the ideographic space) collapsed to one space. Control characters and
bidirectional overrides (U+202A–U+202E, U+2066–U+2069) can make a name display as another
one ("Trojan source"), so they are refused rather than silently dropped.
"""

from __future__ import annotations

import unicodedata

from app.domain.errors import DomainError

# Invisible joiners and marks that change no glyph: dropped (the name reads the same).
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e")
# Explicit embeddings, overrides and isolates, and the implicit marks.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
                          "\u200e\u200f\u061c")


class PersonNameError(DomainError):
    """A name holding a control or bidirectional-override character."""


def normalise_name(raw: str, *, field: str = "name") -> str:
    """Return the name in NFC without zero-width characters and with single spaces.

    Refuse (PersonNameError, code person.name_invalid_characters) control, format-override and
    private-use characters: they change how the name displays without being seen.
    """
    text = unicodedata.normalize("NFC", raw or "")
    kept: list[str] = []
    for char in text:
        if char in ZERO_WIDTH:
            continue
        if char.isspace():
            kept.append(" ")
            continue
        category = unicodedata.category(char)
        if char in BIDI_CONTROLS or category in {"Cc", "Cf", "Co", "Cs", "Cn"}:
            raise PersonNameError(
                "person.name_invalid_characters",
                f"姓名含有不可见的控制字符（U+{ord(char):04X}）",
                field=field,
                params={"codepoint": f"U+{ord(char):04X}"},
            )
        kept.append(char)
    return " ".join("".join(kept).split())
