"""Region codes (行政区划代码, GB/T 2260) and certificate site serials: shape checks."""

from __future__ import annotations

import re

# Province-level prefixes of GB/T 2260: 北京 11 … 新疆 65, 台湾 71, 香港 81, 澳门 82.
PROVINCE_PREFIXES = frozenset(
    {"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
     "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
     "65", "71", "81", "82"}
)
MUNICIPALITIES = frozenset({"11", "12", "31", "50"})  # 直辖市: 北京, 天津, 上海, 重庆
_SIX_DIGITS = re.compile(r"^[0-9]{6}$")


def region_code_problem(code: str) -> str | None:
    """Return why a 行政区划代码 is malformed ("format", "province"), or None when it is valid.

    Six ASCII digits whose first two name a province-level division; the city part (digits
    3–4) may be 00 only together with the county part (a province's own code, "110000").
    """
    if not _SIX_DIGITS.match(code):
        return "format"
    if code[:2] not in PROVINCE_PREFIXES:
        return "province"
    if code[2:4] == "00" and code[4:] != "00":
        return "format"
    return None


def site_serial_problem(serial: str) -> str | None:
    """Return "format" unless the certificate site serial is six ASCII digits (§9)."""
    return None if _SIX_DIGITS.match(serial) else "format"


def is_municipality(code: str) -> bool:
    """Tell whether a valid region code lies in one of the four 直辖市."""
    return code[:2] in MUNICIPALITIES
