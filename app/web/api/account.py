"""/api/v1/me and /api/v1/tokens: who am I, and my API tokens."""

from __future__ import annotations

from typing import Any

from flask import g

from app.models._types import utcnow
from app.security import before_password_change, login_required
from app.services.identity import account_admin, accounts
from app.web.api.account_schemas import (
    MeSchema,
    PasswordChangeSchema,
    TokenCreatedSchema,
    TokenCreateSchema,
    TokenSchema,
)
from app.web.api.base import ApiBlueprint, api_user

me_blp = ApiBlueprint(
    "me", __name__, url_prefix="/api/v1/me", description="The caller's own account."
)
tokens_blp = ApiBlueprint(
    "tokens", __name__, url_prefix="/api/v1/tokens",
    description="The caller's API tokens, sent as the header Authorization: Bearer TOKEN.",
)


@me_blp.route("", methods=["GET"])
@login_required
@before_password_change
@me_blp.response(200, MeSchema)
def get_me() -> dict[str, Any]:
    """Return the caller's account and roles."""
    user = api_user()
    return {
        "id": user.id,
        "username": user.username,
        "display_name": user.display_name,
        "email": user.email,
        "locale": user.locale,
        "roles": user.roles,
        "auth": g.get("jx_auth_method", "session"),
        "must_change_password": user.must_change_password,
    }


@tokens_blp.route("", methods=["GET"])
@login_required
@tokens_blp.response(200, TokenSchema(many=True))
def list_tokens() -> list[Any]:
    """List the caller's tokens, newest first (secrets are never shown again)."""
    return accounts.list_api_tokens(api_user())


@tokens_blp.route("", methods=["POST"])
@login_required
@tokens_blp.arguments(TokenCreateSchema)
@tokens_blp.response(201, TokenCreatedSchema)
def create_token(data: dict[str, Any]) -> dict[str, Any]:
    """Create a token; the response is the only time its secret is shown.

    Called with a token, that token needs the `tokens` scope and the new one is its child:
    no wider scopes, no longer life, revoked with it.
    """
    token, plain = accounts.issue_api_token(
        api_user(), name=data["name"], days=data.get("days"), now=utcnow(),
        scopes=data.get("scopes"), parent=g.get("jx_token"),
    )
    fields = ("id", "name", "prefix", "created_at", "expires_at", "revoked_at", "last_used_at",
              "scopes", "parent_id")
    return {**{name: getattr(token, name) for name in fields}, "token": plain}


@tokens_blp.route("/<int:token_id>", methods=["DELETE"])
@login_required
@tokens_blp.response(204)
def revoke_token(token_id: int) -> None:
    """Revoke one of the caller's tokens and every token created with it."""
    accounts.revoke_api_token(api_user(), token_id, now=utcnow())


@me_blp.route("/password", methods=["POST"])
@login_required
@before_password_change
@me_blp.arguments(PasswordChangeSchema)
@me_blp.response(204)
def change_password(data: dict[str, Any]) -> None:
    """Change the caller's password; every session of the caller ends (tokens stay).

    An account whose password someone else set (an organizer's one-time password) must call
    this first: until then every other call answers 403 auth.password_change_required.
    """
    account_admin.change_password(api_user(), current_password=data["current_password"],
                                  new_password=data["new_password"], now=utcnow())


@me_blp.route("/sessions", methods=["DELETE"])
@login_required
@before_password_change
@me_blp.response(204)
def end_sessions() -> None:
    """Log the caller out of every browser session (API tokens are revoked separately)."""
    account_admin.end_sessions(api_user(), now=utcnow(), reason="api")
