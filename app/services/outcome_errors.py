"""Refusals of the outcome use cases (promotions, certificates, lifetime records)."""

from __future__ import annotations


class OutcomeError(ValueError):
    """A refused request: a stable code, a translated message, the field, an HTTP status."""

    def __init__(self, code: str, message: str, *, field: str | None = None,
                 status: int = 422) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.field = field
        self.status = status


class NotFound(OutcomeError):
    """The record does not exist, or the caller may not see it (both shown as 404)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(code, message, status=404)


class Forbidden(OutcomeError):
    """The caller may see the record but lacks the role to act on it."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(code, message, status=403)
