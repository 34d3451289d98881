"""/api/v1 for appeals (申诉): file, list, read the case file, decide (仲裁)."""

from __future__ import annotations

from typing import Any

from flask import Response, request
from werkzeug.utils import secure_filename

from app.models._types import utcnow
from app.security import Role, login_required, roles_required
from app.services.common.list_query import page_info
from app.services.results import appeals_read
from app.services.results.appeals import MAX_ATTACHMENT, appeal_summary, decide_appeal, file_appeal
from app.web.api.base import ApiBlueprint, api_user
from app.web.api.board_schemas import (
    AppealDecisionSchema,
    AppealInSchema,
    AppealOutSchema,
)
from app.web.api.list_schemas import AppealListArgsSchema, AppealPageSchema, list_filter

blp = ApiBlueprint("appeals_api", __name__, url_prefix="/api/v1/appeals",
                   description="Appeals to the arbitration panel and their final decisions.")


@blp.route("", methods=["POST"])
@roles_required(Role.CONTESTANT)
@blp.arguments(AppealInSchema, location="form", content_type="multipart/form-data")
@blp.response(201, AppealOutSchema)
def post_appeal(data: dict[str, Any]) -> dict[str, Any]:
    """File an appeal (申诉) or objection (异议) about one's own registration (multipart).

    ``kind`` APPEAL: refused with 409 ``appeal.rejected_late`` after the window (the contest's
    end plus the competition's appeal window), ``publication.final`` on final results.
    ``kind`` OBJECTION: only during the 公示 (409 ``results.objection_closed`` with the end,
    ``results.not_published`` before it). 403 for someone
    else's registration; 422 for bad fields or an attachment over 5 MB. Nothing is stored.
    """
    upload = request.files.get("attachment")
    content, name = None, ""
    if upload is not None and upload.filename:
        content = upload.read(MAX_ATTACHMENT + 1)
        name = secure_filename(upload.filename) or "attachment"
    appeal = file_appeal(api_user(), data["registration_id"], kind=data["kind"],
                         subject=data["subject"],
                         text=data["text"], aspect_id=data.get("aspect_id"),
                         attachment=content, attachment_name=name, now=utcnow())
    return appeal_summary(appeal)


@blp.route("", methods=["GET"])
@roles_required(Role.ARBITRATOR, Role.ORGANIZER)
@blp.arguments(AppealListArgsSchema, location="query")
@blp.response(200, AppealPageSchema)
def list_appeals(args: dict[str, Any]) -> dict[str, Any]:
    """List appeals, filtered and paged: arbitrators all (recusals named), organizers theirs."""
    page, items = appeals_read.page_appeals(api_user(), list_filter(args))
    return {**page_info(page), "items": [
        {"id": i.appeal.id, "kind": i.appeal.kind, "project_id": i.project.id,
         "project_name": i.project.name, "registration_id": i.appeal.registration_id,
         "contestant": i.contestant, "ticket_no": i.appeal.registration.ticket_no,
         "subject": i.appeal.subject, "state": i.appeal.state, "filed_at": i.appeal.filed_at,
         "decision_reason": i.appeal.decision_reason, "recused": i.recused}
        for i in items]}


@blp.route("/mine", methods=["GET"])
@login_required
@blp.response(200, AppealOutSchema(many=True))
def my_appeals() -> list[dict[str, Any]]:
    """List the caller's own appeals, newest first."""
    return [appeal_summary(a) for a in appeals_read.list_my_appeals(api_user())]


@blp.route("/<int:appeal_id>", methods=["GET"])
@roles_required(Role.ARBITRATOR)
@blp.response(200)
def get_appeal(appeal_id: int) -> dict[str, Any]:
    """Return the case file: the appeal, the entry's standing and scores, the audit trail."""
    case = appeals_read.get_appeal_case(api_user(), appeal_id)
    return {
        "appeal": appeal_summary(case.appeal),
        "project": {"id": case.project.id, "name": case.project.name},
        "contestant": case.contestant, "organization": case.organization,
        "aspect": case.aspect, "standing": case.standing,
        "scores": [{**s, "at": s["at"].isoformat()} for s in case.scores],
        "audit": [{"id": e.id, "at": e.at.isoformat(), "actor_id": e.actor_id,
                   "action": e.action, "reason": e.reason, "new": e.new, "old": e.old}
                  for e in case.trail],
    }


@blp.route("/<int:appeal_id>/decision", methods=["POST"])
@roles_required(Role.ARBITRATOR)
@blp.arguments(AppealDecisionSchema)
@blp.response(200, AppealOutSchema)
def post_decision(data: dict[str, Any], appeal_id: int) -> dict[str, Any]:
    """Decide an appeal, finally: UPHELD re-opens the scores for re-marking, DISMISSED not."""
    appeal = decide_appeal(api_user(), appeal_id, decision=data["decision"],
                           reason=data["reason"], now=utcnow())
    return appeal_summary(appeal)


@blp.route("/<int:appeal_id>/attachment", methods=["GET"])
@login_required
@blp.response(200, content_type="application/octet-stream")
def get_attachment(appeal_id: int) -> Response:
    """Download an appeal's attachment (its filer, non-recused arbitrators, the organizers)."""
    name, data = appeals_read.get_attachment(api_user(), appeal_id)
    return Response(data, mimetype="application/octet-stream",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
