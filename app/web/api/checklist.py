"""/api/v1/competitions/<id>/checklist: what is missing before registration and judging."""

from __future__ import annotations

from typing import Any

from app.security import Role, roles_required
from app.services.setup import checklist
from app.web.api.base import ApiBlueprint, api_user
from app.web.checklist_links import fix_url

blp = ApiBlueprint("checklist", __name__,
                   url_prefix="/api/v1/competitions/<int:competition_id>/checklist",
                   description="The set-up checklist of a competition, each line with the page "
                               "that fixes it.")


@blp.route("", methods=["GET"])
@roles_required(Role.ORGANIZER)
@blp.response(200)
def get_checklist(competition_id: int) -> dict[str, Any]:
    """Return each check (code, stage, ok, message, project) and whether each stage is ready."""
    result = checklist.get_checklist(api_user(), competition_id)
    body = result.to_dict()
    for item, line in zip(result.items, body["items"], strict=True):
        line["fix_url"] = fix_url(item, competition_id)
    return body
