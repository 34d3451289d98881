"""Bounded JSON decoding for API bodies and Socket.IO packets (issue #12, bounds).

The standard decoder takes any depth until the interpreter's recursion limit (a RecursionError,
then a 500), number literals of any length (a 5,000-digit integer raised ValueError, another
500; 1E-999999999 silently became 0.0) and the non-JSON constants NaN and Infinity. Here a
body is refused with a JsonLimitError naming the limit: size, depth, element count, a number
literal that is not plain decimal notation or longer than MAX_NUMBER characters (naming the
field that held it, as ``marks[1].value``).
"""

from __future__ import annotations

import json
from typing import Any

from flask_babel import gettext as _

from app.errors import ServiceError

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 32
MAX_NODES = 100_000
MAX_NUMBER = 32

# A module-like pair for Socket.IO (`SocketIO(json=json_limits)`): dumps is the standard one.
dumps = json.dumps


class JsonLimitError(ServiceError):
    """A JSON text beyond a limit (400): json.too_large / too_deep / too_many / bad_number."""

    status = 400

    def __init__(self, code: str, limit: int, *, field: str | None = None) -> None:
        super().__init__(code, None, field=field)
        self.limit = limit

    @property
    def message(self) -> str:
        """Return the refusal in the current user's language, naming the limit."""
        if self.code == "json.too_large":
            return _("The JSON body is larger than %(limit)s bytes.", limit=self.limit)
        if self.code == "json.too_deep":
            return _("The JSON body is nested deeper than %(limit)s levels.", limit=self.limit)
        if self.code == "json.too_many":
            return _("The JSON body has more than %(limit)s values.", limit=self.limit)
        text = _("A number in the JSON body is not in plain decimal notation (no exponent, NaN "
                 "or Infinity, at most %(limit)s characters).", limit=self.limit)
        return f"{self.field}: {text}" if self.field else text


class _BadNumber:
    """Stands in for a refused number literal until the walk knows which field held it."""


_BAD = _BadNumber()


def _plain_float(text: str) -> Any:
    # Exponents and long literals are refused: no field takes them, and 1E-999999999 → 0.0.
    if len(text) > MAX_NUMBER or "e" in text or "E" in text:
        return _BAD
    return float(text)


def _plain_int(text: str) -> Any:
    return _BAD if len(text) > MAX_NUMBER else int(text)


def _no_constant(text: str) -> Any:
    return _BAD


def _check_shape(value: Any) -> None:
    """Walk the decoded value without recursion, refusing beyond MAX_DEPTH or MAX_NODES, and a
    refused number naming its field (``marks[2].value``)."""
    stack: list[tuple[Any, int, str]] = [(value, 1, "")]
    nodes = 0
    while stack:
        node, depth, path = stack.pop()
        nodes += 1
        if nodes > MAX_NODES:
            raise JsonLimitError("json.too_many", MAX_NODES)
        if node is _BAD:
            raise JsonLimitError("json.bad_number", MAX_NUMBER, field=path or None)
        if isinstance(node, dict | list):
            if depth > MAX_DEPTH:
                raise JsonLimitError("json.too_deep", MAX_DEPTH)
            if isinstance(node, dict):
                stack.extend((child, depth + 1, f"{path}.{key}" if path else str(key))
                             for key, child in node.items())
            else:
                stack.extend((child, depth + 1, f"{path}[{i}]") for i, child in enumerate(node))


def loads(data: str | bytes | bytearray, **_ignored: Any) -> Any:
    """Decode a JSON text within the limits, or raise JsonLimitError (or JSONDecodeError)."""
    if len(data) > MAX_BYTES:
        raise JsonLimitError("json.too_large", MAX_BYTES)
    try:
        value = json.loads(data, parse_float=_plain_float, parse_int=_plain_int,
                           parse_constant=_no_constant)
    except RecursionError:
        raise JsonLimitError("json.too_deep", MAX_DEPTH) from None
    _check_shape(value)
    return value
