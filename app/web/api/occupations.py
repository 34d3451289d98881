"""/api/v1/occupations: the occupations catalogue with each standard's top grade (§2)."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify

from app.security import Role, roles_required
from app.services.setup import occupations as svc
from app.web.api.base import ApiBlueprint, api_user
from app.web.api.error_schemas import report_or_error
from app.web.api.occupation_schemas import (
    OccupationFileSchema,
    OccupationImportArgsSchema,
    OccupationImportSchema,
    OccupationInSchema,
    OccupationSchema,
)

blp = ApiBlueprint(
    "occupations", __name__, url_prefix="/api/v1/occupations",
    description="Occupations (职业/工种) and the top grade their national standard defines.",
)


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
