"""Roles and the access decorators every view must carry."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import StrEnum
from functools import wraps
from typing import Any, TypeVar

from flask import abort, request
from flask_login import current_user

F = TypeVar("F", bound=Callable[..., Any])

# Attribute set on every view function; a test walks app.url_map and checks it.
ACCESS_ATTR = "_jx_access"
PUBLIC = "public"
AUTHENTICATED = "authenticated"


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


def roles_required(*roles: str | Role) -> Callable[[F], F]:
    """Require a logged-in user holding one of `roles` (any role if none are given)."""
    wanted = tuple(str(r) for r in roles)

    def decorate(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return _unauthenticated()
            if wanted and not has_role(current_user, *wanted):
                abort(403)
            return view(*args, **kwargs)

        setattr(wrapper, ACCESS_ATTR, wanted or AUTHENTICATED)
        return wrapper  # type: ignore[return-value]

    return decorate


def _unauthenticated() -> Any:
    from app.extensions import login_manager

    if request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json":
        abort(401)
    return login_manager.unauthorized()


def access_of(view: Callable[..., Any]) -> str | tuple[str, ...] | None:
    """Return what a view declared: PUBLIC, AUTHENTICATED, a tuple of roles, or None."""
    return getattr(view, ACCESS_ATTR, None)


def roles_in(values: Iterable[str]) -> list[Role]:
    """Parse role codes, ignoring unknown ones."""
    return [Role(v) for v in values if v in Role.__members__]
