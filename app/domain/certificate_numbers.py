"""The national 职业技能等级证书 number: 1 letter + 21 digits (DOMAIN.md §9).

Layout, left to right (22 characters):

=====  ======  ==========================================================
chars  length  meaning
=====  ======  ==========================================================
1      1       assessing body kind: ``Y`` employer (用人单位), ``S`` social assessor
2–5    4       assessing body code (评价机构代码, assigned by 人社部; 0000 if provincial)
6–7    2       province code of the body or site (省级代码)
8–13   6       body / site serial (评价机构（站点）序列码)
14–15  2       year of issue, last two digits
16     1       skill level, national numbering 1 (一级/高级技师) … 5 (五级/初级工)
17–22  6       certificate serial within the above (证书序列码), from 000001
=====  ======  ==========================================================
"""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.errors import DomainError
from app.domain.grades import Grade, parse_grade

LENGTH = 22
KINDS = ("Y", "S")
MAX_SERIAL = 999_999


class CertificateNumberError(DomainError):
    """A certificate number, or one of its parts, that breaks the §9 format."""


@dataclass(frozen=True, slots=True)
class CertificateNumber:
    """The seven parts of a grade-certificate number."""

    kind: str
    body_code: str
    province_code: str
    site_serial: str
    year: int  # two digits, 0–99
    level: int  # 1–5
    serial: int  # 1–999999

    @property
    def prefix(self) -> str:
        """Return the first 16 characters: everything but the certificate serial."""
        return (
            f"{self.kind}{self.body_code}{self.province_code}{self.site_serial}"
            f"{self.year:02d}{self.level}"
        )

    def __str__(self) -> str:
        return f"{self.prefix}{self.serial:06d}"


def _digits(value: str, length: int, field: str, label: str) -> str:
    """Return `value` when it is exactly `length` ASCII digits, else raise."""
    if len(value) != length or not (value.isascii() and value.isdigit()):
        raise CertificateNumberError(
            f"certificate_no.{field}",
            f"{label}应为{length}位数字（收到“{value}”）",
            field=field,
            params={"value": value, "length": length},
        )
    return value


def _kind(value: str) -> str:
    if value not in KINDS:
        raise CertificateNumberError(
            "certificate_no.kind",
            f"评价机构类别应为 Y（用人单位）或 S（社会培训评价组织）（收到“{value}”）",
            field="kind",
            params={"value": value},
        )
    return value


def level_of(grade: Grade | str) -> int:
    """Return the national level digit 1–5 of a grade; raise for grades off that scale."""
    parsed = parse_grade(grade)
    if parsed.national_level is None:
        raise CertificateNumberError(
            "certificate_no.level",
            f"{parsed.zh}没有对应的职业技能等级（一级至五级），不能发证",
            field="level",
            params={"grade": parsed.value},
        )
    return parsed.national_level


def build_certificate_number(
    *,
    kind: str,
    body_code: str,
    province_code: str,
    site_serial: str,
    year: int,
    grade: Grade | str,
    serial: int,
) -> str:
    """Return the 22-character number; every part is checked and a bad one named."""
    if not 1 <= serial <= MAX_SERIAL:
        raise CertificateNumberError(
            "certificate_no.serial",
            f"证书序列码应在 1 到 {MAX_SERIAL} 之间（收到 {serial}）",
            field="serial",
            params={"value": serial},
        )
    if year < 0:
        raise CertificateNumberError(
            "certificate_no.year", f"年份无效（收到 {year}）", field="year", params={"value": year}
        )
    number = CertificateNumber(
        kind=_kind(kind),
        body_code=_digits(body_code, 4, "body_code", "评价机构代码"),
        province_code=_digits(province_code, 2, "province_code", "省级代码"),
        site_serial=_digits(site_serial, 6, "site_serial", "评价机构（站点）序列码"),
        year=year % 100,
        level=level_of(grade),
        serial=serial,
    )
    return str(number)


def parse_certificate_number(value: str) -> CertificateNumber:
    """Split a 22-character number into its parts, or raise naming what is wrong."""
    text = value.strip().upper()
    if len(text) != LENGTH:
        raise CertificateNumberError(
            "certificate_no.length",
            f"证书编号应为{LENGTH}位（收到{len(text)}位）",
            field="certificate_no",
            params={"length": len(text)},
        )
    kind = _kind(text[0])
    rest = _digits(text[1:], LENGTH - 1, "certificate_no", "证书编号第2至22位")
    level = int(rest[14])
    if not 1 <= level <= 5:
        raise CertificateNumberError(
            "certificate_no.level",
            f"职业技能等级代码应为 1 至 5（收到 {level}）",
            field="level",
            params={"value": level},
        )
    serial = int(rest[15:])
    if serial == 0:
        raise CertificateNumberError(
            "certificate_no.serial", "证书序列码不能为 000000", field="serial", params={"value": 0}
        )
    return CertificateNumber(
        kind=kind,
        body_code=rest[0:4],
        province_code=rest[4:6],
        site_serial=rest[6:12],
        year=int(rest[12:14]),
        level=level,
        serial=serial,
    )


def is_valid_certificate_number(value: str) -> bool:
    """Tell whether `value` is a well-formed 22-character number."""
    try:
        parse_certificate_number(value)
    except CertificateNumberError:
        return False
    return True
