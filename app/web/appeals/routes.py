"""Appeal pages: the contestant's form and list, the arbitrators' list and case file."""

from __future__ import annotations

import io
from typing import Any

from flask import Response, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from app.models._types import utcnow
from app.security import Role, has_role, login_required, roles_required
from app.services.boards.board_errors import BoardError
from app.services.common import labels, list_choices
from app.services.results import appeals_read
from app.services.results.appeals import MAX_ATTACHMENT, decide_appeal, file_appeal
from app.web.appeals import bp
from app.web.appeals.forms import AppealForm, AppealListForm, DecisionForm
from app.web.errors import refusals_go_to
from app.web.list_forms import list_form, query_args
from app.web.list_views import xlsx_download

SUBJECTS = labels.APPEAL_SUBJECT
STATES = labels.APPEAL_STATE


def _user():  # noqa: ANN202
    return current_user._get_current_object()


SORTS = {"id": _l("Appeal number"), "filed_at": _l("Filed"), "state": _l("State"),
         "project": _l("Project"), "ticket_no": _l("Admission ticket")}


def _list_form() -> AppealListForm:
    user = _user()
    return list_form(AppealListForm, request.args, statuses=dict(STATES),
                     projects=list_choices.project_choices(user),
                     organizations=list_choices.organization_choices(user), sorts=SORTS)


@bp.get("/")
@login_required
def index() -> Any:
    """List appeals: the arbitrators' and organizers' queue (filtered, paged), the own ones."""
    staff = has_role(current_user, Role.ARBITRATOR, Role.ORGANIZER)
    filters = _list_form() if staff else None
    page, items = (appeals_read.page_appeals(_user(), filters.to_filter())
                   if filters is not None else (None, []))
    return render_template(
        "appeals/index.html", items=items, page=page, filters=filters,
        args=query_args(request.args),
        mine=appeals_read.list_my_appeals(_user()), staff=staff,
        contestant=has_role(current_user, Role.CONTESTANT), states=STATES, subjects=SUBJECTS,
    )


@bp.get("/export.xlsx")
@roles_required(Role.ARBITRATOR, Role.ORGANIZER)
def export() -> Response:
    """Download the filtered appeal list as .xlsx."""
    filters = _list_form()
    items = appeals_read.list_all_appeals(_user(), filters.to_filter())
    return xlsx_download(appeals_read.export_workbook(items), "申诉.xlsx",
                         ascii_name="appeals.xlsx")


@bp.route("/new", methods=["GET", "POST"])
@roles_required(Role.CONTESTANT)
def new() -> str | Response:
    """File an appeal within the window after the contest (the deadline is shown)."""
    now = utcnow()
    options = appeals_read.list_my_appealable(_user(), now=now)
    form = AppealForm()
    form.registration_id.choices = [SelectChoice(o.registration.id, o.project.name)
                                    for o in options if o.open]
    aspects = sorted({a for o in options for a in o.aspects}, key=lambda a: a[1])
    form.aspect_id.choices = [SelectChoice("", "—"), *(SelectChoice(*a) for a in aspects)]
    if form.validate_on_submit():
        upload = form.attachment.data
        content = upload.read(MAX_ATTACHMENT + 1) if upload and upload.filename else None
        try:
            appeal = file_appeal(_user(), form.registration_id.data, kind=form.kind.data,
                                 subject=form.subject.data,
                                 text=form.text.data, aspect_id=form.aspect_id.data,
                                 attachment=content,
                                 attachment_name=upload.filename if content else "", now=now)
        except BoardError as error:  # own-handling: re-renders the form, error on its field
            target = getattr(form, error.field or "", None)
            if target is not None:
                target.errors = [*target.errors, error.message]
            else:
                flash(error.message, "danger")
        else:
            flash(_("Your appeal #%(id)s was filed; the arbitration panel will decide it.",
                    id=appeal.id), "success")
            return redirect(url_for("appeals.index"))
    return render_template("appeals/new.html", form=form, options=options)


@bp.route("/<int:appeal_id>", methods=["GET", "POST"])
@roles_required(Role.ARBITRATOR)
def case(appeal_id: int) -> str | Response:
    """Show the case file (appeal, scores, audit trail) and take the final decision."""
    refusals_go_to(url_for("appeals.index"), category="warning")
    item = appeals_read.get_appeal_case(_user(), appeal_id)
    form = DecisionForm()
    if form.validate_on_submit():
        try:
            decide_appeal(_user(), appeal_id, decision=form.decision.data,
                          reason=form.reason.data, now=utcnow())
        except BoardError as error:  # own-handling: re-renders the case with the typed reason
            flash(error.message, "danger")
        else:
            flash(_("Decision recorded."), "success")
            return redirect(url_for("appeals.case", appeal_id=appeal_id))
    return render_template("appeals/case.html", case=item, form=form, subjects=SUBJECTS,
                           states=STATES)


@bp.get("/<int:appeal_id>/attachment")
@login_required
def attachment(appeal_id: int) -> Response:
    """Download the attachment (its filer, a non-recused arbitrator, the organizers)."""
    name, data = appeals_read.get_attachment(_user(), appeal_id)
    return send_file(io.BytesIO(data), mimetype="application/octet-stream", download_name=name,
                     as_attachment=True)
