"""Refusals of the board, publication and appeal use cases: a code, a field and a message."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext as _l

from app.errors import ServiceError

# code → (HTTP status, English msgid; the zh_CN catalog gives the Chinese).
_TEXTS: dict[str, tuple[int, Any]] = {
    "auth.forbidden": (403, _l("You do not have permission to do this.")),
    "project.not_found": (404, _l("No such project.")),
    "competition.not_found": (404, _l("No such competition.")),
    "appeal.not_found": (404, _l("No such appeal.")),
    "publication.unlocked": (
        409, _l("The scores are not locked yet; the chief judge must lock them before publication.")
    ),
    "publication.final": (409, _l("The results are final and can no longer change.")),
    "publication.not_published": (409, _l("The results have not been published yet.")),
    "publication.appeals_open": (
        409,
        _l("An appeal of this project is still open; results stay provisional until it is "
           "decided."),
    ),
    "appeal.not_contestant": (
        403, _l("Only the contestant of this registration may appeal about it.")
    ),
    "appeal.rejected_late": (
        409,
        _l("The appeal window closed at %(deadline)s (%(minutes)s minutes after the contest "
           "ended)."),
    ),
    "appeal.not_started": (409, _l("The contest has not ended yet; appeals open when it ends.")),
    "appeal.kind": (422, _l("Choose a score appeal (申诉) or an objection (异议).")),
    "appeal.subject": (422, _l("Choose what the appeal is about: score, equipment or conduct.")),
    "appeal.text": (422, _l("Write what happened and what you ask for (10 to 5000 characters).")),
    "appeal.aspect": (422, _l("This aspect is not part of the project.")),
    "appeal.attachment_size": (422, _l("The attachment is larger than 5 MB.")),
    "appeal.decided": (409, _l("This appeal has already been decided; the decision is final.")),
    "appeal.decision": (422, _l("Choose UPHELD or DISMISSED.")),
    "appeal.reason": (422, _l("Write the reason for the decision (at least 10 characters).")),
    "appeal.recused": (
        403, _l("You must recuse yourself from this appeal: %(reasons)s")
    ),
    "ceremony.unlocked": (409, _l("Lock the scores before the ceremony.")),
    "ceremony.mode": (422, _l("Choose a reveal mode: all places or medals only.")),
    "ceremony.not_started": (409, _l("No ceremony is running for this project.")),
}


class BoardError(ServiceError):
    """A refused action: nothing changed; ``code``, ``field``, a message in the user's language."""

    def __init__(
        self, code: str, *, field: str | None = None, params: Mapping[str, Any] | None = None,
        message: str | None = None, status: int | None = None,
    ) -> None:
        super().__init__(code, message, field=field, params=params)
        self._status = status

    @property
    def status(self) -> int:  # type: ignore[override]
        """Return the HTTP status that fits the refusal."""
        return self._status or _TEXTS.get(self.code, (422, ""))[0]

    @property
    def message(self) -> str:
        """Return the message in the request's language."""
        if self._message:
            return str(self._message)
        entry = _TEXTS.get(self.code)
        if entry is None:
            return self.code
        try:
            return str(entry[1]) % self.params if self.params else str(entry[1])
        except (KeyError, TypeError, ValueError):
            return str(entry[1])

    def to_dict(self) -> dict[str, Any]:
        """Return {ok: false, code, message, field} for an ack or a JSON body."""
        return {"ok": False, "code": self.code, "message": self.message, "field": self.field}
