"""/api/v1/auth/token: exchange a username and password for an API token (no session needed)."""

from __future__ import annotations

from typing import Any

from app.models._types import utcnow
from app.security import public
from app.services.identity import accounts
from app.web.api.base import ApiBlueprint
from app.web.api.token_login_schemas import PasswordTokenInSchema

blp = ApiBlueprint("token_login", __name__, url_prefix="/api/v1/auth",
                   description="Log in for API clients: the same checks and throttling as the "
                               "log-in page, answering a bearer token instead of a cookie.")


@blp.route("/token", methods=["POST"])
@public
@blp.arguments(PasswordTokenInSchema)
@blp.response(201)
def issue_token(data: dict[str, Any]) -> dict[str, Any]:
    """Check the password and return a new token; its secret is shown only here.

    `must_change_password` true: the password was set by someone else; the token only
    reaches GET /api/v1/me and POST /api/v1/me/password until it is changed.
    """
    now = utcnow()
    # Refusals are ServiceErrors (401 for a bad password, 429 while the account waits):
    # the one API error handler answers them.
    user = accounts.authenticate(data["username"], data["password"], now=now)
    token, plain = accounts.issue_api_token(user, name=data["name"], days=data["days"], now=now)
    return {"id": token.id, "name": token.name, "prefix": token.prefix,
            "expires_at": token.expires_at.isoformat() if token.expires_at else None,
            "token": plain, "user_id": user.id,
            "must_change_password": user.must_change_password}
