"""The one error family: every refused request is a ServiceError (code, status, message).

Services raise it (or a subclass); views never catch it. One handler per surface turns it into
the answer its client expects: the API's ``{"error": {code, message, field}}`` with the status,
a flashed message and a redirect back for pages, an ``{"ok": false, ...}`` ack for sockets.
The message goes through the Flask-Babel catalogs: services pass gettext's text or a lazy
string, which ``message`` resolves in the language of the request that shows it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class ServiceError(ValueError):
    """A refused request: a stable machine code, a translated message, the field, an HTTP status."""

    status = 422
    # True for "the record this request is about is not there" (see RecordNotFound).
    missing_record = False

    def __init__(
        self,
        code: str,
        message: Any,
        *,
        field: str | None = None,
        status: int | None = None,
        params: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(code)
        self.code = code
        self._message = message
        self.field = field
        if status is not None:
            self.status = status
        self.params: dict[str, Any] = dict(params or {})

    @property
    def message(self) -> str:
        """Return the message in the current user's language (a lazy string is resolved now)."""
        return str(self._message)

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"

    def details(self) -> dict[str, Any]:
        """Return extra keys for the API's error object (none by default)."""
        return {}

    def to_ack(self) -> dict[str, Any]:
        """Return the socket acknowledgement for this refusal."""
        return {"ok": False, "code": self.code, "message": self.message, "field": self.field}


class NotFoundError(ServiceError):
    """The record does not exist, or the caller may not see it (both answer 404)."""

    status = 404


class RecordNotFound(NotFoundError):
    """The record a request names (its URL's id) is not there, or not the caller's to see.

    Raised by the access loaders: a page answers the 404 page even after a POST, having no
    page of that record to go back to.
    """

    missing_record = True


class ForbiddenError(ServiceError):
    """The caller may see the record but may not do this to it."""

    status = 403


class ConflictError(ServiceError):
    """The request clashes with the record's current state."""

    status = 409
