"""Marshmallow schemas of the API's scheme transfer endpoints (scheme_transfer.py)."""

from __future__ import annotations

from flask_smorest.fields import Upload
from marshmallow import Schema, fields

from app.web.api.error_schemas import FileCheckSchema
from app.web.api.fields import BoundedInteger


class UploadSchema(Schema):
    """The uploaded workbook (multipart/form-data, field ``file``)."""

    file = Upload(required=True, metadata={"description": ".xlsx (a CSV of the first sheet "
                                                          "is accepted too)."})


class TheoryImportArgsSchema(Schema):
    """How to import theory scores (query string of the multipart upload)."""

    validate_only = fields.Boolean(load_default=False, metadata={
        "description": "Only check the file; store nothing."})
    only_valid = fields.Boolean(load_default=False, metadata={
        "description": "Store the valid rows even when others have problems."})


class TransferErrorSchema(Schema):
    """One problem of the file or of one row."""

    sheet = fields.String(allow_none=True, metadata={"example": "评分标准"})
    row = BoundedInteger(allow_none=True, metadata={"description": "Spreadsheet row number."})
    column = fields.String(allow_none=True)
    header = fields.String()
    code = fields.String(metadata={"example": "theory.unknown_contestant"})
    message = fields.String()


class TransferReportSchema(FileCheckSchema):
    """The check of a whole file."""

    errors = fields.List(fields.Nested(TransferErrorSchema))


class TheoryImportResultSchema(Schema):
    """What a theory import stored."""

    imported = BoundedInteger(metadata={"description": "Marks stored now."})
    unchanged = BoundedInteger(metadata={"description": "Rows already stored as given."})
    skipped_rows = fields.List(BoundedInteger())
    report = fields.Nested(TransferReportSchema)
