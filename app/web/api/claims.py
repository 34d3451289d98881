"""/api/v1 claiming person records: the contestant's claim, the organizer's codes and duplicates."""

from __future__ import annotations

from typing import Any

from app.models._types import utcnow
from app.security import Role, login_required, roles_required
from app.services.identity import claims, person_duplicates
from app.web.api.base import ApiBlueprint, api_user
from app.web.api.claim_schemas import (
    ClaimCodeSchema,
    ClaimedSchema,
    ClaimInSchema,
    DuplicateSchema,
    RefuseSchema,
)

claim_blp = ApiBlueprint(
    "account_claim", __name__, url_prefix="/api/v1/account",
    description="Link the caller's account to their person record with a one-time claim code.")
duplicates_blp = ApiBlueprint(
    "person_duplicates", __name__, url_prefix="/api/v1/person-duplicates",
    description="Pending person records sharing an existing record's ID number; the "
                "organizer approves (links) or refuses them.")
claim_codes_blp = ApiBlueprint(
    "claim_codes", __name__, url_prefix="/api/v1/people",
    description="One-time claim codes an organizer hands to a person without an account.")


@claim_blp.route("/claim", methods=["POST"])
@login_required
@claim_blp.arguments(ClaimInSchema)
@claim_blp.response(200, ClaimedSchema)
def claim(data: dict[str, Any]) -> Any:
    """Claim one's person record with a one-time code; a bad code changes nothing."""
    return claims.claim_person_record(api_user(), data["code"], now=utcnow())


@duplicates_blp.route("", methods=["GET"])
@roles_required(Role.ORGANIZER)
@duplicates_blp.response(200, DuplicateSchema(many=True))
def list_duplicates() -> Any:
    """List pending duplicates of records registered in the caller's contests."""
    return person_duplicates.list_duplicates(api_user())


@duplicates_blp.route("/<int:person_id>/approve", methods=["POST"])
@roles_required(Role.ORGANIZER)
@duplicates_blp.response(200, ClaimedSchema)
def approve(person_id: int) -> Any:
    """Link the pending record's account to the existing record and merge the entries."""
    return person_duplicates.approve_duplicate(api_user(), person_id, now=utcnow())


@duplicates_blp.route("/<int:person_id>/refuse", methods=["POST"])
@roles_required(Role.ORGANIZER)
@duplicates_blp.arguments(RefuseSchema)
@duplicates_blp.response(200, ClaimedSchema)
def refuse(data: dict[str, Any], person_id: int) -> Any:
    """Keep the pending record apart from the existing one."""
    return person_duplicates.refuse_duplicate(api_user(), person_id, now=utcnow(),
                                              reason=data["reason"])


@claim_codes_blp.route("/<int:person_id>/claim-code", methods=["POST"])
@roles_required(Role.ORGANIZER)
@claim_codes_blp.response(201, ClaimCodeSchema)
def issue_code(person_id: int) -> dict[str, Any]:
    """Issue a claim code for a record without an account; it is shown only in this answer."""
    person, code = claims.issue_claim_code(api_user(), person_id, now=utcnow())
    return {"person_id": person.id, "code": claims.format_code(code),
            "expires_in_days": claims.CODE_DAYS}
