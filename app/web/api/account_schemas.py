"""Schemas of the account endpoints: password change and reset, the users list."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from app.services.identity.account_admin import USER_SPEC
from app.services.identity.passwords import MAX_PASSWORD_LENGTH
from app.web.api.fields import BoundedInteger
from app.web.api.list_schemas import ListArgsSchema, PageSchema, sort_field


class PasswordChangeSchema(Schema):
    """The current password and the new one."""

    current_password = fields.String(required=True, validate=validate.Length(max=256))
    new_password = fields.String(required=True,
                                 validate=validate.Length(max=MAX_PASSWORD_LENGTH))


class PasswordResetSchema(Schema):
    """A username, the one-time code an administrator handed over, and a new password."""

    username = fields.String(required=True, validate=validate.Length(min=1, max=80))
    code = fields.String(required=True, validate=validate.Length(min=1, max=40))
    new_password = fields.String(required=True,
                                 validate=validate.Length(max=MAX_PASSWORD_LENGTH))


class UserQuerySchema(ListArgsSchema):
    """Search the accounts by username or display name; sort and page."""

    sort = sort_field(USER_SPEC)

    class Meta:
        exclude = ("status", "project_id", "organization_id")


class UserRowSchema(Schema):
    """One account as the users page shows it."""

    id = BoundedInteger(attribute="user.id")
    username = fields.String(attribute="user.username")
    display_name = fields.String(attribute="user.display_name")
    active = fields.Boolean(attribute="user.active")
    roles = fields.List(fields.String())
    last_login_at = fields.DateTime(attribute="user.last_login_at", allow_none=True)
    failed_logins = BoundedInteger(attribute="user.failed_logins")
    wait_seconds = BoundedInteger(metadata={
        "description": "Seconds before this account may try to log in again (0: now)."})


class UserPageSchema(PageSchema):
    """A page of accounts."""

    items = fields.List(fields.Nested(UserRowSchema))


class RolesSchema(Schema):
    """The unscoped roles an administrator gives an account."""

    roles = fields.List(fields.String(validate=validate.Length(max=32)), required=True,
                        validate=validate.Length(max=10))


class ActiveSchema(Schema):
    """Whether the account may log in."""

    active = fields.Boolean(required=True)


class ResetCodeSchema(Schema):
    """A one-time reset code, shown this once."""

    user_id = BoundedInteger(required=True)
    code = fields.String(required=True)
    expires_at = fields.DateTime(required=True)
