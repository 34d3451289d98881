"""The account error family (kept apart so the password policy and accounts share it)."""

from __future__ import annotations

from app.errors import ServiceError


class AccountError(ServiceError):
    """A refused account operation: a stable code, a translated message, the field."""
