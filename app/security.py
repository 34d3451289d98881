"""Roles and the access decorators every view must carry."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import StrEnum
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import request
from flask_login import current_user

F = TypeVar("F", bound=Callable[..., Any])

# Attribute set on every view function; a test walks app.url_map and checks it.
ACCESS_ATTR = "_jx_access"
PUBLIC = "public"
AUTHENTICATED = "authenticated"
# Set on the few views an account that must change its password may still use.
BEFORE_PASSWORD_CHANGE_ATTR = "_jx_before_password_change"


class Role(StrEnum):
    """The roles a user can hold (DOMAIN: organizer scoped to competitions)."""

    ADMIN = "ADMIN"
    ORGANIZER = "ORGANIZER"
    JUDGE = "JUDGE"
    CHIEF_JUDGE = "CHIEF_JUDGE"
    ARBITRATOR = "ARBITRATOR"
    APPROVER = "APPROVER"
    CONTESTANT = "CONTESTANT"


def user_roles(user: Any) -> set[str]:
    """Return the role codes a user holds, whatever their scope."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return {assignment.role for assignment in user.roles}


def has_role(user: Any, *roles: str) -> bool:
    """Tell whether the user holds any of the roles; admins hold them all."""
    held = user_roles(user)
    return Role.ADMIN in held or bool(held.intersection(roles))


def public(view: F) -> F:
    """Mark a view as open to everyone, logged in or not."""
    setattr(view, ACCESS_ATTR, PUBLIC)
    return view


def login_required(view: F) -> F:
    """Require any logged-in user."""
    return roles_required()(view)


def before_password_change(view: F) -> F:
    """Let an account that must change its password use this view (put it under the access
    decorator): the change-password page and API, log-out, who-am-I."""
    setattr(view, BEFORE_PASSWORD_CHANGE_ATTR, True)
    return view


def must_change_password(user: Any) -> bool:
    """Tell whether a logged-in user still holds a password someone else set."""
    return bool(getattr(user, "is_authenticated", False)
                and getattr(user, "must_change_password", False))


def roles_required(*roles: str | Role) -> Callable[[F], F]:
    """Require a logged-in user holding one of `roles` (any role if none are given)."""
    wanted = tuple(str(r) for r in roles)

    def decorate(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return _unauthenticated()
            if must_change_password(current_user) and not getattr(
                    view, BEFORE_PASSWORD_CHANGE_ATTR, False):
                return _password_change_required()
            if wanted and not has_role(current_user, *wanted):
                _forbidden()
            return view(*args, **kwargs)

        setattr(wrapper, ACCESS_ATTR, wanted or AUTHENTICATED)
        return wrapper  # type: ignore[return-value]

    return decorate


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def _unauthenticated() -> Any:
    from flask_babel import gettext as _
    from werkzeug.exceptions import Unauthorized

    from app.extensions import login_manager

    if _wants_json():
        exc = Unauthorized()
        exc.jx_code = "auth.required"  # type: ignore[attr-defined]
        exc.jx_message = _("Please log in, or send a valid API token.")  # type: ignore[attr-defined]
        raise exc
    return login_manager.unauthorized()


def _password_change_required() -> Any:
    """Send a page to the change-password form; answer API callers 403 with a clear code."""
    from flask import redirect, url_for
    from flask_babel import gettext as _
    from werkzeug.exceptions import Forbidden

    if _wants_json():
        exc = Forbidden()
        exc.jx_code = "auth.password_change_required"  # type: ignore[attr-defined]
        exc.jx_message = _(  # type: ignore[attr-defined]
            "Your password was set by someone else: change it (POST /api/v1/me/password) "
            "before using anything else.")
        raise exc
    # The change-password page itself says why (templates/auth/password.html).
    return redirect(url_for("auth.change_password"))


def _forbidden() -> None:
    from werkzeug.exceptions import Forbidden

    exc = Forbidden()
    exc.jx_code = "auth.forbidden"  # type: ignore[attr-defined]
    raise exc


def access_of(view: Callable[..., Any], method: str | None = None) -> str | tuple[str, ...] | None:
    """Return what a view declared: PUBLIC, AUTHENTICATED, a tuple of roles, or None.

    For a class-based view (MethodView) the declaration sits on each method handler:
    give `method` to read one; without it, the common declaration of all handlers
    (None when they differ or one is missing).
    """
    declared = getattr(view, ACCESS_ATTR, None)
    view_class = getattr(view, "view_class", None)
    if declared is not None or view_class is None:
        return declared
    if method is not None:
        handler = getattr(view_class, method.lower(), None)
        if handler is None and method.upper() == "HEAD":
            handler = getattr(view_class, "get", None)
        return getattr(handler, ACCESS_ATTR, None)
    found = {
        access_of(view, m) for m in (getattr(view_class, "methods", None) or ())
    }
    return found.pop() if len(found) == 1 else None


def is_safe_path(target: str | None) -> bool:
    """Tell whether `target` is a local path, safe to redirect to (no open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return False
    if "\\" in target or any(ord(ch) < 32 for ch in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def client_address() -> str:
    """Return the client's address, trusting X-Forwarded-For only behind configured proxies.

    HTTP requests pass through ProxyFix (set up when JX_TRUSTED_PROXIES > 0), which already
    put the client's address in remote_addr; Socket.IO requests reach the app before it, so
    the same rule is applied here: the n-th address from the right, n = trusted proxies.
    """
    from flask import current_app

    environ = request.environ
    if "werkzeug.proxy_fix.orig" not in environ:
        proxies = int(current_app.config.get("TRUSTED_PROXIES") or 0)
        forwarded = [part.strip() for part in
                     environ.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if proxies and len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.remote_addr or "unknown"


def roles_in(values: Iterable[str]) -> list[Role]:
    """Parse role codes, ignoring unknown ones."""
    return [Role(v) for v in values if v in Role.__members__]
