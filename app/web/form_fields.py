"""WTForms number fields read by the one bounded parser (app/domain/numbers.py).

WTForms' DecimalField takes any Decimal spelling (1E-999999999, NaN) and IntegerField any
int(); these read plain decimal notation within the field's digits and refuse anything else
with a message naming the field, in the user's language (issue #11, finding 1).
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from wtforms import DecimalField, IntegerField, ValidationError

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


class BoundedDecimalField(DecimalField):
    """A decimal in plain notation within spec's integer digits and places."""

    def __init__(self, label: Any = None, validators: Any = None, *,
                 spec: NumberSpec = GENERAL, **kwargs: Any) -> None:
        kwargs.setdefault("places", spec.places)
        super().__init__(label, validators, **kwargs)
        self.spec = spec

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist:
            return
        try:
            self.data = parse_decimal(valuelist[0], self.spec, field=self.name)
        except NumberError as error:
            self.data = None
            raise ValueError(number_message(error, str(self.label.text))) from None


class BoundedIntegerField(IntegerField):
    """A whole number within what a 32-bit INTEGER column holds (validators narrow it)."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist:
            return
        try:
            self.data = parse_int(valuelist[0], field=self.name, low=ID_MIN, high=ID_MAX)
        except NumberError as error:
            self.data = None
            raise ValueError(number_message(error, str(self.label.text))) from None


def form_id(text: Any) -> int:
    """Return a row id (1 to the INTEGER column's maximum) from form or query text.

    For `request.args.get(..., type=form_id)` and `coerce=form_id`: a NumberError is a
    ValueError, which both treat as "no valid value" instead of querying with an int the
    database cannot hold (a 500).
    """
    return parse_int(text, field="id", low=1, high=ID_MAX)


def maybe_id(text: Any) -> int | None:
    """Return form_id(text), or None when it is not a valid id."""
    try:
        return form_id(text)
    except NumberError:
        return None


class MaxChars:
    """Refuse text longer than ``limit`` characters, naming the field and the limit.

    Unlike wtforms' Length it sets no ``maxlength`` flag: a browser silently cuts a pasted
    name at maxlength, so the person never learns that the limit exists (issue #17, item 4).
    """

    field_flags: dict[str, Any] = {}

    def __init__(self, limit: int) -> None:
        self.limit = limit

    def __call__(self, form: Any, field: Any) -> None:
        length = len(field.data or "")
        if length > self.limit:
            raise ValidationError(_(
                "%(field)s may be at most %(limit)d characters long; this one has %(n)d.",
                field=field.label.text, limit=self.limit, n=length))
