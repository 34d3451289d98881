"""/api/v1/organizations: the tree of organizing bodies, and the organizers attached to them."""

from __future__ import annotations

from typing import Any

from app.models._types import utcnow
from app.security import Role, roles_required
from app.services.common.access import get_organization
from app.services.setup import organizations
from app.web.api.base import ApiBlueprint, api_user
from app.web.api.organization_schemas import BodyInSchema, OrganizerInSchema
from app.web.secrets_page import forbid_caching

blp = ApiBlueprint("organizations", __name__, url_prefix="/api/v1/organizations",
                   description="Organizing bodies (人社部门, 行业主管部门, 企业, 院校): an admin "
                               "manages the tree, an organizer the bodies below their own.")

_MANAGERS = (Role.ADMIN, Role.ORGANIZER)


def _data(data: dict[str, Any]) -> organizations.BodyData:
    return organizations.BodyData(
        name=data.get("name"), kind=data.get("kind"), region=data.get("region"),
        region_code=data.get("region_code"), site_serial=data.get("site_serial"),
        parent_id=data.get("parent_id"), move="parent_id" in data)


@blp.route("", methods=["GET"])
@roles_required(*_MANAGERS)
@blp.response(200)
def list_bodies() -> list[dict[str, Any]]:
    """List the bodies the caller may see (an organizer: their own and below)."""
    return [organizations.body_dict(b) for b in organizations.list_bodies(api_user())]


@blp.route("", methods=["POST"])
@roles_required(*_MANAGERS)
@blp.arguments(BodyInSchema)
@blp.response(201)
def create_body(data: dict[str, Any]) -> dict[str, Any]:
    """Create a body: name, kind, region code, site serial, parent (an organizer: below theirs)."""
    body = organizations.create_body(api_user(), _data(data), now=utcnow())
    return organizations.body_dict(body)


@blp.route("/<int:body_id>", methods=["GET"])
@roles_required(*_MANAGERS)
@blp.response(200)
def get_body(body_id: int) -> dict[str, Any]:
    """Return one body."""
    return organizations.body_dict(get_organization(api_user(), body_id))


@blp.route("/<int:body_id>", methods=["PATCH"])
@roles_required(*_MANAGERS)
@blp.arguments(BodyInSchema)
@blp.response(200)
def update_body(data: dict[str, Any], body_id: int) -> dict[str, Any]:
    """Rename, re-describe or move a body (a move below itself is refused)."""
    body = organizations.update_body(api_user(), body_id, _data(data), now=utcnow())
    return organizations.body_dict(body)


@blp.route("/<int:body_id>/deactivate", methods=["POST"])
@roles_required(*_MANAGERS)
@blp.response(200)
def deactivate_body(body_id: int) -> dict[str, Any]:
    """Deactivate a body; its history stays."""
    return organizations.body_dict(organizations.deactivate_body(api_user(), body_id,
                                                                 now=utcnow()))


@blp.route("/<int:body_id>/organizers", methods=["POST"])
@roles_required(*_MANAGERS)
@blp.arguments(OrganizerInSchema)
@blp.response(201)
def add_organizer(data: dict[str, Any], body_id: int) -> dict[str, Any]:
    """Attach an organizer to a body; a new account's one-time password is shown once."""
    forbid_caching()
    if data.get("user_id") is not None:
        organizations.attach_organizer(api_user(), body_id, user_id=data["user_id"],
                                       now=utcnow())
        return {"user_id": data["user_id"], "organization_id": body_id}
    account, password = organizations.create_organizer(
        api_user(), body_id, username=data.get("username", ""),
        display_name=data.get("display_name", ""), now=utcnow())
    return {"user_id": account.id, "username": account.username, "organization_id": body_id,
            "one_time_password": password}
