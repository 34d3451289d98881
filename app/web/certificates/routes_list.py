"""The organizer's certificate list across projects: search, filters, pages, export."""

from __future__ import annotations

from typing import Any

from flask import Response, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.security import Role, roles_required
from app.services.certification import certificate_list
from app.services.common import labels, list_choices
from app.web.certificates import bp
from app.web.certificates.forms import CertificateListForm
from app.web.list_forms import list_form, query_args
from app.web.list_views import xlsx_download

SORTS = {"serial": _l("Serial number"), "name": _l("Holder"), "kind": _l("Certificate"),
         "issued_at": _l("Issued"), "ticket_no": _l("Admission ticket")}


def _list_form() -> CertificateListForm:
    return list_form(CertificateListForm, request.args,
                     statuses=dict(labels.CERTIFICATE_STATUS),
                     projects=list_choices.project_choices(current_user),
                     organizations=list_choices.organization_choices(current_user),
                     sorts=SORTS)


@bp.get("/certificates/")
@roles_required(Role.ORGANIZER)
def index() -> Any:
    """List the certificates of the competitions the organizer runs."""
    filters = _list_form()
    page = certificate_list.page_certificates(current_user, filters.to_filter())
    return render_template("certificates/index.html", page=page, filters=filters,
                           args=query_args(request.args))


@bp.get("/certificates/export.xlsx")
@roles_required(Role.ORGANIZER)
def export_list() -> Response:
    """Download the filtered certificate list as .xlsx."""
    filters = _list_form()
    return xlsx_download(certificate_list.export_workbook(current_user, filters.to_filter()),
                         "证书.xlsx", ascii_name="certificates.xlsx")
