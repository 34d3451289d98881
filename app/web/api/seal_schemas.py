"""Marshmallow schemas of the API's seals endpoints (seals.py)."""

from __future__ import annotations

from flask_smorest.fields import Upload
from marshmallow import Schema, fields

from app.documents.seals import MAX_BYTES
from app.web.api.fields import BoundedInteger


class SealSchema(Schema):
    """An organizing body and its seal image, if uploaded."""

    organization_id = BoundedInteger()
    organization = fields.String()
    has_seal = fields.Boolean()
    sha256 = fields.String(allow_none=True)
    width = BoundedInteger(allow_none=True)
    height = BoundedInteger(allow_none=True)
    uploaded_at = fields.DateTime(allow_none=True)


class SealUploadSchema(Schema):
    """The seal image as multipart/form-data."""

    image = Upload(required=True, metadata={
        "description": f"PNG with a transparent background, at most {MAX_BYTES // 1024} KB."})
