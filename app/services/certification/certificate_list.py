"""Certificates as one long list across the projects a user organizes (issue #17, item 7).

Only contestants' certificates (those of a registration) are listed here; unit and coach
awards stay on their own page.
"""

from __future__ import annotations

from typing import Any

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, false, select
from sqlalchemy.orm import contains_eager

from app.documents.workbooks import rows_xlsx
from app.models import Certificate, Person, Project, Registration
from app.services.common import labels, list_query, local_time, scope
from app.services.common.list_query import ListFilter, ListSpec, SortKey
from app.services.common.offload import offload

STATUSES = ("VALID", "REVOKED")
HEADERS = ("证书编号", "类别", "姓名", "准考证号", "项目", "状态", "颁发时间", "作废原因")


def _search(text: str) -> Any:
    """Holder's name, serial number, admission ticket or registration number."""
    number = list_query.number_in(text)
    return list_query.any_of(
        list_query.contains(Person.name, text), list_query.contains(Certificate.serial, text),
        list_query.contains(Registration.ticket_no, text),
        Registration.id == number if number is not None else None)


SPEC = ListSpec(
    sorts={"serial": SortKey((Certificate.serial,), natural=True),
           "name": SortKey((Person.name,)), "kind": SortKey((Certificate.kind,)),
           "issued_at": SortKey((Certificate.issued_at,)),
           "ticket_no": SortKey((Registration.ticket_no,), natural=True)},
    default_sort="serial", tiebreak=Certificate.id, search=_search,
    status=Certificate.status, project=Registration.project_id,
    organization=Registration.organization_id,
)


def _visible(user: Any) -> Select[Any]:
    """Certificates of the competitions the user organizes (scope.managed_competition_ids)."""
    query = (select(Certificate)
             .join(Registration, Registration.id == Certificate.registration_id)
             .join(Person, Person.id == Registration.person_id)
             .join(Project, Project.id == Registration.project_id)
             .options(contains_eager(Certificate.registration)
                      .contains_eager(Registration.person),
                      contains_eager(Certificate.registration)
                      .contains_eager(Registration.project)))
    managed = scope.managed_competition_ids(user)
    if managed is None:
        return query
    return query.where(Project.competition_id.in_(managed)) if managed else query.where(false())


def page_certificates(user: Any, wanted: ListFilter) -> Pagination:
    """Return one page of the certificates the user may see, filtered and sorted."""
    return list_query.page_of(_visible(user), SPEC, wanted)


def list_all_certificates(user: Any, wanted: ListFilter) -> list[Certificate]:
    """Return every matching certificate the user may see (exports)."""
    return list_query.everything(_visible(user), SPEC, wanted)


def export_workbook(user: Any, wanted: ListFilter) -> bytes:
    """Return the filtered certificates as .xlsx, in the page's order."""
    rows = []
    for cert in list_all_certificates(user, wanted):
        reg = cert.registration
        rows.append([cert.serial, labels.chinese(cert.kind, "certificate_kind"),
                     reg.person.name, reg.ticket_no or "", reg.project.name,
                     labels.chinese(cert.status, "certificate_status"),
                     local_time.to_local(cert.issued_at), cert.revoked_reason])
    return offload(rows_xlsx, "证书", HEADERS, rows)
