"""One way to list a long collection: search, filter, sort and page (issue #17, item 7).

Each list service declares a `ListSpec` (which column answers the status, project and
organisation filters, what the search matches, which sort keys exist) and passes a validated
`ListFilter` with its own scoped query. Pages come from Flask-SQLAlchemy's ``db.paginate`` and
exports from `everything`, so the page, the API and the .xlsx always show the same rows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import ColumnElement, Select, false, func, or_

from app.extensions import db

MAX_SEARCH = 100
MAX_PAGE = 100_000
MAX_PER_PAGE = 200
PER_PAGE_CHOICES = (20, 50, 100, 200)
DEFAULT_PER_PAGE = 50
# An export is a document, not a dump: beyond this the organizer narrows the filters.
EXPORT_LIMIT = 20_000


@dataclass(frozen=True)
class ListFilter:
    """What a list is narrowed to, how it is ordered and which page is wanted (validated)."""

    q: str = ""
    status: str | None = None
    project_id: int | None = None
    organization_id: int | None = None
    sort: str | None = None
    descending: bool = False
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE


@dataclass(frozen=True)
class SortKey:
    """The columns one sort key orders by; ``natural`` compares digit runs as numbers."""

    columns: tuple[Any, ...]
    natural: bool = False


@dataclass(frozen=True)
class ListSpec:
    """How one list answers the shared filters (None: the list has no such filter)."""

    sorts: Mapping[str, SortKey]
    default_sort: str
    tiebreak: Any
    search: Callable[[str], ColumnElement[bool] | None]
    status: Any = None
    project: Any = None
    organization: Any = None
    default_descending: bool = False


def sort_choices(spec: ListSpec) -> list[str]:
    """Return every accepted ``sort`` value: each key ascending, and descending with "-"."""
    return [key for name in spec.sorts for key in (name, f"-{name}")]


def parse_sort(text: str | None) -> tuple[str | None, bool]:
    """Split "-name" into ("name", True) and "name" into ("name", False)."""
    if not text:
        return None, False
    return (text[1:], True) if text.startswith("-") else (text, False)


def natural(column: Any) -> tuple[Any, ...]:
    """Order codes as numbers: shorter digit runs first, then the text ("9" < "10" < "A9").

    The same order as app.domain.ordering.natural_key for codes that share their shape
    (ticket numbers, serials, usernames like judge9/judge10), and it stays in SQL, so
    ``db.paginate`` pages it.
    """
    return (func.length(column), column)


def contains(column: Any, text: str) -> ColumnElement[bool]:
    """Match text anywhere in the column (wildcards in the text are literal)."""
    return column.contains(text, autoescape=True)


def ends_with(column: Any, text: str) -> ColumnElement[bool]:
    """Match the column's last characters (the last digits of an ID number)."""
    return column.endswith(text, autoescape=True)


def any_of(*clauses: ColumnElement[bool] | None) -> ColumnElement[bool] | None:
    """Join search clauses with OR, skipping the ones that do not apply."""
    kept = [c for c in clauses if c is not None]
    return or_(*kept) if kept else None


def number_in(text: str) -> int | None:
    """Return the text as a row number when it is one (search by registration number)."""
    digits = text.lstrip("#")
    # isascii: "²".isdigit() is true but int("²") fails.
    return int(digits) if digits.isascii() and digits.isdigit() and len(digits) <= 9 else None


def narrowed(query: Select[Any], spec: ListSpec, wanted: ListFilter) -> Select[Any]:
    """Apply the search and the status, project and organisation filters."""
    if wanted.status and spec.status is not None:
        query = query.where(spec.status == wanted.status)
    if wanted.project_id is not None and spec.project is not None:
        query = query.where(spec.project == wanted.project_id)
    if wanted.organization_id is not None and spec.organization is not None:
        query = query.where(spec.organization == wanted.organization_id)
    text = wanted.q.strip()[:MAX_SEARCH]
    if text:
        clause = spec.search(text)
        query = query.where(clause if clause is not None else false())
    return query


def ordered(query: Select[Any], spec: ListSpec, wanted: ListFilter) -> Select[Any]:
    """Order by the wanted sort key (the default when unknown), then by the tie-break."""
    if wanted.sort in spec.sorts:
        key, descending = spec.sorts[wanted.sort], wanted.descending
    else:
        key, descending = spec.sorts[spec.default_sort], spec.default_descending
    columns: list[Any] = []
    for column in key.columns:
        columns.extend(natural(column) if key.natural else (column,))
    columns.append(spec.tiebreak)
    return query.order_by(*(c.desc() if descending else c.asc() for c in columns))


def page_of(query: Select[Any], spec: ListSpec, wanted: ListFilter) -> Pagination:
    """Return one page of the filtered, sorted query (an empty page past the end)."""
    return db.paginate(
        ordered(narrowed(query, spec, wanted), spec, wanted),
        page=max(1, min(wanted.page, MAX_PAGE)),
        per_page=max(1, min(wanted.per_page, MAX_PER_PAGE)),
        max_per_page=MAX_PER_PAGE, error_out=False, count=True,
    )


def everything(query: Select[Any], spec: ListSpec, wanted: ListFilter) -> list[Any]:
    """Return every row of the filtered, sorted query (for an export), up to EXPORT_LIMIT."""
    rows = db.session.execute(
        ordered(narrowed(query, spec, wanted), spec, wanted).limit(EXPORT_LIMIT))
    return list(rows.unique().scalars())


def page_info(pagination: Pagination) -> dict[str, int]:
    """Return total, page, per_page and pages of a page, for the API."""
    return {"total": pagination.total or 0, "page": pagination.page,
            "per_page": pagination.per_page, "pages": pagination.pages}
