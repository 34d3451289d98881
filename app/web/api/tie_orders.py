"""/api/v1 for the chief judge's tie order: the ties the chain leaves, and recording an order."""

from __future__ import annotations

from typing import Any

from app.models._types import utcnow
from app.security import Role, roles_required
from app.services.scoring import tie_orders
from app.web.api.base import ApiBlueprint, api_user
from app.web.api.tie_order_schemas import TieOrderInSchema

blp = ApiBlueprint("tie_orders", __name__, url_prefix="/api/v1/projects/<int:project_id>",
                   description="Ties that survive the tie-break chain and the chief judge's "
                               "order of them (DOMAIN §5, §10.6).")


@blp.route("/ties", methods=["GET"])
@roles_required(Role.CHIEF_JUDGE, Role.ORGANIZER)
@blp.response(200)
def list_ties(project_id: int) -> dict[str, Any]:
    """List the ties the chain leaves, every tie-break value side by side, and the order."""
    return tie_orders.get_tie_sheet(api_user(), project_id).to_dict()


@blp.route("/tie-order", methods=["POST"])
@roles_required(Role.CHIEF_JUDGE)
@blp.arguments(TieOrderInSchema)
@blp.response(201)
def record_tie_order(data: dict[str, Any], project_id: int) -> dict[str, Any]:
    """Record the order of one tie with a reason (audited; applies to ranks at once)."""
    row = tie_orders.record_tie_order(api_user(), project_id,
                                      registration_ids=data["registration_ids"],
                                      reason=data["reason"], now=utcnow())
    return {"id": row.id, "registration_ids": list(row.registration_ids),
            "tie_ids": list(row.tie_ids or []), "reason": row.reason,
            "decided_at": row.decided_at.isoformat()}
