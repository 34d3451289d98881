"""The audit log as a list: search, filter by project, sort and page (issue #17, item 7)."""

from __future__ import annotations

from typing import Any

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, false, select

from app.documents.workbooks import rows_xlsx
from app.extensions import db
from app.models import AuditEntry, Project, User
from app.services.common import list_query, local_time, scope
from app.services.common.list_query import ListFilter, ListSpec, SortKey
from app.services.common.offload import offload

HEADERS = ("编号", "时间", "操作", "对象", "对象编号", "项目", "操作人", "理由")


def _search(text: str) -> Any:
    """Action, object, reason, actor, or the entry's or object's number."""
    number = list_query.number_in(text)
    return list_query.any_of(
        list_query.contains(AuditEntry.action, text), list_query.contains(AuditEntry.entity, text),
        list_query.contains(AuditEntry.reason, text), list_query.contains(User.username, text),
        list_query.contains(User.display_name, text),
        AuditEntry.id == number if number is not None else None,
        AuditEntry.entity_id == number if number is not None else None)


SPEC = ListSpec(
    sorts={"id": SortKey((AuditEntry.id,)), "action": SortKey((AuditEntry.action,)),
           "project": SortKey((AuditEntry.project_id,)), "actor": SortKey((User.username,))},
    default_sort="id", default_descending=True, tiebreak=AuditEntry.id, search=_search,
    project=AuditEntry.project_id,
)


def _visible(user: Any) -> Select[Any]:
    """Every entry for an administrator; an organizer's projects' entries for an organizer."""
    query = (select(AuditEntry).outerjoin(User, User.id == AuditEntry.actor_id)
             .outerjoin(Project, Project.id == AuditEntry.project_id))
    managed = scope.managed_competition_ids(user)
    if managed is None:
        return query
    if not managed:
        return query.where(false())
    return query.where(Project.competition_id.in_(managed))


def page_entries(user: Any, wanted: ListFilter) -> Pagination:
    """Return one page of the audit entries the user may read, filtered and sorted."""
    return list_query.page_of(_visible(user), SPEC, wanted)


def list_all_entries(user: Any, wanted: ListFilter) -> list[AuditEntry]:
    """Return every matching entry the user may read (exports)."""
    return list_query.everything(_visible(user), SPEC, wanted)


def names(entries: list[AuditEntry]) -> tuple[dict[int, str], dict[int, str]]:
    """Return actor id → name and project id → name for a page of entries."""
    actors = {e.actor_id for e in entries if e.actor_id is not None}
    projects = {e.project_id for e in entries if e.project_id is not None}
    who = {uid: display or username for uid, display, username in db.session.execute(
        select(User.id, User.display_name, User.username).where(User.id.in_(actors)))}
    where = dict(db.session.execute(
        select(Project.id, Project.name).where(Project.id.in_(projects))).all())
    return who, where


def export_workbook(user: Any, wanted: ListFilter) -> bytes:
    """Return the filtered audit log as .xlsx, in the page's order."""
    return offload(rows_xlsx, "审计日志", HEADERS, export_rows(list_all_entries(user, wanted)))


def export_rows(entries: list[AuditEntry]) -> list[list[Any]]:
    """Lay entries out as rows under HEADERS (times where the contests are held)."""
    who, where = names(entries)
    return [[e.id, local_time.to_local(e.at), e.action, e.entity, e.entity_id,
             where.get(e.project_id or 0, ""), who.get(e.actor_id or 0, ""), e.reason]
            for e in entries]
