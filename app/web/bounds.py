"""Keep integers from requests within what the database's INTEGER columns hold.

Ids and counts are 32-bit INTEGER columns; PostgreSQL refuses a larger parameter ("integer out
of range") and SQLite's driver raises OverflowError above 64 bits, and either became a 500.
So a path segment `<int:…>` above the bound is simply no match (404), and a marshmallow
Integer field (API bodies and query strings) refuses it with the "Number too large." error
(422, naming the field), before any query runs.
"""

from __future__ import annotations

import builtins  # the converter's `min` / `max` arguments shadow the builtins
from typing import Any

from flask import Flask
from marshmallow import fields
from werkzeug.routing import IntegerConverter, Map

DB_INT_MAX = 2**31 - 1
DB_INT_MIN = -(2**31)


class BoundedIntConverter(IntegerConverter):
    """Flask's `int` converter, capped at DB_INT_MAX (flask-smorest documents the maximum)."""

    def __init__(self, map: Map, fixed_digits: int = 0, min: int | None = None,  # noqa: A002
                 max: int | None = None, signed: bool = False) -> None:  # noqa: A002
        bounded = DB_INT_MAX if max is None else builtins.min(max, DB_INT_MAX)
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=bounded, signed=signed)


_original_validated = fields.Integer._validated


def _bounded_validated(self: fields.Integer, value: Any) -> int:
    number = _original_validated(self, value)
    if number is not None and not DB_INT_MIN <= number <= DB_INT_MAX:
        raise self.make_error("too_large", input=value)
    return number


def install_bounds(app: Flask) -> None:
    """Cap `<int:…>` URL segments and marshmallow Integer fields (call before any route)."""
    app.url_map.converters["int"] = BoundedIntConverter
    fields.Integer._validated = _bounded_validated  # type: ignore[method-assign]
