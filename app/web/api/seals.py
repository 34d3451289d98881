"""/api/v1/seals: an administrator uploads, reads and removes each issuing body's seal image."""

from __future__ import annotations

from typing import Any

from flask import Response

from app.documents.seals import MAX_BYTES
from app.models._types import utcnow
from app.security import Role, roles_required
from app.services.setup import seals as svc
from app.web.api.base import ApiBlueprint, api_user
from app.web.api.seal_schemas import SealSchema, SealUploadSchema

seals_blp = ApiBlueprint(
    "seals", __name__, url_prefix="/api/v1/seals",
    description="Issuing bodies' own seal images; certificates never carry a drawn seal.")


def _row(row: svc.SealRow) -> dict[str, Any]:
    seal = row.seal
    return {"organization_id": row.organization.id, "organization": row.organization.name,
            "has_seal": seal is not None, "sha256": seal.sha256 if seal else None,
            "width": seal.width if seal else None, "height": seal.height if seal else None,
            "uploaded_at": seal.uploaded_at if seal else None}


@seals_blp.route("", methods=["GET"])
@roles_required(Role.ADMIN)
@seals_blp.response(200, SealSchema(many=True))
def list_seals() -> Any:
    """List every organizing body with its seal's fingerprint."""
    return [_row(row) for row in svc.list_seals(api_user())]


@seals_blp.route("/<int:organization_id>", methods=["PUT"])
@roles_required(Role.ADMIN)
@seals_blp.arguments(SealUploadSchema, location="files")
@seals_blp.response(200, SealSchema)
def put_seal(files: dict[str, Any], organization_id: int) -> Any:
    """Upload (or replace) a body's seal image; recorded in the audit log."""
    data = files["image"].read(MAX_BYTES + 1)
    seal = svc.upload_seal(api_user(), organization_id, data, now=utcnow())
    return _row(svc.SealRow(seal.organization, seal))


@seals_blp.route("/<int:organization_id>/image", methods=["GET"])
@roles_required(Role.ADMIN)
@seals_blp.response(200, description="The seal as a PNG.", content_type="image/png")
def get_seal_image(organization_id: int) -> Response:
    """Return a body's seal image."""
    seal = svc.get_seal(api_user(), organization_id)
    response = Response(seal.png, mimetype="image/png")
    response.headers["Cache-Control"] = "private, no-store"
    return response


@seals_blp.route("/<int:organization_id>", methods=["DELETE"])
@roles_required(Role.ADMIN)
@seals_blp.response(204)
def delete_seal(organization_id: int) -> None:
    """Remove a body's seal; its certificates show the empty stamp area again."""
    svc.remove_seal(api_user(), organization_id, now=utcnow())
