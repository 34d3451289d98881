"""The one bounded number parser: every number that enters the system goes through it.

A mark written as ``1E-999999999`` is in range, yet turning it into an exact Fraction builds a
denominator of a billion digits and froze the server inside the write transaction (issue #11,
finding 1). So numbers are accepted only in plain decimal notation: ASCII digits, at most one
point, an optional leading minus where the field allows it; no exponent, NaN, Infinity,
full-width or other non-Arabic digits, underscores, thousands separators or leading plus. Each
field states how many integer digits and decimal places it takes (a NumberSpec); anything
longer is refused before any arithmetic, so every Decimal that leaves here is small.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from app.domain.errors import DomainError

# Longest text looked at: a longer one is refused before the pattern runs.
MAX_TEXT = 32
# What a "plain decimal" is: digits, an optional point with digits (either side may be empty,
# not both). [0-9] rather than \d, which also matches full-width and other scripts' digits.
_PLAIN = re.compile(r"(-?)([0-9]*)(?:\.([0-9]*))?")
# Surrounding blanks a spreadsheet or a form leaves; anything else is part of the number.
_BLANKS = " \t\r\n"


class NumberError(DomainError):
    """A number that is not plain decimal notation or exceeds its field's digits."""


@dataclass(frozen=True, slots=True)
class NumberSpec:
    """How a field's numbers may be written: digits before and after the point, sign."""

    int_digits: int
    places: int
    signed: bool = False

    def describe(self) -> dict[str, int]:
        """Return the limits as message params."""
        return {"digits": self.int_digits, "places": self.places}


# Marks, theory scores, pass marks: 0–100 with up to 4 places (J aspects are whole 0–3).
MARK = NumberSpec(3, 4)
# Penalty points: 0–100, 2 places (they are deducted from a 2-dp component score).
PENALTY = NumberSpec(3, 2)
# Weights and prize shares: 0–1, 4 places (0.3, 0.7, 0.125 …).
WEIGHT = NumberSpec(1, 4)
# Anything else numeric (counts, descriptors, limits): 6 integer digits, 4 places.
GENERAL = NumberSpec(6, 4)
# Row ids and counts stored in 32-bit INTEGER columns.
ID_MAX = 2**31 - 1
ID_MIN = -(2**31)


def _refuse(code: str, message: str, field: str | None, raw: Any, **params: Any) -> NumberError:
    shown = raw if isinstance(raw, str) and len(raw) <= MAX_TEXT else None
    return NumberError(code, message, field=field,
                       params={"field": field or "", "value": shown, **params})


def _as_text(raw: Any, spec: NumberSpec, field: str | None) -> str:
    """Return the input as text to parse, refusing types and sizes that are not numbers."""
    if isinstance(raw, bool) or raw is None:
        raise _refuse("number.invalid", "不是数字", field, raw)
    if isinstance(raw, int):
        # Compare before str(): a 4,000-digit int would be slow to print.
        if abs(raw) >= 10**spec.int_digits:
            raise _refuse("number.integer_digits", f"整数部分最多{spec.int_digits}位",
                          field, raw, **spec.describe())
        return str(raw)
    if isinstance(raw, float):
        # repr is the shortest exact spelling; an exponent in it (1e-300, 1e+16) is refused.
        return repr(raw)
    if isinstance(raw, Decimal):
        if not raw.is_finite():
            raise _refuse("number.invalid", "不是数字", field, raw)
        sign, digits, exponent = raw.as_tuple()
        assert isinstance(exponent, int)
        if len(digits) > MAX_TEXT or not -MAX_TEXT <= exponent <= MAX_TEXT:
            raise _refuse("number.too_long", f"数字最多{MAX_TEXT}个字符", field, raw,
                          length=MAX_TEXT)
        return format(raw, "f")
    if isinstance(raw, str):
        return raw
    raise _refuse("number.invalid", "不是数字", field, raw)


def parse_decimal(raw: Any, spec: NumberSpec = GENERAL, *, field: str | None = None) -> Decimal:
    """Parse a number in plain decimal notation within spec's digits, or raise NumberError.

    Accepts int, float (by its shortest spelling), finite Decimal and text. Trailing zeros
    after the point do not count against the places (82.50 is 82.5); leading zeros do not
    count against the integer digits. The result carries at most spec.places places.
    """
    text = _as_text(raw, spec, field)
    if len(text) > MAX_TEXT:
        raise _refuse("number.too_long", f"数字最多{MAX_TEXT}个字符", field, raw,
                      length=MAX_TEXT)
    text = text.strip(_BLANKS)
    match = _PLAIN.fullmatch(text)
    if match is None or not (match.group(2) or match.group(3)):
        raise _refuse("number.invalid", "须为普通小数写法（0–9 和小数点）", field, raw)
    minus, whole, fraction = match.group(1), match.group(2), (match.group(3) or "")
    whole = whole.lstrip("0")
    fraction = fraction.rstrip("0")
    if len(whole) > spec.int_digits:
        raise _refuse("number.integer_digits", f"整数部分最多{spec.int_digits}位",
                      field, raw, **spec.describe())
    if len(fraction) > spec.places:
        raise _refuse("number.places", f"最多{spec.places}位小数", field, raw,
                      **spec.describe())
    value = Decimal(f"{whole or '0'}.{fraction}" if fraction else (whole or "0"))
    if minus and value:
        if not spec.signed:
            raise _refuse("number.negative", "不能为负数", field, raw)
        value = -value
    return value


def parse_int(raw: Any, *, field: str | None = None, low: int = ID_MIN,
              high: int = ID_MAX) -> int:
    """Parse a whole number (int or digits, optional minus) within low..high, or refuse."""
    if isinstance(raw, bool) or not isinstance(raw, int | str):
        raise _refuse("number.not_integer", "须为整数", field, raw)
    if isinstance(raw, str):
        text = raw.strip(_BLANKS)
        if len(text) > MAX_TEXT or re.fullmatch(r"-?[0-9]+", text) is None:
            raise _refuse("number.not_integer", "须为整数", field, raw)
        raw = int(text)
    if not low <= raw <= high:
        raise _refuse("number.int_range", f"须在{low}到{high}之间", field, raw,
                      min=low, max=high)
    return raw


def is_bounded(value: Decimal, spec: NumberSpec = GENERAL) -> bool:
    """Tell whether a Decimal fits spec's digits (cheap: exponent and length only).

    Looks at the stored digits and exponent, not normalize(), which rounds under the context
    (1E-999999999 normalises to 0 and would pass).
    """
    if not value.is_finite():
        return False
    _sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    if len(digits) > MAX_TEXT:
        return False
    significant = len(digits)
    while significant > 1 and digits[significant - 1] == 0:  # trailing zeros are not places
        significant -= 1
        exponent += 1
    if significant == 1 and digits[0] == 0:
        return -MAX_TEXT <= exponent <= MAX_TEXT
    return -spec.places <= exponent and exponent + significant <= spec.int_digits
