"""Forms of the log-in and API token pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    PasswordField,
    SelectMultipleField,
    StringField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length, NumberRange, Optional

from app.services.common.list_query import MAX_SEARCH
from app.services.identity.account_admin import EDITABLE_ROLES
from app.services.identity.accounts import MAX_TOKEN_DAYS, TOKEN_SCOPES
from app.services.identity.passwords import MAX_PASSWORD_LENGTH
from app.web.form_fields import BoundedIntegerField, MaxChars
from app.web.list_forms import ListForm


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
    scopes = SelectMultipleField(
        _l("Scopes"), choices=[SelectChoice(scope, scope) for scope in TOKEN_SCOPES],
        default=["read", "write"], validators=[Optional()],
    )


class PasswordChangeForm(FlaskForm):
    """The current password and a new one, typed twice."""

    current_password = PasswordField(_l("Current password"),
                                     validators=[DataRequired(), Length(max=256)])
    new_password = PasswordField(_l("New password"), validators=[
        DataRequired(), Length(max=MAX_PASSWORD_LENGTH)])
    confirm = PasswordField(_l("New password again"), validators=[
        DataRequired(), EqualTo("new_password", message=_l("The two passwords differ."))])


class ResetForm(FlaskForm):
    """Username, the one-time code an administrator handed over, and a new password."""

    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=80)])
    code = StringField(_l("Reset code"), validators=[DataRequired(), Length(max=40)])
    new_password = PasswordField(_l("New password"), validators=[
        DataRequired(), Length(max=MAX_PASSWORD_LENGTH)])
    confirm = PasswordField(_l("New password again"), validators=[
        DataRequired(), EqualTo("new_password", message=_l("The two passwords differ."))])


class UserSearchForm(ListForm):
    """Search, sort and page the users page (a GET form: no CSRF)."""

    q = StringField(_l("Username or name"), validators=[MaxChars(MAX_SEARCH)])
    status = None
    project_id = None
    organization_id = None


class ActiveForm(FlaskForm):
    """Enable or disable an account."""

    active = BooleanField()


class ConfirmForm(FlaskForm):
    """A button that only carries the CSRF token (log out, revoke)."""


class RolesForm(FlaskForm):
    """The unscoped roles an administrator gives an account (ticked boxes)."""

    roles = SelectMultipleField(
        _l("Roles"), choices=[SelectChoice(str(role), str(role)) for role in EDITABLE_ROLES],
        validators=[Optional()],
    )
