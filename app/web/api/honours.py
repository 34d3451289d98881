"""/api/v1/people/<id>/honours and /grades: honours and grades with evidence (§2, §3)."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from app.domain.grades import Grade
from app.domain.honours import GradeSource, Honour
from app.models._types import utcnow
from app.security import Role, login_required, roles_required
from app.services.setup import honours as svc
from app.web.api.base import ApiBlueprint, api_user
from app.web.api.fields import BoundedInteger

blp = ApiBlueprint(
    "person_honours", __name__, url_prefix="/api/v1/people",
    description="Honours a person holds and grades with their source and evidence.",
)


class HonourRecordInSchema(Schema):
    """An honour to record."""

    honour = fields.String(required=True, validate=validate.OneOf([h.value for h in Honour]),
                           metadata={"description": "CHINA_SKILLS_AWARD, NATIONAL_TECHNICAL_"
                                                    "EXPERT, …, LOCAL_TITLE (give its name)."})
    year = BoundedInteger(required=True, validate=validate.Range(1950, 2100))
    name = fields.String(load_default="", validate=validate.Length(max=100))
    issuer = fields.String(load_default="", validate=validate.Length(max=100))
    document_no = fields.String(load_default="", validate=validate.Length(max=64))
    occupation_id = BoundedInteger(load_default=None, allow_none=True)


class HonourSchema(Schema):
    """A recorded honour."""

    id = BoundedInteger()
    person_id = BoundedInteger()
    honour = fields.String()
    name = fields.String()
    year = BoundedInteger()
    issuer = fields.String()
    document_no = fields.String()
    occupation_id = BoundedInteger(allow_none=True)


class GradeEvidenceInSchema(Schema):
    """A grade with its source and evidence."""

    occupation_id = BoundedInteger(required=True)
    grade = fields.String(required=True, validate=validate.OneOf([g.value for g in Grade]))
    source = fields.String(required=True, validate=validate.OneOf(
        [s.value for s in GradeSource]), metadata={
        "description": "CERTIFICATE, DIRECT_CERTIFICATION, EXCEPTIONAL, ENTERPRISE_ASSESSMENT "
                       "or APPOINTMENT; contest promotions arrive when certified."})
    obtained_on = fields.Date(required=True)
    document_no = fields.String(load_default="", validate=validate.Length(max=32))
    issuer = fields.String(load_default="", validate=validate.Length(max=100))


class GradeEvidenceSchema(Schema):
    """A recorded grade."""

    id = BoundedInteger()
    occupation_id = BoundedInteger()
    grade = fields.String()
    source = fields.String()
    certificate_no = fields.String()
    issuer = fields.String()
    obtained_on = fields.Date()


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
