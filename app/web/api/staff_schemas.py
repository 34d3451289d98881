"""Marshmallow schemas of the API's staff endpoints (staff.py)."""

from __future__ import annotations

from flask_smorest.fields import Upload
from marshmallow import Schema, fields, validate

from app.services.identity import staff
from app.web.api.fields import BoundedInteger


class StaffInSchema(Schema):
    """One staff member: account, person, qualification, projects served."""

    role = fields.String(required=True, validate=validate.OneOf(list(staff.STAFF_ROLES)))
    username = fields.String(required=True, validate=validate.Length(min=3, max=80))
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    id_number = fields.String(required=True, validate=validate.Length(max=18))
    employer = fields.String(load_default="", validate=validate.Length(max=200))
    phone = fields.String(load_default="", validate=validate.Length(max=20))
    qualification_level = fields.String(
        load_default="", validate=validate.OneOf(["", *staff.QUALIFICATION_LEVELS]))
    certificate_no = fields.String(load_default="", validate=validate.Length(max=40))
    expires_on = fields.Date(load_default=None, allow_none=True)
    project_ids = fields.List(BoundedInteger(strict=True), load_default=list,
                              validate=validate.Length(max=100))


class StaffImportArgsSchema(Schema):
    """How to import (query string of the multipart upload)."""

    validate_only = fields.Boolean(load_default=False)
    only_valid = fields.Boolean(load_default=False)


class StaffFileSchema(Schema):
    """The uploaded staff sheet."""

    file = Upload(required=True, metadata={"description": ".xlsx or .csv (UTF-8 or GBK)."})


class QualificationInSchema(Schema):
    """A judge qualification: level, certificate number, expiry date."""

    level = fields.String(required=True,
                          validate=validate.OneOf(list(staff.QUALIFICATION_LEVELS)))
    certificate_no = fields.String(required=True, validate=validate.Length(min=1, max=40))
    expires_on = fields.Date(load_default=None, allow_none=True)
