"""居民身份证 numbers: GB 11643-1999 structure and the ISO 7064 MOD 11-2 check digit (§3)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from app.domain.codes import Gender
from app.domain.errors import IdCardError

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"
_SHAPE = re.compile(r"^[0-9]{17}[0-9X]$")
_FIELD = "id_number"


@dataclass(frozen=True, slots=True)
class IdCardInfo:
    """What a valid ID number tells us: the normalised number, region, birth date and gender."""

    number: str
    region_code: str
    birth_date: date
    gender: Gender


def normalise_id_number(raw: str) -> str:
    """Return the number in ASCII (full-width digits folded), without spaces, upper-case X."""
    # Chinese input methods type full-width digits; folded, "１１０…" is the record "110…"
    # and meets its duplicate check. Other scripts' digits stay and fail the shape check.
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", raw or "")).upper()


def check_digit(first17: str) -> str:
    """Return the GB 11643 ISO 7064 MOD 11-2 check character for the first 17 digits (§3)."""
    if len(first17) != 17 or not (first17.isascii() and first17.isdigit()):
        raise IdCardError(
            "idcard.format", "身份证号前17位必须是数字", field=_FIELD, params={"value": first17}
        )
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK_CHARS[total % 11]


def parse_id_number(raw: str, *, today: date | None = None) -> IdCardInfo:
    """Validate an 18-character ID number (§3) and return its birth date and gender.

    Checks, in order: length, characters (17 digits then a digit or X), a real calendar birth
    date (not before 1900, not after ``today`` when given), the MOD 11-2 check digit.
    Raises IdCardError with code idcard.empty / idcard.length / idcard.format /
    idcard.birth_date / idcard.checksum.
    """
    number = normalise_id_number(raw)
    if not number:
        raise IdCardError("idcard.empty", "身份证号不能为空", field=_FIELD)
    if len(number) != 18:
        raise IdCardError(
            "idcard.length",
            f"身份证号应为18位，实际为{len(number)}位",
            field=_FIELD,
            params={"length": len(number)},
        )
    if not _SHAPE.match(number):
        raise IdCardError(
            "idcard.format",
            "身份证号前17位必须是数字，第18位是数字或X",
            field=_FIELD,
            params={"value": number},
        )
    birth = _birth_date(number[6:14])
    if today is not None and birth > today:
        raise IdCardError(
            "idcard.birth_date",
            f"身份证号中的出生日期{birth.isoformat()}晚于今天",
            field=_FIELD,
            params={"birth_date": birth.isoformat()},
        )
    expected = check_digit(number[:17])
    if number[17] != expected:
        raise IdCardError(
            "idcard.checksum",
            f"身份证号第18位校验码错误，应为 {expected}",
            field=_FIELD,
            params={"expected": expected, "actual": number[17]},
        )
    gender = Gender.MALE if int(number[16]) % 2 == 1 else Gender.FEMALE
    return IdCardInfo(number=number, region_code=number[:6], birth_date=birth, gender=gender)


def _birth_date(digits: str) -> date:
    """Return the birth date encoded as YYYYMMDD, or raise idcard.birth_date."""
    try:
        birth = date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        raise IdCardError(
            "idcard.birth_date",
            f"身份证号第7–14位不是有效的出生日期：{digits}",
            field=_FIELD,
            params={"value": digits},
        ) from None
    if birth.year < 1900:
        raise IdCardError(
            "idcard.birth_date",
            f"身份证号中的出生年份{birth.year}不合理",
            field=_FIELD,
            params={"value": digits},
        )
    return birth


def is_valid_id_number(raw: str) -> bool:
    """Return whether the number passes every check of parse_id_number."""
    try:
        parse_id_number(raw)
    except IdCardError:
        return False
    return True
