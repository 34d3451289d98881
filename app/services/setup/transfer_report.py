"""The check of an uploaded scheme or theory-score table: every problem, with row and column.

The same shape as the registration import's report (``to_dict``: filename, rows, valid_rows,
bad_rows, ok, errors[row, column, header, code, message]), plus the sheet a problem is on.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l

from app.errors import ServiceError


@dataclass(frozen=True)
class TransferError:
    """One problem of the file or of one row; ``row`` is the spreadsheet's row number."""

    row: int | None
    column: str | None
    header: str
    code: str
    message: str
    sheet: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {"sheet": self.sheet, "row": self.row, "column": self.column,
                "header": self.header, "code": self.code, "message": self.message}


@dataclass
class TransferReport:
    """Every problem of an upload, and how many rows could be taken."""

    filename: str
    rows: int
    errors: list[TransferError]
    valid_rows: int = 0
    planned: list[Any] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Tell whether the file has no problem and at least one usable row."""
        return not self.errors and self.valid_rows > 0

    @property
    def bad_rows(self) -> list[int]:
        """Return the numbers of the rows with a problem."""
        return sorted({e.row for e in self.errors if e.row is not None})

    @property
    def by_code(self) -> list[tuple[str, int]]:
        """Count the problems per reason code, most frequent first."""
        return Counter(e.code for e in self.errors).most_common()

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready summary with every error."""
        return {"filename": self.filename, "rows": self.rows, "valid_rows": self.valid_rows,
                "bad_rows": self.bad_rows, "ok": self.ok,
                "errors": [e.to_dict() for e in self.errors]}


class TransferRefused(ServiceError):
    """The upload has problems (or may not be taken now); nothing was changed."""

    def __init__(self, report: TransferReport, status: int = 422) -> None:
        super().__init__("transfer.refused", _l("The file has problems; nothing was changed."),
                         field="file", status=status)
        self.report = report
