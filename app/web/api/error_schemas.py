"""The one error format of every API answer, and the 422 an upload's problem report answers."""

from __future__ import annotations

from marshmallow import Schema, fields

from app.web.api.fields import BoundedInteger


class ErrorDetailSchema(Schema):
    """The inside of every error response."""

    code = fields.String(required=True, metadata={"example": "validation"})
    message = fields.String(required=True, metadata={"description": "In the caller's language."})
    field = fields.String(allow_none=True, metadata={"description": "The offending input, if any."})


class ApiErrorSchema(Schema):
    """Every error: {"error": {"code", "message", "field"}}."""

    error = fields.Nested(ErrorDetailSchema, required=True)


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
