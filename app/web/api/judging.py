"""/api/v1 for live judging: scores (the tablets' offline fallback), standings, matrix, audit."""

from __future__ import annotations

from typing import Any

from flask import request

from app.models._types import utcnow
from app.security import Role, login_required, public, roles_required
from app.services.common.access import Need, get_project
from app.services.scoring import audit
from app.services.scoring.judging import parse_client_time, submit_score
from app.services.scoring.judging_access import can_oversee
from app.services.scoring.judging_errors import JudgingError
from app.services.scoring.score_matrix import get_matrix, get_worklist
from app.services.setup.dashboard import ALL_ASSIGNED, list_judge_projects
from app.web.api.base import ApiBlueprint, api_user
from app.web.api.board_schemas import StandingsArgsSchema
from app.web.api.judging_schemas import AssignedProjectSchema, ScoreInSchema
from app.web.form_fields import form_id

blp = ApiBlueprint("judging_api", __name__, url_prefix="/api/v1",
                   description="Live judging: scores, standings, the chief judge's matrix.")


@blp.route("/scores", methods=["POST"])
@roles_required(Role.JUDGE, Role.CHIEF_JUDGE)
@blp.arguments(ScoreInSchema)
@blp.response(200)
def post_score(data: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """Store a score event (idempotent on client_id): 201 stored, 200 a replay of a stored one.

    The body and the answer are those of the submit_score socket event; refusals come as
    {"error": {"code", "message", "field"}} with 403/404/409/422.
    """
    outcome = submit_score(
        client_id=data["client_id"], judge=api_user(),
        registration_id=data["registration_id"] or 0,
        registration_code=data["registration_code"], aspect_id=data["aspect_id"],
        component_id=data["component_id"], value=data["value"],
        client_time=parse_client_time(data["client_time"]), now=utcnow(),
    )
    return outcome.to_dict(), 200 if outcome.replay else 201


@blp.route("/projects/<int:project_id>/standings", methods=["GET"])
@public
@blp.arguments(StandingsArgsSchema, location="query")
@blp.response(200)
def get_standings(args: dict[str, Any], project_id: int) -> Any:
    """Return the board snapshot with its sequence number, or the deltas since ``since``.

    The public sees what the competition's visibility allows (LIVE, PROGRESS_ONLY, HIDDEN)
    until publication, the frozen board after ``board_freeze_at``, masked names and no
    anonymous codes; the chief judge and the project's organizers see live data. With
    ``?since=<seq>`` the answer is ``{seq, deltas: [...]}`` or ``{seq, refetch: true}``.
    """
    from app.web.api.boards import standings_response

    return standings_response(project_id, args.get("since"))


@blp.route("/projects/<int:project_id>/matrix", methods=["GET"])
@login_required
@blp.response(200)
def get_project_matrix(project_id: int) -> dict[str, Any]:
    """Return the chief judge's matrix: contestants × sheets × judges, flags and states."""
    project = get_project(api_user(), project_id)
    if not can_oversee(api_user(), project):
        raise JudgingError("auth.forbidden")
    return get_matrix(project)


@blp.route("/people/me/judging", methods=["GET"])
@roles_required(Role.JUDGE, Role.CHIEF_JUDGE)
@blp.response(200, AssignedProjectSchema(many=True))
def list_my_projects() -> Any:
    """List the projects the caller judges: those still being scored first, then locked ones."""
    return list_judge_projects(api_user().id, limit=ALL_ASSIGNED)


@blp.route("/projects/<int:project_id>/worklist", methods=["GET"])
@roles_required(Role.JUDGE, Role.CHIEF_JUDGE)
@blp.response(200)
def get_my_worklist(project_id: int) -> dict[str, Any]:
    """Return the caller's seats and contestants (by anonymous code) with their own values."""
    project = get_project(api_user(), project_id, Need.JUDGE)
    return get_worklist(api_user(), project)


@blp.route("/projects/<int:project_id>/audit", methods=["GET"])
@login_required
@blp.response(200)
def get_project_audit(project_id: int) -> list[dict[str, Any]]:
    """Return the project's newest audit entries (chief judge, organizers)."""
    project = get_project(api_user(), project_id)
    if not can_oversee(api_user(), project):
        raise JudgingError("auth.forbidden")
    limit = min(max(request.args.get("limit", 200, type=form_id) or 200, 1), 1000)
    return [
        {"id": e.id, "at": e.at.isoformat(), "actor_id": e.actor_id, "action": e.action,
         "entity": e.entity, "entity_id": e.entity_id, "old": e.old, "new": e.new,
         "reason": e.reason, "hash": e.hash, "prev_hash": e.prev_hash}
        for e in audit.list_entries(project_id=project.id, limit=limit)
    ]


@blp.route("/audit/verify", methods=["GET"])
@roles_required(Role.ADMIN, Role.ORGANIZER)
@blp.response(200)
def verify_audit_chain() -> dict[str, Any]:
    """Verify the keyed chain, its anchors and every score; the first finding of each kind.

    ``first_broken_id``/``reason`` describe the chain alone (kept for older clients);
    ``findings`` lists chain, missing_tail, anchor_mismatch, anchor_forged, score_mismatch.
    """
    from app.services.scoring.audit_verify import verify_audit

    report = verify_audit()
    chain = next((f for f in report.findings if f.kind == "chain"), None)
    return {**report.to_dict(), "checked": report.entries,
            "first_broken_id": chain.row_id if chain else None,
            "reason": chain.detail if chain else ""}
