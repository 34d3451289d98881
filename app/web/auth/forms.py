"""Forms of the log-in and API token pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from app.services.accounts import MAX_TOKEN_DAYS
from app.web.form_fields import BoundedIntegerField


class LoginForm(FlaskForm):
    """Username and password."""

    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=80)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=256)])
    next = HiddenField()


class TokenForm(FlaskForm):
    """Name and lifetime of a new API token."""

    name = StringField(_l("Token name"), validators=[DataRequired(), Length(max=100)])
    days = BoundedIntegerField(
        _l("Valid for (days)"),
        validators=[Optional(), NumberRange(min=1, max=MAX_TOKEN_DAYS)],
    )


class ConfirmForm(FlaskForm):
    """A button that only carries the CSRF token (log out, revoke)."""
