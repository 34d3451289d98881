"""The 22-character grade-certificate number of DOMAIN.md §9."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.certificate_numbers import (
    CertificateNumberError,
    build_certificate_number,
    is_valid_certificate_number,
    level_of,
    parse_certificate_number,
)
from app.domain.grades import Grade

PARTS = dict(kind="Y", body_code="0001", province_code="23", site_serial="000123", year=2026)


def test_build_lays_out_the_seven_parts():
    number = build_certificate_number(**PARTS, grade=Grade.L2, serial=42)
    assert number == "Y" + "0001" + "23" + "000123" + "26" + "2" + "000042"
    assert len(number) == 22


@pytest.mark.parametrize(
    ("grade", "digit"),
    [(Grade.L5, 5), (Grade.L4, 4), (Grade.L3, 3), (Grade.L2, 2), (Grade.L1, 1), ("L3", 3)],
)
def test_level_digit_is_the_national_level(grade, digit):
    assert level_of(grade) == digit
    assert build_certificate_number(**PARTS, grade=grade, serial=1)[15] == str(digit)


@pytest.mark.parametrize("grade", [Grade.APPRENTICE, Grade.SPECIAL, Grade.CHIEF])
def test_grades_off_the_national_scale_get_no_number(grade):
    with pytest.raises(CertificateNumberError) as err:
        build_certificate_number(**PARTS, grade=grade, serial=1)
    assert err.value.code == "certificate_no.level"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "X"}, "kind"),
        ({"kind": "y"}, "kind"),
        ({"body_code": "001"}, "body_code"),
        ({"body_code": "00A1"}, "body_code"),
        ({"province_code": "1"}, "province_code"),
        ({"site_serial": "12345"}, "site_serial"),
        ({"site_serial": "１２３４５６"}, "site_serial"),  # full-width digits are not ASCII
    ],
)
def test_bad_parts_are_named(change, field):
    with pytest.raises(CertificateNumberError) as err:
        build_certificate_number(**{**PARTS, **change}, grade=Grade.L3, serial=1)
    assert err.value.field == field
    assert err.value.message


@pytest.mark.parametrize("serial", [0, -1, 1_000_000])
def test_serial_out_of_range(serial):
    with pytest.raises(CertificateNumberError) as err:
        build_certificate_number(**PARTS, grade=Grade.L3, serial=serial)
    assert err.value.code == "certificate_no.serial"


def test_parse_round_trips():
    parsed = parse_certificate_number("S130113000001263000007")
    assert (parsed.kind, parsed.body_code, parsed.province_code, parsed.site_serial) == (
        "S", "1301", "13", "000001")
    assert (parsed.year, parsed.level, parsed.serial) == (26, 3, 7)
    assert str(parsed) == "S130113000001263000007"
    assert parsed.prefix == "S130113000001263"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("S13011300000126300000", "certificate_no.length"),
        ("S1301130000012630000071", "certificate_no.length"),
        ("Z130113000001263000007", "certificate_no.kind"),
        ("S13011300000126300000A", "certificate_no.certificate_no"),
        ("S130113000001266000007", "certificate_no.level"),
        ("S130113000001260000007", "certificate_no.level"),
        ("S130113000001263000000", "certificate_no.serial"),
    ],
)
def test_parse_rejects_malformed_numbers(value, code):
    with pytest.raises(CertificateNumberError) as err:
        parse_certificate_number(value)
    assert err.value.code == code
    assert not is_valid_certificate_number(value)


@given(
    kind=st.sampled_from(["Y", "S"]),
    body=st.from_regex(r"\A[0-9]{4}\Z"),
    province=st.from_regex(r"\A[0-9]{2}\Z"),
    site=st.from_regex(r"\A[0-9]{6}\Z"),
    year=st.integers(2000, 2099),
    grade=st.sampled_from([Grade.L5, Grade.L4, Grade.L3, Grade.L2, Grade.L1]),
    serial=st.integers(1, 999_999),
)
def test_every_built_number_parses_back(kind, body, province, site, year, grade, serial):
    number = build_certificate_number(kind=kind, body_code=body, province_code=province,
                                      site_serial=site, year=year, grade=grade, serial=serial)
    parsed = parse_certificate_number(number)
    assert str(parsed) == number
    assert (parsed.level, parsed.serial, parsed.year) == (grade.national_level, serial, year % 100)
