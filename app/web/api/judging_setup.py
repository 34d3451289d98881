"""/api/v1 for setting up judging: the marking scheme, judge assignments and panels."""

from __future__ import annotations

from typing import Any

from app.models._types import utcnow
from app.security import Role, login_required, roles_required
from app.services.common.access import get_project
from app.services.scoring.judging_access import can_manage, can_oversee, can_read_scheme
from app.services.scoring.judging_errors import JudgingError
from app.services.setup import judge_assignments, schemes
from app.web.api.base import ApiBlueprint, api_user
from app.web.api.judging_schemas import AssignInSchema, PanelInSchema, SchemeInSchema

blp = ApiBlueprint("judging_setup", __name__, url_prefix="/api/v1/projects/<int:project_id>",
                   description="Marking schemes, judge assignments and panels.")


@blp.route("/scheme", methods=["GET"])
@login_required
@blp.response(200)
def get_scheme(project_id: int) -> dict[str, Any]:
    """Return the project's components and marking scheme (its staff; anyone logged in once
    the results are published)."""
    project = get_project(api_user(), project_id)
    if not can_read_scheme(api_user(), project):
        raise JudgingError("auth.forbidden")
    return schemes.get_marking_scheme(project_id)


@blp.route("/scheme", methods=["PUT"])
@roles_required(Role.ORGANIZER)
@blp.arguments(SchemeInSchema)
@blp.response(200)
def put_scheme(data: dict[str, Any], project_id: int) -> dict[str, Any]:
    """Replace the scheme; 422 lists every problem (DOMAIN §4), 409 once judging started."""
    return schemes.save_marking_scheme(api_user(), project_id, data, now=utcnow())


@blp.route("/assignments", methods=["GET"])
@login_required
@blp.response(200)
def list_assignments(project_id: int) -> list[dict[str, Any]]:
    """Return the judges, their seats and the contestants each recuses from."""
    project = get_project(api_user(), project_id)
    if not (can_manage(api_user(), project) or can_oversee(api_user(), project)):
        raise JudgingError("auth.forbidden")
    return judge_assignments.list_assignments(project_id)


@blp.route("/coverage-gaps", methods=["GET"])
@login_required
@blp.response(200)
def list_coverage_gaps(project_id: int) -> list[dict[str, Any]]:
    """Return the cells nobody seated may score (every judge on the seat must recuse from the
    contestant): the aspect or component, the contestant and each judge's recusal reasons."""
    project = get_project(api_user(), project_id)
    if not (can_manage(api_user(), project) or can_oversee(api_user(), project)):
        raise JudgingError("auth.forbidden")
    return _gaps(project_id)


def _gaps(project_id: int) -> list[dict[str, Any]]:
    return [g.to_dict() for g in judge_assignments.list_coverage_gaps(project_id)]


@blp.route("/assignments/<int:user_id>", methods=["PUT"])
@roles_required(Role.ORGANIZER)
@blp.arguments(AssignInSchema)
@blp.response(200)
def assign(data: dict[str, Any], project_id: int, user_id: int) -> dict[str, Any]:
    """Assign a judge or the chief judge; 409 assign.conflicted lists the recusal reasons.

    The answer lists the project's coverage gaps, which accepted recusals may open."""
    judge_assignments.assign_judge(api_user(), project_id, user_id=user_id,
                                   role=data["role"], allow_recusals=data["allow_recusals"],
                                   now=utcnow())
    return {"ok": True, "coverage_gaps": _gaps(project_id)}


@blp.route("/assignments/<int:user_id>", methods=["DELETE"])
@roles_required(Role.ORGANIZER)
@blp.response(204)
def unassign(project_id: int, user_id: int) -> None:
    """Remove a judge who has not scored yet."""
    judge_assignments.unassign_judge(api_user(), project_id, user_id=user_id, now=utcnow())


@blp.route("/assignments/<int:user_id>/panel", methods=["PUT"])
@roles_required(Role.ORGANIZER)
@blp.arguments(PanelInSchema)
@blp.response(200)
def set_panel(data: dict[str, Any], project_id: int, user_id: int) -> dict[str, Any]:
    """Seat the judge on exactly these aspects and whole components; list the coverage gaps."""
    judge_assignments.set_panel(api_user(), project_id, user_id=user_id,
                                aspect_ids=data["aspect_ids"],
                                component_ids=data["component_ids"], now=utcnow())
    return {"ok": True, "coverage_gaps": _gaps(project_id)}
