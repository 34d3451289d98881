"""Refusals of the outcome use cases (promotions, certificates, lifetime records)."""

from __future__ import annotations

from flask_babel import gettext as _

from app.errors import ServiceError


class OutcomeError(ServiceError):
    """A refused outcome request (promotions, certificates, lifetime records)."""

    def __init__(self, code: str, message: str, *, field: str | None = None,
                 status: int = 422) -> None:
        super().__init__(code, message, field=field, status=status)


class NotFound(OutcomeError):
    """The record does not exist, or the caller may not see it (both shown as 404)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(code, message, status=404)


class Forbidden(OutcomeError):
    """The caller may see the record but lacks the role to act on it."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(code, message, status=403)


def checked_reason(reason: str | None, *, code: str, missing: str | None = None) -> str:
    """Return the trimmed reason, refusing one over 500 characters (or an empty one if required).

    ``code`` prefixes the error codes (``<code>.reason_required``, ``<code>.reason_too_long``);
    ``missing`` is the message for an empty reason, which is allowed when it is None.
    """
    text = (reason or "").strip()
    if not text and missing is not None:
        raise OutcomeError(f"{code}.reason_required", missing, field="reason")
    if len(text) > 500:
        raise OutcomeError(f"{code}.reason_too_long",
                           _("The reason is at most %(max)d characters.", max=500),
                           field="reason")
    return text
