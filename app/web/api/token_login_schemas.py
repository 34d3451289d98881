"""Marshmallow schemas of the API's token login endpoints (token_login.py)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from app.web.api.fields import BoundedInteger


class PasswordTokenInSchema(Schema):
    """Credentials and the token to issue."""

    username = fields.String(required=True, validate=validate.Length(min=1, max=80))
    password = fields.String(required=True, validate=validate.Length(min=1, max=128))
    name = fields.String(load_default="api", validate=validate.Length(min=1, max=100))
    days = BoundedInteger(strict=True, load_default=None, allow_none=True)
