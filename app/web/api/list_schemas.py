"""Query arguments and page envelope shared by every long list under /api/v1 (issue #17.7).

A list's argument schema subclasses `ListArgsSchema`, narrows ``status`` and ``sort`` with
OneOf and removes the filters it lacks; `list_filter` turns the loaded arguments into the
service's filter, and `PageSchema` is the envelope: items, total, page, per_page, pages.
"""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from app.services.list_query import (
    DEFAULT_PER_PAGE,
    MAX_PAGE,
    MAX_PER_PAGE,
    MAX_SEARCH,
    ListFilter,
    ListSpec,
    parse_sort,
    sort_choices,
)
from app.web.api.fields import BoundedInteger


def sort_field(spec: ListSpec) -> fields.String:
    """Return the ``sort`` argument of a list: a key of its spec, "-" for descending."""
    return fields.String(validate=validate.OneOf(sort_choices(spec)), metadata={
        "description": "Sort key; prefix with '-' for descending. Codes sort as numbers."})


class ListArgsSchema(Schema):
    """Search, filters, sort and page of a list."""

    q = fields.String(load_default="", validate=validate.Length(max=MAX_SEARCH))
    status = fields.String()
    project_id = BoundedInteger(low=1)
    organization_id = BoundedInteger(low=1)
    sort = fields.String()
    page = BoundedInteger(low=1, high=MAX_PAGE, load_default=1)
    per_page = BoundedInteger(low=1, high=MAX_PER_PAGE, load_default=DEFAULT_PER_PAGE)


class PageSchema(Schema):
    """Page information of a list; subclasses add ``items``."""

    total = BoundedInteger()
    page = BoundedInteger()
    per_page = BoundedInteger()
    pages = BoundedInteger()


def list_filter(args: dict[str, Any], kind: type[ListFilter] = ListFilter,
                **extra: Any) -> Any:
    """Build the service filter from loaded list arguments."""
    sort, descending = parse_sort(args.get("sort"))
    return kind(q=args.get("q", ""), status=args.get("status"),
                project_id=args.get("project_id"),
                organization_id=args.get("organization_id"), sort=sort,
                descending=descending, page=args.get("page", 1),
                per_page=args.get("per_page", DEFAULT_PER_PAGE), **extra)
