"""Plain factory functions for test data; fixtures in conftest.py wrap them."""

from __future__ import annotations

from itertools import count
from typing import Any

from werkzeug.security import generate_password_hash

_seq = count(1)
# Hashing at full strength costs ~50 ms a user; tests don't need it.
FAST_HASH = "pbkdf2:sha256:1000"
PASSWORD = "Test-pass-123"


def create_user(*roles: str, username: str | None = None, password: str = PASSWORD,
                **fields: Any) -> Any:
    """Create and commit a user holding `roles` (unscoped)."""
    from app.extensions import db
    from app.models import RoleAssignment, User

    user = User(
        username=username or f"user{next(_seq)}",
        password_hash=generate_password_hash(password, method=FAST_HASH),
        display_name=fields.pop("display_name", "测试用户"),
        **fields,
    )
    user.roles = [RoleAssignment(role=str(role)) for role in roles]
    db.session.add(user)
    db.session.commit()
    return user
