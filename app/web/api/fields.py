"""Bounded number fields for every API schema: the one parser, a clear error naming the field.

They replace marshmallow's Integer and Decimal (and the old process-wide patch of Integer):
Integer accepted any size and Decimal any spelling, so ``1E-999999999`` reached the scoring
rules and an id beyond the 32-bit INTEGER columns reached the query. A test walks every API
schema and fails on a plain Integer, Float, Decimal or Number field.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from marshmallow import ValidationError, fields

from app.domain.numbers import (
    GENERAL,
    ID_MAX,
    ID_MIN,
    NumberError,
    NumberSpec,
    parse_decimal,
    parse_int,
)
from app.services.common.numbers import number_message
from app.web.api import messages  # translatable defaults before any field exists


class BoundedInteger(fields.Integer):
    """A whole number within low..high (default: what a 32-bit INTEGER column holds)."""

    default_error_messages = {"range": messages.RANGE_MESSAGES[4]}  # "… {min} … {max}."

    def __init__(self, *, low: int = ID_MIN, high: int = ID_MAX, **kwargs: Any) -> None:
        self.low = low
        self.high = high
        super().__init__(**kwargs)

    def _validated(self, value: Any) -> int:
        if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
            value = int(value)  # JSON writers may send 3.0 for 3
        try:
            return parse_int(value, field=self.name, low=self.low, high=self.high)
        except NumberError as error:
            if error.code == "number.int_range":  # too small as much as too large
                raise self.make_error("range", min=self.low, max=self.high) from None
            raise self.make_error("invalid", input=value) from None


class BoundedDecimal(fields.Field):
    """A number in plain decimal notation within spec (and low..high when given); text out."""

    def __init__(self, spec: NumberSpec = GENERAL, *, low: Decimal | None = None,
                 high: Decimal | None = None, **kwargs: Any) -> None:
        self.spec = spec
        self.low = low
        self.high = high
        super().__init__(**kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Decimal:
        name = attr or self.name or ""
        try:
            number = parse_decimal(value, self.spec, field=name)
        except NumberError as error:
            raise ValidationError(number_message(error, name)) from None
        if (self.low is not None and number < self.low) or (
            self.high is not None and number > self.high
        ):
            raise ValidationError(number_message(
                NumberError("number.range", "", field=name,
                            params={"min": self.low, "max": self.high}), name))
        return number

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        return None if value is None else format(Decimal(value), "f")
