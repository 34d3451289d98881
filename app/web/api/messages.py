"""Marshmallow's built-in validation messages, translated into the request's language.

marshmallow reads a field's messages when the field is created (at import time) and
formats them when validation fails (inside a request). Each default message below is
replaced by a `Translatable`: an English string (the msgid) that translates itself when
it is formatted, or turned into text, inside a request. Install before any API schema
is declared: `app.web.api.base` imports this module first.
"""

from __future__ import annotations

from typing import Any

from flask import has_request_context
from flask_babel import gettext
from marshmallow import Schema, fields, validate


class Translatable(str):
    """An English message that comes out in the request's language."""

    __slots__ = ()

    def translated(self) -> str:
        """Return the message in the request's language (English outside a request)."""
        if has_request_context():
            return gettext(str.__str__(self))
        return str.__str__(self)

    def format(self, *args: Any, **kwargs: Any) -> str:  # type: ignore[override]
        if has_request_context():
            return self.translated().format(*args, **kwargs)
        # At import time (Range pre-formats its operators): stay translatable.
        return Translatable(str.format(self, *args, **kwargs))

    def __str__(self) -> str:
        return self.translated()


def N_(text: str) -> Translatable:
    """Mark an English msgid for extraction and make it translatable later."""
    return Translatable(text)


_FIELD_MESSAGES: dict[type, dict[str, Translatable]] = {
    fields.Field: {
        "required": N_("Missing data for required field."),
        "null": N_("Field may not be null."),
        "validator_failed": N_("Invalid value."),
    },
    fields.String: {
        "invalid": N_("Not a valid string."),
        "invalid_utf8": N_("Not a valid utf-8 string."),
    },
    fields.Number: {
        "invalid": N_("Not a valid number."),
        "too_large": N_("Number too large."),
    },
    fields.Integer: {"invalid": N_("Not a valid integer.")},
    fields.Float: {"special": N_("Special numeric values (nan or infinity) are not permitted.")},
    fields.Decimal: {
        "special": N_("Special numeric values (nan or infinity) are not permitted.")
    },
    fields.Boolean: {"invalid": N_("Not a valid boolean.")},
    fields.List: {"invalid": N_("Not a valid list.")},
    fields.Tuple: {"invalid": N_("Not a valid tuple.")},
    fields.Mapping: {"invalid": N_("Not a valid mapping type.")},
    fields.Nested: {"type": N_("Invalid type.")},
    fields.Url: {"invalid": N_("Not a valid URL.")},
    fields.Email: {"invalid": N_("Not a valid email address.")},
    fields.UUID: {"invalid_uuid": N_("Not a valid UUID.")},
    fields.Enum: {"unknown": N_("Must be one of: {choices}.")},
    fields.TimeDelta: {"invalid": N_("Not a valid period of time.")},
    fields.DateTime: {
        "invalid": N_("Not a valid date and time."),
        "format": N_('"{input}" cannot be formatted as a date and time.'),
    },
    fields.AwareDateTime: {"invalid_awareness": N_("Not a valid date and time with a time zone.")},
    fields.NaiveDateTime: {
        "invalid_awareness": N_("Not a valid date and time without a time zone.")
    },
    fields.Date: {
        "invalid": N_("Not a valid date."),
        "format": N_('"{input}" cannot be formatted as a date.'),
    },
    fields.Time: {
        "invalid": N_("Not a valid time."),
        "format": N_('"{input}" cannot be formatted as a time.'),
    },
}

_VALIDATOR_MESSAGES: dict[type, dict[str, Translatable]] = {
    validate.Length: {
        "message_min": N_("Shorter than minimum length {min}."),
        "message_max": N_("Longer than maximum length {max}."),
        "message_all": N_("Length must be between {min} and {max}."),
        "message_equal": N_("Length must be {equal}."),
    },
    validate.Range: {
        "message_min": Translatable("Must be {min_op} {{min}}."),
        "message_max": Translatable("Must be {max_op} {{max}}."),
        "message_all": Translatable("Must be {min_op} {{min}} and {max_op} {{max}}."),
    },
    validate.OneOf: {"default_message": N_("Must be one of: {choices}.")},
    validate.ContainsOnly: {
        "default_message": N_("One or more of the choices you made was not in: {choices}.")
    },
    validate.ContainsNoneOf: {
        "default_message": N_("One or more of the choices you made was in: {values}.")
    },
    validate.Email: {"default_message": N_("Not a valid email address.")},
    validate.URL: {"default_message": N_("Not a valid URL.")},
    validate.Equal: {"default_message": N_("Must be equal to {other}.")},
    validate.Regexp: {"default_message": N_("String does not match expected pattern.")},
    validate.NoneOf: {"default_message": N_("Invalid input.")},
    validate.Predicate: {"default_message": N_("Invalid input.")},
}

# What validate.Range builds from its templates; listed so the catalog has them.
RANGE_MESSAGES = (
    N_("Must be greater than or equal to {min}."),
    N_("Must be greater than {min}."),
    N_("Must be less than or equal to {max}."),
    N_("Must be less than {max}."),
    N_("Must be greater than or equal to {min} and less than or equal to {max}."),
    N_("Must be greater than or equal to {min} and less than {max}."),
    N_("Must be greater than {min} and less than or equal to {max}."),
    N_("Must be greater than {min} and less than {max}."),
)

_SCHEMA_MESSAGES = {
    "type": N_("Invalid input type."),
    "unknown": N_("Unknown field."),
}


def install() -> None:
    """Swap marshmallow's English defaults for translatable ones (idempotent)."""
    for cls, messages in _FIELD_MESSAGES.items():
        cls.default_error_messages = {**cls.__dict__.get("default_error_messages", {}),
                                      **messages}
    for cls, attributes in _VALIDATOR_MESSAGES.items():
        for name, message in attributes.items():
            setattr(cls, name, message)
    Schema._default_error_messages = {**Schema._default_error_messages, **_SCHEMA_MESSAGES}


install()
