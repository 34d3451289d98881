"""Schemas of the account endpoints: who am I, API tokens, password change and reset, the
users list."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from app.services.identity.account_admin import USER_SPEC
from app.services.identity.accounts import MAX_TOKEN_DAYS, TOKEN_SCOPES
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


class RoleSchema(Schema):
    """A role held by the caller, with its scope."""

    role = fields.String(required=True)
    organization_id = BoundedInteger(allow_none=True)
    competition_id = BoundedInteger(allow_none=True)


class MeSchema(Schema):
    """Who the caller is."""

    id = BoundedInteger(required=True)
    username = fields.String(required=True)
    display_name = fields.String()
    email = fields.String()
    locale = fields.String()
    roles = fields.List(fields.Nested(RoleSchema))
    auth = fields.String(
        metadata={"description": "How the caller authenticated: token or session."}
    )
    must_change_password = fields.Boolean(metadata={
        "description": "The password was set by someone else: until it is changed "
                       "(POST /api/v1/me/password) every other call answers 403 "
                       "auth.password_change_required."})


def _scope_list(token: Any) -> list[str]:
    """Return a token's scopes (a model or a dict) as a list."""
    value = token["scopes"] if isinstance(token, dict) else token.scopes
    return value.split() if isinstance(value, str) else list(value)


class TokenSchema(Schema):
    """An API token as listed: never its secret."""

    id = BoundedInteger(required=True)
    name = fields.String()
    prefix = fields.String(metadata={"description": "First characters, to tell tokens apart."})
    created_at = fields.DateTime()
    expires_at = fields.DateTime(allow_none=True)
    revoked_at = fields.DateTime(allow_none=True)
    last_used_at = fields.DateTime(allow_none=True)
    scopes = fields.Function(_scope_list, metadata={"description": "read, write and/or tokens."})
    parent_id = BoundedInteger(allow_none=True, metadata={
        "description": "The token that created this one; revoking it revokes this one."})


class TokenCreateSchema(Schema):
    """What to create a token with."""

    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    days = BoundedInteger(
        load_default=None,
        allow_none=True,
        validate=validate.Range(min=1, max=MAX_TOKEN_DAYS),
        metadata={"description": "Lifetime in days; the server default when omitted."},
    )
    scopes = fields.List(
        fields.String(validate=validate.OneOf(TOKEN_SCOPES)),
        load_default=None, validate=validate.Length(min=1, max=len(TOKEN_SCOPES)),
        metadata={"description": "read (GET), write (other methods), tokens (create tokens); "
                                 "default read and write. A token creating a token cannot "
                                 "give it a scope or a lifetime beyond its own."},
    )


class TokenCreatedSchema(TokenSchema):
    """A new token, with its secret shown this once."""

    token = fields.String(
        required=True, metadata={"description": "The secret: store it now, it is not shown again."}
    )
