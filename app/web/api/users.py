"""/api/v1/users and /api/v1/password-reset: the users page and the reset with a code."""

from __future__ import annotations

from typing import Any

from flask_login import current_user

from app.models._types import utcnow
from app.security import Role, public, roles_required
from app.services.common.list_query import page_info
from app.services.identity import account_admin
from app.web.api.account_schemas import (
    ActiveSchema,
    PasswordResetSchema,
    ResetCodeSchema,
    RolesSchema,
    UserPageSchema,
    UserQuerySchema,
)
from app.web.api.base import ApiBlueprint
from app.web.api.list_schemas import list_filter

users_blp = ApiBlueprint(
    "users", __name__, url_prefix="/api/v1/users",
    description="Accounts: search, unlock, enable or disable, roles, one-time reset codes.",
)
reset_blp = ApiBlueprint(
    "password_reset", __name__, url_prefix="/api/v1/password-reset",
    description="Set a new password with a one-time reset code.",
)


@users_blp.route("", methods=["GET"])
@roles_required(Role.ADMIN, Role.ORGANIZER)
@users_blp.arguments(UserQuerySchema, location="query")
@users_blp.response(200, UserPageSchema)
def list_users(query: dict[str, Any]) -> dict[str, Any]:
    """List the accounts the caller may manage (organizers: contestants only), paged."""
    page, rows = account_admin.page_users(current_user, list_filter(query), now=utcnow())
    return {**page_info(page), "items": rows}


@users_blp.route("/<int:user_id>/unlock", methods=["POST"])
@roles_required(Role.ADMIN, Role.ORGANIZER)
@users_blp.response(204)
def unlock_user(user_id: int) -> None:
    """Clear the account's failed log-ins, so it may try again at once."""
    account_admin.unlock_user(current_user, user_id, now=utcnow())


@users_blp.route("/<int:user_id>/active", methods=["PUT"])
@roles_required(Role.ADMIN)
@users_blp.arguments(ActiveSchema)
@users_blp.response(204)
def set_active(data: dict[str, Any], user_id: int) -> None:
    """Enable or disable an account; disabling ends its sessions and stops its tokens."""
    account_admin.set_user_active(current_user, user_id, active=data["active"], now=utcnow())


@users_blp.route("/<int:user_id>/roles", methods=["PUT"])
@roles_required(Role.ADMIN)
@users_blp.arguments(RolesSchema)
@users_blp.response(200, RolesSchema)
def set_roles(data: dict[str, Any], user_id: int) -> dict[str, Any]:
    """Set the account's unscoped roles among ADMIN, APPROVER, ARBITRATOR, CHIEF_JUDGE, JUDGE.

    Organizers are attached to a body (/api/v1/organizations/{id}/organizers) and a
    competition's staff keep their scoped roles: neither changes here. An administrator
    cannot remove their own ADMIN role (409 user.self_admin_removed). Audited.
    """
    user = account_admin.set_user_roles(current_user, user_id, roles=data["roles"],
                                        now=utcnow())
    return {"roles": list(account_admin.granted_roles(user))}


@users_blp.route("/<int:user_id>/reset-code", methods=["POST"])
@roles_required(Role.ADMIN, Role.ORGANIZER)
@users_blp.response(201, ResetCodeSchema)
def issue_reset_code(user_id: int) -> dict[str, Any]:
    """Issue a one-time reset code to hand over in person (shown only in this response)."""
    user, code = account_admin.issue_reset_code(current_user, user_id, now=utcnow())
    return {"user_id": user.id, "code": code, "expires_at": user.reset_code_expires_at}


@reset_blp.route("", methods=["POST"])
@public
@reset_blp.arguments(PasswordResetSchema)
@reset_blp.response(204)
def reset_password(data: dict[str, Any]) -> None:
    """Set a new password with a reset code; wrong codes slow the account down like log-ins."""
    account_admin.reset_password_with_code(data["username"], data["code"],
                                           data["new_password"], now=utcnow())
