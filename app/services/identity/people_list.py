"""People (contestants' records) as one long list, masked as everywhere else (issue #17.7).

Administrators see every record; organizers the people registered in a competition they
organize. ID numbers and phones are masked (people.mask_id_number), so the search matches only
the characters the mask shows: the first six or the last four.
"""

from __future__ import annotations

import re
from typing import Any

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, exists, false, select
from sqlalchemy.orm import joinedload

from app.documents.workbooks import rows_xlsx
from app.models import Person, Project, Registration
from app.services.common import labels, list_query, scope
from app.services.common.list_query import ListFilter, ListSpec, SortKey
from app.services.common.offload import offload
from app.services.identity.people import mask_id_number, mask_phone

HEADERS = ("姓名", "身份证号", "性别", "手机", "工作单位或学校")
_ID_PART = re.compile(r"[0-9Xx]+")
SHOWN_HEAD, SHOWN_TAIL = 6, 4


def _search(text: str) -> Any:
    """Name; the shown start (up to 6) or end (up to 4) of the ID number."""
    id_part = text.upper() if _ID_PART.fullmatch(text) else ""
    return list_query.any_of(
        list_query.contains(Person.name, text),
        Person.id_number.startswith(id_part, autoescape=True)
        if id_part and len(id_part) <= SHOWN_HEAD else None,
        list_query.ends_with(Person.id_number, id_part)
        if id_part and len(id_part) <= SHOWN_TAIL else None)


SPEC = ListSpec(
    sorts={"name": SortKey((Person.name,)), "id": SortKey((Person.id,)),
           "created_at": SortKey((Person.created_at,))},
    default_sort="name", tiebreak=Person.id, search=_search,
    organization=Person.organization_id,
)


def _visible(user: Any, wanted: ListFilter) -> Select[Any]:
    """People the user may list, narrowed by registration status and project.

    One registration must match both (in a competition the user organizes, with the status,
    in the project); an administrator with neither filter also sees unregistered people.
    """
    query = select(Person).options(joinedload(Person.organization))
    managed = scope.managed_competition_ids(user)
    if managed is not None and not managed:
        return query.where(false())
    if managed is None and not wanted.status and wanted.project_id is None:
        return query
    match = select(Registration.id).join(Project, Project.id == Registration.project_id).where(
        Registration.person_id == Person.id)
    if managed is not None:
        match = match.where(Project.competition_id.in_(managed))
    if wanted.status:
        match = match.where(Registration.status == wanted.status)
    if wanted.project_id is not None:
        match = match.where(Registration.project_id == wanted.project_id)
    return query.where(exists(match))


def page_people(user: Any, wanted: ListFilter) -> Pagination:
    """Return one page of the people the user may list, filtered and sorted."""
    return list_query.page_of(_visible(user, wanted), SPEC, wanted)


def list_all_people(user: Any, wanted: ListFilter) -> list[Person]:
    """Return every matching person the user may list (exports)."""
    return list_query.everything(_visible(user, wanted), SPEC, wanted)


def masked(person: Person) -> dict[str, Any]:
    """Return what a list shows of a person: ID number and phone masked."""
    return {"id": person.id, "name": person.name,
            "id_number": mask_id_number(person.id_number), "phone": mask_phone(person.phone),
            "gender": person.gender,
            "organization": person.organization.name if person.organization else ""}


def export_workbook(user: Any, wanted: ListFilter) -> bytes:
    """Return the filtered people as .xlsx, masked like the page."""
    rows = [masked(p) for p in list_all_people(user, wanted)]
    return offload(rows_xlsx, "人员", HEADERS, [
        [r["name"], r["id_number"], labels.chinese(r["gender"], "gender"), r["phone"],
         r["organization"]] for r in rows])
