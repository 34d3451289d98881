"""/api/v1 lot draw (抽签): commit a seed's hash, draw, reveal, and let anyone verify."""

from __future__ import annotations

from typing import Any

from app.domain.lotdraw import ALGORITHM
from app.models import Project
from app.models._types import utcnow
from app.security import Role, public, roles_required
from app.services.common.access import Need, get_project
from app.services.entry import lotdraw
from app.web.api.base import ApiBlueprint, api_user
from app.web.api.checkin_schemas import AssignmentSchema, LotDrawSchema

blp = ApiBlueprint(
    "lot-draw", __name__, url_prefix="/api/v1/projects",
    description="Lot draw (抽签): stations and anonymous codes from a committed, revealed seed.",
)


def draw_payload(project: Project) -> dict[str, Any]:
    """Describe a project's draw as the public may see it (never the name↔code mapping)."""
    row = lotdraw.get_draw(project)
    check = lotdraw.verify_draw(project) if row is not None and row.drawn_at else None
    status = "NONE" if row is None else ("DRAWN" if row.drawn_at else "COMMITTED")
    return {
        "project_id": project.id,
        "status": status,
        "seed_hash": row.seed_hash if row else None,
        # Sealed until the scores are locked (see app/services/entry/lotdraw.py).
        "seed": row.seed if row and row.drawn_at else None,
        "revealed": bool(row and row.seed),
        "committed_at": row.committed_at if row else None,
        "drawn_at": row.drawn_at if row else None,
        "contestants": check.contestants if check else 0,
        "list_digest": check.list_digest if check else None,
        "verified": check.ok if check else None,
        "algorithm": ALGORITHM,
    }


@blp.route("/<int:project_id>/lot-draw", methods=["GET"])
@public
@blp.response(200, LotDrawSchema)
def get_lot_draw(project_id: int) -> dict[str, Any]:
    """Show the published commitment, the verification once drawn, the seed once locked."""
    return draw_payload(get_project(api_user(), project_id))


@blp.route("/<int:project_id>/lot-draw/verify", methods=["GET"])
@public
@blp.response(200, LotDrawSchema)
def verify_lot_draw(project_id: int) -> dict[str, Any]:
    """Re-run the draw (with the sealed seed until the reveal); `verified` is the verdict."""
    return draw_payload(get_project(api_user(), project_id))


@blp.route("/<int:project_id>/lot-draw/commit", methods=["POST"])
@roles_required(Role.ORGANIZER)
@blp.response(201, LotDrawSchema)
def commit_lot_draw(project_id: int) -> dict[str, Any]:
    """Commit to a secret seed and publish its SHA-256 (step 1; once per project)."""
    project = get_project(api_user(), project_id, Need.MANAGE)
    lotdraw.commit_draw(project, user=api_user(), now=utcnow())
    return draw_payload(project)


@blp.route("/<int:project_id>/lot-draw/run", methods=["POST"])
@roles_required(Role.ORGANIZER)
@blp.response(200, LotDrawSchema)
def run_lot_draw(project_id: int) -> dict[str, Any]:
    """Draw stations and anonymous codes for the checked-in (step 2; the seed stays sealed)."""
    project = get_project(api_user(), project_id, Need.MANAGE)
    lotdraw.run_draw(project, user=api_user(), now=utcnow())
    return draw_payload(project)


@blp.route("/<int:project_id>/lot-draw/assignments", methods=["GET"])
@roles_required(Role.ORGANIZER)
@blp.response(200, AssignmentSchema(many=True))
def list_lot_draw_assignments(project_id: int) -> list[dict[str, Any]]:
    """List who drew which station and anonymous code (organizers only)."""
    project = get_project(api_user(), project_id, Need.MANAGE)
    return [
        {"registration_id": r.id, "ticket_no": r.ticket_no, "name": r.person.name,
         "station_no": r.station_no, "anonymous_code": r.anonymous_code}
        for r in lotdraw.list_assignments(project)
    ]
