"""Marshmallow schemas of the account and system endpoints, and the error format."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from app.services.identity.accounts import MAX_TOKEN_DAYS, TOKEN_SCOPES
from app.web.api.fields import BoundedInteger


class ErrorDetailSchema(Schema):
    """The inside of every error response."""

    code = fields.String(required=True, metadata={"example": "validation"})
    message = fields.String(required=True, metadata={"description": "In the caller's language."})
    field = fields.String(allow_none=True, metadata={"description": "The offending input, if any."})


class ApiErrorSchema(Schema):
    """Every error: {"error": {"code", "message", "field"}}."""

    error = fields.Nested(ErrorDetailSchema, required=True)


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


class HealthSchema(Schema):
    """Whether the service, its database and its message queue answer."""

    status = fields.String(required=True, metadata={"example": "ok"})
    database = fields.Boolean(required=True)
    message_queue = fields.Boolean(
        required=True, allow_none=True,
        metadata={"description": "Whether the Socket.IO message queue (Redis) answers; "
                                 "null when the process runs without one."},
    )
    version = fields.String(required=True)


def report_or_error(report: str) -> dict:
    """Document a 422 that is either the named problem report or the one error format.

    An upload refused for its content answers with the report of every problem; a request
    refused before that (a missing file, a bad query parameter) with {"error": {...}}.
    """
    return {"oneOf": [{"$ref": f"#/components/schemas/{report}"},
                      {"$ref": "#/components/schemas/ApiError"}]}


class FileCheckSchema(Schema):
    """The check of a whole uploaded file; each import adds ``errors`` in its own row shape."""

    filename = fields.String()
    rows = BoundedInteger()
    valid_rows = BoundedInteger()
    bad_rows = fields.List(BoundedInteger())
    ok = fields.Boolean()
