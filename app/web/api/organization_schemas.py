"""Marshmallow schemas of the API's organizations endpoints (organizations.py)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from app.services.setup import organizations
from app.web.api.fields import BoundedInteger


class BodyInSchema(Schema):
    """A body's fields; on PATCH every field is optional and `parent_id` present moves it."""

    name = fields.String(validate=validate.Length(min=1, max=200))
    kind = fields.String(validate=validate.OneOf(list(organizations.KINDS)))
    region = fields.String(validate=validate.Length(max=100))
    region_code = fields.String(validate=validate.Length(max=6),
                                metadata={"description": "6-digit 行政区划代码, e.g. 370600."})
    site_serial = fields.String(validate=validate.Length(max=6),
                                metadata={"description": "6-digit certificate site serial."})
    parent_id = BoundedInteger(allow_none=True, strict=True)


class OrganizerInSchema(Schema):
    """An existing user to attach (`user_id`), or a new account (`username`, `display_name`)."""

    user_id = BoundedInteger(strict=True)
    username = fields.String(validate=validate.Length(min=3, max=80))
    display_name = fields.String(validate=validate.Length(min=1, max=100))
