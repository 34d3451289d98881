"""The one bounded number parser: plain decimal notation within a field's digits (issue #11.1)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from app.domain.errors import ScoreError
from app.domain.numbers import (
    GENERAL,
    MARK,
    PENALTY,
    WEIGHT,
    NumberError,
    NumberSpec,
    is_bounded,
    parse_decimal,
    parse_int,
)
from app.domain.scheme import Aggregation, Aspect, AspectKind, MarkingScheme
from app.domain.scoring import panel_mark, score_aspect


@pytest.mark.parametrize(("raw", "spec", "expected"), [
    ("82.5", MARK, Decimal("82.5")),
    ("82.50", MARK, Decimal("82.5")),  # trailing zeros are not places
    (" 3 ", MARK, Decimal("3")),
    ("\t100\r\n", MARK, Decimal("100")),
    ("007", MARK, Decimal("7")),  # leading zeros are not digits
    (".5", MARK, Decimal("0.5")),
    ("5.", MARK, Decimal("5")),
    ("0.1234", MARK, Decimal("0.1234")),
    ("-0", MARK, Decimal("0")),
    ("-2.5", NumberSpec(3, 2, signed=True), Decimal("-2.5")),
    ("0.125", WEIGHT, Decimal("0.125")),
    ("99.99", PENALTY, Decimal("99.99")),
    ("123456.1234", GENERAL, Decimal("123456.1234")),
    (2, MARK, Decimal("2")),
    (0.1, MARK, Decimal("0.1")),
    (82.5, MARK, Decimal("82.5")),
    (Decimal("12.3400"), MARK, Decimal("12.34")),
])
def test_plain_decimals_within_the_digits_are_read(raw, spec, expected):
    value = parse_decimal(raw, spec, field="value")
    assert value == expected and str(value) == str(expected)


@pytest.mark.parametrize(("raw", "spec", "code"), [
    ("1E-999999999", MARK, "number.invalid"),
    ("1e2", MARK, "number.invalid"),
    ("NaN", MARK, "number.invalid"),
    ("Infinity", MARK, "number.invalid"),
    ("-inf", MARK, "number.invalid"),
    ("１２", MARK, "number.invalid"),  # full-width digits
    ("٣", MARK, "number.invalid"),  # Arabic-Indic three
    ("三", MARK, "number.invalid"),
    ("1_000", GENERAL, "number.invalid"),
    ("1,000", GENERAL, "number.invalid"),
    ("+5", MARK, "number.invalid"),
    ("5 5", MARK, "number.invalid"),
    ("", MARK, "number.invalid"),
    (".", MARK, "number.invalid"),
    ("1.2.3", MARK, "number.invalid"),
    ("0x10", MARK, "number.invalid"),
    ("\u00a03", MARK, "number.invalid"),  # a no-break space is not a blank we strip
    ("1234", MARK, "number.integer_digits"),
    ("0.12345", MARK, "number.places"),
    ("0.125", PENALTY, "number.places"),
    ("12", WEIGHT, "number.integer_digits"),
    ("-1", MARK, "number.negative"),
    ("1" * 33, GENERAL, "number.too_long"),
    ("0" * 40 + "1", GENERAL, "number.too_long"),
    (10**4000, MARK, "number.integer_digits"),
    (1e-300, MARK, "number.invalid"),
    (1e16, GENERAL, "number.invalid"),
    (float("nan"), MARK, "number.invalid"),
    (Decimal("1E-999999999"), MARK, "number.too_long"),
    (Decimal("Infinity"), MARK, "number.invalid"),
    (True, MARK, "number.invalid"),
    (None, MARK, "number.invalid"),
    ([1], MARK, "number.invalid"),
    ({"v": 1}, MARK, "number.invalid"),
])
def test_anything_else_is_refused_with_a_code_naming_the_field(raw, spec, code):
    with pytest.raises(NumberError) as refused:
        parse_decimal(raw, spec, field="value")
    assert refused.value.code == code
    assert refused.value.field == "value" and refused.value.params["field"] == "value"


@pytest.mark.parametrize(("raw", "expected"), [("12", 12), (" 7 ", 7), (-3, -3),
                                               (2**31 - 1, 2**31 - 1)])
def test_whole_numbers_within_the_id_columns_are_read(raw, expected):
    assert parse_int(raw, field="id") == expected


@pytest.mark.parametrize(("raw", "code"), [
    (2**31, "number.int_range"), (-(2**31) - 1, "number.int_range"),
    ("1.5", "number.not_integer"), ("1e3", "number.not_integer"), (True, "number.not_integer"),
    (1.0, "number.not_integer"), ("9" * 40, "number.not_integer"), ("１", "number.not_integer"),
])
def test_other_whole_numbers_are_refused(raw, code):
    with pytest.raises(NumberError) as refused:
        parse_int(raw, field="id")
    assert refused.value.code == code


_HOSTILE_PIECES = st.sampled_from([
    "1", "0", "9", ".", "-", "+", "e", "E", "e-", "E+", "999999999", "_", "１", "٣", "NaN",
    "Infinity", "inf", " ", "\t", "\u3000", "0" * 20, "x",
])
HOSTILE = st.one_of(
    st.text(max_size=60),
    st.lists(_HOSTILE_PIECES, max_size=12).map("".join),
    st.builds(lambda m, e: f"{m}E{e}", st.decimals(allow_nan=False, allow_infinity=False),
              st.integers(-(10**12), 10**12)),
    st.decimals(),
    st.floats(),
    st.integers(-(10**5000), 10**5000),
)


@settings(max_examples=400, deadline=timedelta(milliseconds=250))
@given(raw=HOSTILE, spec=st.sampled_from([MARK, PENALTY, WEIGHT, GENERAL]))
@example(raw="1E-999999999", spec=MARK)
@example(raw=Decimal("1E-999999999"), spec=MARK)
@example(raw="9" * 100_000, spec=GENERAL)
def test_any_input_is_refused_or_a_bounded_decimal(raw, spec):
    try:
        value = parse_decimal(raw, spec, field="value")
    except NumberError as refused:
        assert refused.code.startswith("number.")
        return
    assert is_bounded(value, spec)
    sign, digits, exponent = value.as_tuple()
    assert len(digits) <= spec.int_digits + spec.places and exponent >= -spec.places


@pytest.mark.parametrize("value", [Decimal("1E-999999999"), Decimal("1E-50"),
                                   Decimal("0.000000001")])
def test_the_scoring_rules_refuse_an_unbounded_mark_before_any_fraction(value):
    """The original freeze: an in-range mark with a huge exponent must not become a Fraction."""
    aspect = Aspect(code="B1.1", criterion="B", kind=AspectKind.PANEL, max_mark=Decimal(30),
                    aggregation=Aggregation.MEAN)
    with pytest.raises(ScoreError) as refused:
        score_aspect(aspect, (value,), MarkingScheme((aspect,)))
    assert refused.value.code == "score.bad_value"
    with pytest.raises(ScoreError):
        panel_mark(Decimal(30), (Decimal(10), value, Decimal(12)), Aggregation.MEAN)


@pytest.mark.parametrize(("value", "spec", "bounded"), [
    (Decimal("82.5"), MARK, True), (Decimal("100"), MARK, True), (Decimal("100.0000"), MARK, True),
    (Decimal("0"), MARK, True), (Decimal("1000"), MARK, False), (Decimal("0.00001"), MARK, False),
    (Decimal("1E-999999999"), MARK, False), (Decimal("0E-999999999"), MARK, False),
    (Decimal("1E+999999999"), MARK, False), (Decimal("NaN"), MARK, False),
    (Decimal("1E+2"), MARK, True), (Decimal("1" * 40), GENERAL, False),
])
def test_is_bounded_looks_at_the_digits_as_stored(value, spec, bounded):
    assert is_bounded(value, spec) is bounded
