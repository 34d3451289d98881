"""The audit log (administrators, organizers of their projects) and its verification page."""

from __future__ import annotations

from typing import Any

from flask import Response, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.security import Role, roles_required
from app.services.common import list_choices
from app.services.scoring import audit_log
from app.services.scoring.audit_verify import verify_audit
from app.web.audit import bp
from app.web.audit.forms import AuditListForm
from app.web.list_forms import list_form, query_args
from app.web.list_views import xlsx_download

FINDING_LABELS = {
    "chain": _l("Broken link in the chain"),
    "missing_tail": _l("Missing tail (entries after an anchor were deleted)"),
    "anchor_mismatch": _l("Anchored entry changed"),
    "anchor_forged": _l("Anchor not signed with the audit key"),
    "score_mismatch": _l("Score differs from its audit entry"),
}


@bp.get("/verify")
@roles_required(Role.ADMIN)
def verify() -> str:
    """Run every audit check and show the verdict with the first finding of each kind."""
    return render_template("audit/verify.html", report=verify_audit(), labels=FINDING_LABELS)


SORTS = {"id": _l("Time"), "action": _l("Operation"), "project": _l("Project"),
         "actor": _l("Actor")}


def _list_form() -> AuditListForm:
    return list_form(AuditListForm, request.args,
                     projects=list_choices.project_choices(current_user), sorts=SORTS)


@bp.get("/")
@roles_required(Role.ADMIN, Role.ORGANIZER)
def log() -> Any:
    """List the audit entries the user may read: search, project, sort, pages, export."""
    filters = _list_form()
    page = audit_log.page_entries(current_user, filters.to_filter())
    actors, projects = audit_log.names(page.items)
    return render_template("audit/log.html", page=page, filters=filters, actors=actors,
                           projects=projects, args=query_args(request.args))


@bp.get("/export.xlsx")
@roles_required(Role.ADMIN, Role.ORGANIZER)
def export() -> Response:
    """Download the filtered audit log as .xlsx (bad arguments left out, as on the page)."""
    filters = _list_form()
    return xlsx_download(audit_log.export_workbook(current_user, filters.to_filter()),
                         "审计日志.xlsx", ascii_name="audit-log.xlsx")
