"""The judge assignments of every project the organizer runs: one searchable list."""

from __future__ import annotations

from typing import Any

from flask import Response, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.security import Role, roles_required
from app.services.common import labels, list_choices
from app.services.setup import judge_list
from app.web.list_forms import list_form, query_args
from app.web.list_views import xlsx_download
from app.web.organizer import bp
from app.web.organizer.forms_staff import JudgeListForm

SORTS = {"project": _l("Project"), "username": _l("Username"), "name": _l("Name"),
         "role": _l("Role")}


def _list_form() -> JudgeListForm:
    return list_form(JudgeListForm, request.args,
                     statuses={r: labels.ROLE[r] for r in judge_list.ROLES},
                     projects=list_choices.project_choices(current_user),
                     organizations=judge_list.organization_choices(current_user),
                     sorts=SORTS)


@bp.get("/judges")
@roles_required(Role.ORGANIZER)
def judges() -> Any:
    """List the judges and chief judges assigned to the organizer's projects."""
    filters = _list_form()
    page = judge_list.page_judges(current_user, filters.to_filter())
    return render_template("organizer/judges.html", page=page, filters=filters,
                           more=judge_list.details(page.items),
                           args=query_args(request.args))


@bp.get("/judges/export.xlsx")
@roles_required(Role.ORGANIZER)
def judges_export() -> Response:
    """Download the filtered judge list as .xlsx."""
    filters = _list_form()
    return xlsx_download(judge_list.export_workbook(current_user, filters.to_filter()),
                         "裁判.xlsx", ascii_name="judges.xlsx")
