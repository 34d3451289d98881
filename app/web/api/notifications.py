"""/api/v1/notifications: the caller's inbox, rendered in the request's language."""

from __future__ import annotations

from typing import Any

from app.models._types import utcnow
from app.security import login_required
from app.services.identity import notifications as svc
from app.web.api.base import ApiBlueprint, api_user
from app.web.api.notification_schemas import (
    InboxQuerySchema,
    InboxSchema,
    MarkedSchema,
    NotificationSchema,
)

notifications_blp = ApiBlueprint(
    "notification_api", __name__, url_prefix="/api/v1/notifications",
    description="The caller's notifications: decisions, tickets, re-scores, results, "
                "certificates.")


@notifications_blp.route("", methods=["GET"])
@login_required
@notifications_blp.arguments(InboxQuerySchema, location="query")
@notifications_blp.response(200, InboxSchema)
def list_notifications(query: dict[str, Any]) -> Any:
    """List the caller's newest notifications and how many are unread."""
    user = api_user()
    return {"unread": svc.count_unread(user),
            "items": svc.list_notifications(user, unread_only=query["unread_only"],
                                            limit=query["limit"])}


@notifications_blp.route("/<int:notification_id>/read", methods=["POST"])
@login_required
@notifications_blp.response(200, NotificationSchema)
def mark_read(notification_id: int) -> Any:
    """Mark one of the caller's notifications read."""
    return svc.mark_read(api_user(), notification_id, now=utcnow())


@notifications_blp.route("/read-all", methods=["POST"])
@login_required
@notifications_blp.response(200, MarkedSchema)
def mark_all_read() -> Any:
    """Mark every one of the caller's notifications read."""
    return {"marked": svc.mark_all_read(api_user(), now=utcnow())}
