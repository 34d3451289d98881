"""Marshmallow schemas of the API's occupations endpoints (occupations.py)."""

from __future__ import annotations

from flask_smorest.fields import Upload
from marshmallow import Schema, fields, validate

from app.services.setup import occupations as svc
from app.web.api.fields import BoundedInteger

_TOP = validate.OneOf([g.value for g in svc.TOP_GRADES] + [g.zh for g in svc.TOP_GRADES])


class OccupationInSchema(Schema):
    """An occupation as created or replaced."""

    code = fields.String(required=True, validate=validate.Length(min=1, max=32))
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    name_en = fields.String(load_default="", validate=validate.Length(max=100))
    top_grade = fields.String(load_default="L1", validate=_TOP, metadata={
        "description": "L5…L1 or 初级工…高级技师: promotions never pass it."})


class OccupationSchema(Schema):
    """An occupation as stored."""

    id = BoundedInteger(required=True)
    code = fields.String()
    name = fields.String()
    name_en = fields.String()
    top_grade = fields.String()


class OccupationFileSchema(Schema):
    """The uploaded sheet: columns 职业编码, 职业名称, 英文名称 (optional), 最高等级 (optional)."""

    file = Upload(required=True, metadata={"description": ".xlsx or .csv."})


class OccupationImportArgsSchema(Schema):
    """How to import."""

    valid_only = fields.Boolean(load_default=False, metadata={
        "description": "Save the valid rows and skip the bad ones (otherwise all or nothing)."})


class OccupationRowErrorSchema(Schema):
    """One problem of the file."""

    row = BoundedInteger(allow_none=True)
    column = fields.String(allow_none=True)
    code = fields.String()
    message = fields.String()


class OccupationImportSchema(Schema):
    """What the import found and did."""

    filename = fields.String()
    rows = BoundedInteger()
    valid_rows = BoundedInteger()
    ok = fields.Boolean()
    created = BoundedInteger()
    updated = BoundedInteger()
    errors = fields.List(fields.Nested(OccupationRowErrorSchema))
