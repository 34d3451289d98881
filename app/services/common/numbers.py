"""The bounded number parser (app/domain/numbers.py) with its refusals in the user's language.

Every surface uses these: API schema fields, WTForms fields, socket payloads, importers and
services. A refusal is a ServiceError naming the field, so each surface's one handler answers
it (API JSON, page flash, socket ack) without a try/except in the view.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask_babel import gettext as _

from app.domain.numbers import (
    GENERAL,
    ID_MAX,
    ID_MIN,
    NumberError,
    NumberSpec,
    parse_decimal,
    parse_int,
)
from app.errors import ServiceError


class NumberInputError(ServiceError):
    """A number refused by the bounded parser: code number.*, the field, a translated message."""

    status = 422


def number_message(error: NumberError, label: str | None = None) -> str:
    """Return the refusal's message in the user's language, naming the field."""
    params = {**error.params, "field": label or error.params.get("field") or ""}
    code = error.code
    if code == "number.integer_digits":
        return _("%(field)s: at most %(digits)s digits before the decimal point.", **params)
    if code == "number.places":
        return _("%(field)s: at most %(places)s decimal places.", **params)
    if code == "number.too_long":
        return _("%(field)s: the number is longer than %(length)s characters.", **params)
    if code == "number.negative":
        return _("%(field)s: must not be negative.", **params)
    if code == "number.not_integer":
        return _("%(field)s: must be a whole number.", **params)
    if code in {"number.int_range", "number.range"}:
        return _("%(field)s: must be from %(min)s to %(max)s.", **params)
    return _("%(field)s: write a plain number with the digits 0-9 and at most one decimal "
             "point (no exponent).", **params)


def refusal(error: NumberError, label: str | None = None) -> NumberInputError:
    """Turn a parser refusal into the service error every surface answers."""
    return NumberInputError(error.code, number_message(error, label), field=error.field,
                            params=error.params)


def parse_number(raw: Any, spec: NumberSpec = GENERAL, *, field: str,
                 label: str | None = None) -> Decimal:
    """Parse a bounded decimal for `field`, or raise NumberInputError (code number.*)."""
    try:
        return parse_decimal(raw, spec, field=field)
    except NumberError as error:
        raise refusal(error, label) from None


def parse_whole(raw: Any, *, field: str, label: str | None = None, low: int = ID_MIN,
                high: int = ID_MAX) -> int:
    """Parse a bounded whole number for `field`, or raise NumberInputError."""
    try:
        return parse_int(raw, field=field, low=low, high=high)
    except NumberError as error:
        raise refusal(error, label) from None
