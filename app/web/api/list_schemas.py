"""Query arguments and page envelope shared by every long list under /api/v1 (issue #17.7).

A list's argument schema subclasses `ListArgsSchema`, narrows ``status`` and ``sort`` with
OneOf and removes the filters it lacks; `list_filter` turns the loaded arguments into the
service's filter, and `PageSchema` is the envelope: items, total, page, per_page, pages.
"""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from app.services.certification import certificate_list
from app.services.common import labels
from app.services.common.list_query import (
    DEFAULT_PER_PAGE,
    MAX_PAGE,
    MAX_PER_PAGE,
    MAX_SEARCH,
    ListFilter,
    ListSpec,
    parse_sort,
    sort_choices,
)
from app.services.entry.registration_status import STATUSES as REGISTRATION_STATUSES
from app.services.identity import people_list
from app.services.results import appeals_read
from app.services.scoring import audit_log
from app.services.setup import judge_list
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

# ---------------------------------------------------------------- the lists' arguments



class AppealListArgsSchema(ListArgsSchema):
    """Appeal list (q: contestant, appeal number or ticket; status: the appeal's state)."""

    status = fields.String(validate=validate.OneOf(list(labels.APPEAL_STATE)))
    sort = sort_field(appeals_read.APPEAL_SPEC)


class AuditListArgsSchema(ListArgsSchema):
    """Audit log (q: action, object, actor, reason or number); no status or organisation."""

    sort = sort_field(audit_log.SPEC)

    class Meta:
        exclude = ("status", "organization_id")


class CertificateListArgsSchema(ListArgsSchema):
    """Certificate list (q: holder, serial, ticket or registration number)."""

    status = fields.String(validate=validate.OneOf(list(certificate_list.STATUSES)))
    sort = sort_field(certificate_list.SPEC)


class JudgeListArgsSchema(ListArgsSchema):
    """Judge assignments (q: account or name; status: JUDGE or CHIEF_JUDGE)."""

    status = fields.String(validate=validate.OneOf(list(judge_list.ROLES)))
    sort = sort_field(judge_list.SPEC)


class PeopleListArgsSchema(ListArgsSchema):
    """People (q: name, or the first 6 or last 4 characters of the ID number).

    status and project_id: people with a registration of that status in that project.
    """

    status = fields.String(validate=validate.OneOf(list(REGISTRATION_STATUSES)))
    sort = sort_field(people_list.SPEC)


# ---------------------------------------------------------------- the lists' rows


class AppealRowSchema(Schema):
    """One appeal of the list."""

    id = BoundedInteger()
    kind = fields.String()
    project_id = BoundedInteger()
    project_name = fields.String()
    registration_id = BoundedInteger()
    contestant = fields.String()
    ticket_no = fields.String(allow_none=True)
    subject = fields.String()
    state = fields.String()
    filed_at = fields.DateTime()
    decision_reason = fields.String()
    recused = fields.List(fields.String())


class AuditRowSchema(Schema):
    """One audit entry."""

    id = BoundedInteger()
    at = fields.DateTime()
    action = fields.String()
    entity = fields.String()
    entity_id = BoundedInteger(allow_none=True)
    project_id = BoundedInteger(allow_none=True)
    actor_id = BoundedInteger(allow_none=True)
    actor = fields.String()
    reason = fields.String()


class CertificateRowSchema(Schema):
    """One certificate of the list."""

    id = BoundedInteger()
    serial = fields.String()
    kind = fields.String()
    status = fields.String()
    holder = fields.String()
    ticket_no = fields.String(allow_none=True)
    registration_id = BoundedInteger()
    project_id = BoundedInteger()
    issued_at = fields.DateTime()
    revoked_reason = fields.String()


class JudgeRowSchema(Schema):
    """One judge assignment."""

    id = BoundedInteger()
    user_id = BoundedInteger()
    username = fields.String()
    name = fields.String()
    active = fields.Boolean()
    role = fields.String()
    project_id = BoundedInteger()
    project_name = fields.String()
    employer = fields.String()


class PersonRowSchema(Schema):
    """One person, ID number and phone masked."""

    id = BoundedInteger()
    name = fields.String()
    id_number = fields.String(metadata={"example": "110101********1234"})
    phone = fields.String(metadata={"example": "138****1234"})
    gender = fields.String()
    organization = fields.String()


class AppealPageSchema(PageSchema):
    """A page of appeals."""

    items = fields.List(fields.Nested(AppealRowSchema))


class AuditPageSchema(PageSchema):
    """A page of audit entries."""

    items = fields.List(fields.Nested(AuditRowSchema))


class CertificatePageSchema(PageSchema):
    """A page of certificates."""

    items = fields.List(fields.Nested(CertificateRowSchema))


class JudgePageSchema(PageSchema):
    """A page of judge assignments."""

    items = fields.List(fields.Nested(JudgeRowSchema))


class PersonPageSchema(PageSchema):
    """A page of people."""

    items = fields.List(fields.Nested(PersonRowSchema))
