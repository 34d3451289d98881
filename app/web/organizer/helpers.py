"""Shared bits of the organizer views: service errors onto form fields."""

from __future__ import annotations

from flask import flash
from flask_wtf import FlaskForm

from app.services.setup.competitions import SetupError

# Service field names that show on a different form field.
FIELD_ALIASES = {"percents": "first", "counts": "first"}


def show_error(form: FlaskForm, error: SetupError) -> None:
    """Put a service error under the field it names, or flash it when no field matches."""
    name = FIELD_ALIASES.get(error.field or "", error.field or "")
    field = form._fields.get(name)
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        flash(error.message, "danger")
