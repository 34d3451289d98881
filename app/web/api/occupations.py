"""/api/v1/occupations: the occupations catalogue with each standard's top grade (§2)."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify
from flask_smorest.fields import Upload
from marshmallow import Schema, fields, validate

from app.security import Role, roles_required
from app.services.setup import occupations as svc
from app.web.api.base import ApiBlueprint, api_user
from app.web.api.error_schemas import report_or_error
from app.web.api.fields import BoundedInteger

blp = ApiBlueprint(
    "occupations", __name__, url_prefix="/api/v1/occupations",
    description="Occupations (职业/工种) and the top grade their national standard defines.",
)
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


@blp.route("", methods=["GET"])
@roles_required(Role.ORGANIZER)
@blp.response(200, OccupationSchema(many=True))
def list_occupations() -> Any:
    """List the catalogue by code."""
    return svc.list_occupations()


@blp.route("", methods=["POST"])
@roles_required(Role.ORGANIZER)
@blp.arguments(OccupationInSchema)
@blp.response(201, OccupationSchema)
def create_occupation(data: dict[str, Any]) -> Any:
    """Add an occupation."""
    return svc.create_occupation(api_user(), svc.OccupationData(**data))


@blp.route("/<int:occupation_id>", methods=["GET"])
@roles_required(Role.ORGANIZER)
@blp.response(200, OccupationSchema)
def get_occupation(occupation_id: int) -> Any:
    """Return one occupation."""
    return svc.get_occupation(occupation_id)


@blp.route("/<int:occupation_id>", methods=["PUT"])
@roles_required(Role.ORGANIZER)
@blp.arguments(OccupationInSchema)
@blp.response(200, OccupationSchema)
def update_occupation(data: dict[str, Any], occupation_id: int) -> Any:
    """Change an occupation's names or top grade (the code stays)."""
    return svc.update_occupation(api_user(), occupation_id, svc.OccupationData(**data))


@blp.route("/import", methods=["POST"])
@roles_required(Role.ORGANIZER)
@blp.arguments(OccupationImportArgsSchema, location="query")
@blp.arguments(OccupationFileSchema, location="files")
@blp.response(200, OccupationImportSchema)
@blp.alt_response(422, schema=report_or_error("OccupationImport"),
                  description="Refused: every problem, or the request itself.")
def import_occupations(args: dict[str, Any], files: dict[str, Any]) -> Any:
    """Import a sheet row by row: all rows valid, or only the valid ones if asked."""
    upload = files["file"]
    report = svc.import_occupations(api_user(), upload.read(), upload.filename or "upload",
                                    valid_only=args["valid_only"])
    body = report.to_dict()
    if report.errors and not args["valid_only"]:
        response: Response = jsonify(OccupationImportSchema().dump(body))
        response.status_code = 422
        return response
    return body
