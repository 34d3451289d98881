"""/api/v1/people/<id>/honours and /grades: honours and grades with evidence (§2, §3)."""

from __future__ import annotations

from typing import Any

from app.models._types import utcnow
from app.security import Role, login_required, roles_required
from app.services.setup import honours as svc
from app.web.api.base import ApiBlueprint, api_user
from app.web.api.honour_schemas import (
    GradeEvidenceInSchema,
    GradeEvidenceSchema,
    HonourRecordInSchema,
    HonourSchema,
)

blp = ApiBlueprint(
    "person_honours", __name__, url_prefix="/api/v1/people",
    description="Honours a person holds and grades with their source and evidence.",
)


@blp.route("/<int:person_id>/honours", methods=["GET"])
@login_required
@blp.response(200, HonourSchema(many=True))
def list_honours(person_id: int) -> Any:
    """List a person's honours: one's own, or in an organizer's scope."""
    return svc.list_honours(api_user(), person_id)


@blp.route("/<int:person_id>/honours", methods=["POST"])
@roles_required(Role.ORGANIZER)
@blp.arguments(HonourRecordInSchema)
@blp.response(201, HonourSchema)
def record_honour(data: dict[str, Any], person_id: int) -> Any:
    """Record an honour; it feeds the title-holder bar of eligibility."""
    return svc.record_honour(api_user(), person_id, svc.HonourData(**data),
                             today=utcnow().date())


@blp.route("/<int:person_id>/honours/<int:honour_id>", methods=["DELETE"])
@roles_required(Role.ORGANIZER)
@blp.response(204)
def remove_honour(person_id: int, honour_id: int) -> Any:
    """Remove an honour recorded by mistake (the audit log keeps it)."""
    svc.remove_honour(api_user(), honour_id)
    return None


@blp.route("/<int:person_id>/grades", methods=["POST"])
@roles_required(Role.ORGANIZER)
@blp.arguments(GradeEvidenceInSchema)
@blp.response(201, GradeEvidenceSchema)
def record_grade(data: dict[str, Any], person_id: int) -> Any:
    """Record a grade with its source and evidence (document number, issuer, date)."""
    return svc.record_grade(api_user(), person_id, svc.GradeEvidenceData(**data),
                            today=utcnow().date())
