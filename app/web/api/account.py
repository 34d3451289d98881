"""/api/v1/me and /api/v1/tokens: who am I, and my API tokens."""

from __future__ import annotations

from typing import Any

from flask import g
from flask_babel import gettext as _

from app.models._types import utcnow
from app.security import login_required
from app.services import accounts
from app.web.api.base import ApiBlueprint, api_abort, api_user
from app.web.api.schemas import MeSchema, TokenCreatedSchema, TokenCreateSchema, TokenSchema

me_blp = ApiBlueprint(
    "me", __name__, url_prefix="/api/v1/me", description="The caller's own account."
)
tokens_blp = ApiBlueprint(
    "tokens", __name__, url_prefix="/api/v1/tokens",
    description="The caller's API tokens, sent as the header Authorization: Bearer TOKEN.",
)


@me_blp.route("", methods=["GET"])
@login_required
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
    """Create a token; the response is the only time its secret is shown."""
    try:
        token, plain = accounts.issue_api_token(
            api_user(), name=data["name"], days=data.get("days"), now=utcnow()
        )
    except accounts.AccountError as error:
        api_abort(422, error.code, error.message, field=error.field)
    fields = ("id", "name", "prefix", "created_at", "expires_at", "revoked_at", "last_used_at")
    return {**{name: getattr(token, name) for name in fields}, "token": plain}


@tokens_blp.route("/<int:token_id>", methods=["DELETE"])
@login_required
@tokens_blp.response(204)
def revoke_token(token_id: int) -> None:
    """Revoke one of the caller's tokens."""
    try:
        accounts.revoke_api_token(api_user(), token_id, now=utcnow())
    except accounts.AccountError:
        api_abort(404, "token.not_found", _("No such token."))
