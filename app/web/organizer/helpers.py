"""Shared bits of the organizer views: 404 outside scope, service errors onto form fields."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import abort, flash
from flask_wtf import FlaskForm

from app.services.competitions import NotInScope, SetupError

T = TypeVar("T")

# Service field names that show on a different form field.
FIELD_ALIASES = {"percents": "first", "counts": "first"}


def load_or_404(loader: Callable[..., T], *args: Any) -> T:
    """Load a record the user manages; anything else is 404 (existence is not revealed)."""
    try:
        return loader(*args)
    except NotInScope:
        abort(404)


def show_error(form: FlaskForm, error: SetupError) -> None:
    """Put a service error under the field it names, or flash it when no field matches."""
    name = FIELD_ALIASES.get(error.field or "", error.field or "")
    field = form._fields.get(name)
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        flash(error.message, "danger")
