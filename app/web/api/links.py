"""/api/v1 link requests (feeding another organizer's contest) and qualification conflicts."""

from __future__ import annotations

from typing import Any

from app.models._types import utcnow
from app.security import Role, roles_required
from app.services.identity import link_requests
from app.services.results.qualification_conflicts import list_qualification_conflicts
from app.web.api.base import ApiBlueprint, api_user
from app.web.api.link_schemas import (
    ConflictSchema,
    DeclineSchema,
    LinkRequestListSchema,
    LinkRequestSchema,
)

links_blp = ApiBlueprint(
    "link_requests", __name__, url_prefix="/api/v1/link-requests",
    description="Requests to feed another organizer's competition or project: the target's "
                "organizer accepts or declines, the requester may cancel.")
conflicts_blp = ApiBlueprint(
    "qualification_conflicts", __name__, url_prefix="/api/v1/qualification-conflicts",
    description="Places won in a feeder contest that the fed project's own decision refused.")


@links_blp.route("", methods=["GET"])
@roles_required(Role.ORGANIZER)
@links_blp.response(200, LinkRequestListSchema)
def list_requests() -> dict[str, Any]:
    """List link requests to or from the competitions the caller manages."""
    incoming, outgoing = link_requests.list_link_requests(api_user())
    return {"incoming": incoming, "outgoing": outgoing}


@links_blp.route("/<int:request_id>/accept", methods=["POST"])
@roles_required(Role.ORGANIZER)
@links_blp.response(200, LinkRequestSchema)
def accept_request(request_id: int) -> Any:
    """Accept a request to feed a competition or project the caller manages."""
    return link_requests.accept_link_request(api_user(), request_id, now=utcnow())


@links_blp.route("/<int:request_id>/decline", methods=["POST"])
@roles_required(Role.ORGANIZER)
@links_blp.arguments(DeclineSchema)
@links_blp.response(200, LinkRequestSchema)
def decline_request(data: dict[str, Any], request_id: int) -> Any:
    """Decline a request to feed a competition or project the caller manages."""
    return link_requests.decline_link_request(api_user(), request_id, now=utcnow(),
                                              reason=data["reason"])


@links_blp.route("/<int:request_id>/cancel", methods=["POST"])
@roles_required(Role.ORGANIZER)
@links_blp.response(200, LinkRequestSchema)
def cancel_request(request_id: int) -> Any:
    """Cancel a request the caller's side filed, before it is answered."""
    return link_requests.cancel_link_request(api_user(), request_id, now=utcnow())


@conflicts_blp.route("", methods=["GET"])
@roles_required(Role.ORGANIZER)
@conflicts_blp.response(200, ConflictSchema(many=True))
def list_conflicts() -> Any:
    """List refused places either side of which the caller manages, newest first."""
    return list_qualification_conflicts(api_user())
