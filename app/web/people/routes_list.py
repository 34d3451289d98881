"""The people list: records of those registered in the organizer's competitions, masked."""

from __future__ import annotations

from typing import Any

from flask import Response, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.security import Role, roles_required
from app.services.common import list_choices
from app.services.entry.registration_status import STATUSES
from app.services.identity import people_list
from app.web.context import code_label
from app.web.list_forms import list_form, query_args
from app.web.list_views import xlsx_download
from app.web.people import bp
from app.web.people.forms import PeopleListForm

SORTS = {"name": _l("Full name"), "id": _l("Record number"), "created_at": _l("Created")}


def _list_form() -> PeopleListForm:
    return list_form(PeopleListForm, request.args,
                     statuses={s: code_label(s) for s in STATUSES},
                     projects=list_choices.project_choices(current_user),
                     organizations=list_choices.organization_choices(current_user),
                     sorts=SORTS)


@bp.get("/")
@roles_required(Role.ORGANIZER)
def index() -> Any:
    """List the people the organizer may see, ID numbers and phones masked."""
    filters = _list_form()
    page = people_list.page_people(current_user, filters.to_filter())
    return render_template("people/index.html", page=page, filters=filters,
                           rows=[people_list.masked(p) for p in page.items],
                           args=query_args(request.args))


@bp.get("/export.xlsx")
@roles_required(Role.ORGANIZER)
def export() -> Response:
    """Download the filtered people list as .xlsx, masked like the page."""
    filters = _list_form()
    return xlsx_download(people_list.export_workbook(current_user, filters.to_filter()),
                         "人员.xlsx", ascii_name="people.xlsx")
