"""Judge assignments as one long list across the projects a user organizes (issue #17.7)."""

from __future__ import annotations

from typing import Any

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, false, select
from sqlalchemy.orm import contains_eager

from app.documents.workbooks import rows_xlsx
from app.extensions import db
from app.models import JudgeAssignment, Organization, Person, Project, User
from app.services.common import labels, list_query, scope
from app.services.common.list_choices import MAX_CHOICES
from app.services.common.list_query import ListFilter, ListSpec, SortKey
from app.services.common.offload import offload
from app.services.scoring.judging_access import CHIEF, JUDGE

ROLES = (JUDGE, CHIEF)
HEADERS = ("账号", "姓名", "工作单位", "项目", "角色", "账号状态")


def _search(text: str) -> Any:
    """Account name, display name or the person's name."""
    return list_query.any_of(
        list_query.contains(User.username, text), list_query.contains(User.display_name, text),
        list_query.contains(Person.name, text))


SPEC = ListSpec(
    sorts={"username": SortKey((User.username,), natural=True),
           "name": SortKey((User.display_name,)), "project": SortKey((Project.name,)),
           "role": SortKey((JudgeAssignment.role,))},
    default_sort="project", tiebreak=JudgeAssignment.id, search=_search,
    status=JudgeAssignment.role, project=JudgeAssignment.project_id,
    organization=Person.organization_id,
)


def _visible(user: Any) -> Select[Any]:
    """Assignments in the competitions the user organizes, with their accounts."""
    return _scoped(user, select(JudgeAssignment)).options(contains_eager(JudgeAssignment.user))


def _scoped(user: Any, query: Select[Any]) -> Select[Any]:
    """Keep assignments in competitions the user organizes (scope.managed_competition_ids)."""
    query = (query.select_from(JudgeAssignment).join(User, User.id == JudgeAssignment.user_id)
             .join(Project, Project.id == JudgeAssignment.project_id)
             .outerjoin(Person, Person.id == User.person_id))
    managed = scope.managed_competition_ids(user)
    if managed is None:
        return query
    return query.where(Project.competition_id.in_(managed)) if managed else query.where(false())


def organization_choices(user: Any) -> list[tuple[int, str]]:
    """Return (id, name) of the judges' employers in the user's reach, for the filter."""
    employers = _scoped(user, select(Person.organization_id)).where(
        Person.organization_id.is_not(None))
    query = (select(Organization.id, Organization.name)
             .where(Organization.id.in_(employers.scalar_subquery()))
             .order_by(Organization.name).limit(MAX_CHOICES))
    return [(oid, name) for oid, name in db.session.execute(query)]


def page_judges(user: Any, wanted: ListFilter) -> Pagination:
    """Return one page of the judge assignments the user may see, filtered and sorted."""
    return list_query.page_of(_visible(user), SPEC, wanted)


def list_all_judges(user: Any, wanted: ListFilter) -> list[JudgeAssignment]:
    """Return every matching judge assignment the user may see (exports)."""
    return list_query.everything(_visible(user), SPEC, wanted)


def details(assignments: list[JudgeAssignment]) -> dict[int, dict[str, str]]:
    """Return assignment id → project and employer names, for one page."""
    projects = dict(db.session.execute(select(Project.id, Project.name).where(
        Project.id.in_({a.project_id for a in assignments}))).all())
    employers = dict(db.session.execute(
        select(User.id, Organization.name).join(Person, Person.id == User.person_id)
        .join(Organization, Organization.id == Person.organization_id)
        .where(User.id.in_({a.user_id for a in assignments}))).all())
    return {a.id: {"project": projects.get(a.project_id, ""),
                   "employer": employers.get(a.user_id, "")} for a in assignments}


def export_workbook(user: Any, wanted: ListFilter) -> bytes:
    """Return the filtered judge assignments as .xlsx, in the page's order."""
    rows = list_all_judges(user, wanted)
    more = details(rows)
    return offload(rows_xlsx, "裁判", HEADERS, [
        [a.user.username, a.user.display_name, more[a.id]["employer"], more[a.id]["project"],
         labels.chinese(a.role, "role"), "启用" if a.user.active else "停用"] for a in rows])
