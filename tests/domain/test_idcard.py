"""居民身份证 numbers (§3)."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from app.domain.codes import Gender
from app.domain.errors import IdCardError
from app.domain.idcard import check_digit, is_valid_id_number, parse_id_number


@pytest.mark.parametrize(
    ("number", "birth", "gender"),
    [
        ("11010519491231002X", date(1949, 12, 31), Gender.FEMALE),
        ("11010519491231002x", date(1949, 12, 31), Gender.FEMALE),  # lower-case x accepted
        (" 440308 2000 0101 0012 ", date(2000, 1, 1), Gender.MALE),  # spaces ignored
        ("110101200002290018", date(2000, 2, 29), Gender.MALE),  # a real leap day
        ("320102199003071239", date(1990, 3, 7), Gender.MALE),
        ("110101198001015559", date(1980, 1, 1), Gender.MALE),
        # Full-width digits and Ｘ, as Chinese input methods type them, fold to ASCII.
        ("１１０１０５１９４９１２３１００２Ｘ", date(1949, 12, 31), Gender.FEMALE),
    ],
)
def test_valid_numbers(number: str, birth: date, gender: Gender) -> None:
    info = parse_id_number(number)
    assert info.birth_date == birth
    assert info.gender is gender
    assert info.number == unicodedata.normalize("NFKC", number).replace(" ", "").upper()
    assert info.number.isascii()
    assert info.region_code == info.number[:6]
    assert is_valid_id_number(number)


@pytest.mark.parametrize(
    ("number", "code", "fragment"),
    [
        ("", "idcard.empty", "不能为空"),
        ("11010519491231002", "idcard.length", "18位，实际为17位"),
        ("11010519491231002XX", "idcard.length", "实际为19位"),
        ("1101051949123100X2", "idcard.format", "第18位"),
        ("11010519A91231002X", "idcard.format", "前17位"),
        # Other scripts' digits are digits to Python's \\d and int(), but not in an ID number.
        ("١١٠١٠٥١٩٤٩١٢٣١٠٠٢X", "idcard.format", "前17位"),
        ("110101190002290012", "idcard.birth_date", "19000229"),  # 1900 was not a leap year
        ("110101199013010012", "idcard.birth_date", "19901301"),
        ("110101189912310012", "idcard.birth_date", "1899"),
        ("110105194912310021", "idcard.checksum", "应为 X"),
        ("440308200001010013", "idcard.checksum", "应为 2"),
    ],
)
def test_invalid_numbers(number: str, code: str, fragment: str) -> None:
    with pytest.raises(IdCardError) as exc:
        parse_id_number(number)
    assert exc.value.code == code
    assert exc.value.field == "id_number"
    assert fragment in exc.value.message
    assert not is_valid_id_number(number)


def test_checksum_error_names_expected_digit() -> None:
    with pytest.raises(IdCardError) as exc:
        parse_id_number("110105194912310021")
    assert exc.value.message == "身份证号第18位校验码错误，应为 X"
    assert exc.value.params == {"expected": "X", "actual": "1"}


def test_birth_date_in_future_with_today() -> None:
    number = "110101203001010014"  # check digit worked by hand: 63 mod 11 = 8 -> "4"
    assert parse_id_number(number).birth_date == date(2030, 1, 1)
    with pytest.raises(IdCardError) as exc:
        parse_id_number(number, today=date(2025, 1, 1))
    assert exc.value.code == "idcard.birth_date"


def test_check_digit_rejects_bad_body() -> None:
    with pytest.raises(IdCardError):
        check_digit("12345")
