"""Marshmallow schemas of the API's tie orders endpoints (tie_orders.py)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from app.web.api.fields import BoundedInteger


class TieOrderInSchema(Schema):
    """Every registration of one tie, best first, and the written reason."""

    registration_ids = fields.List(BoundedInteger(strict=True), required=True,
                                   validate=validate.Length(min=2, max=500))
    reason = fields.String(required=True, validate=validate.Length(min=1, max=500))
