"""/api/v1 for the chief judge: re-score, verify, penalties, DNF/DQ, lock, unlock, sign-off."""

from __future__ import annotations

from typing import Any

from app.models._types import utcnow
from app.security import Role, roles_required
from app.services.scoring import announcements, chief_judge, penalties, sign_off
from app.web.api.base import ApiBlueprint, api_user
from app.web.api.judging_schemas import (
    AnnouncementInSchema,
    FinishInSchema,
    PenaltyInSchema,
    ReasonInSchema,
    RescoreInSchema,
    SheetInSchema,
)

blp = ApiBlueprint("chief_judge", __name__, url_prefix="/api/v1/projects/<int:project_id>",
                   description="The chief judge's console actions; each answers the new seq.")

_JUDGES = (Role.CHIEF_JUDGE, Role.JUDGE)


def _key(data: dict[str, Any]) -> tuple[int | None, int | None]:
    return data.get("aspect_id"), data.get("component_id")


@blp.route("/sheets/rescore", methods=["POST"])
@roles_required(Role.CHIEF_JUDGE)
@blp.arguments(RescoreInSchema)
@blp.response(200)
def request_rescore(data: dict[str, Any], project_id: int) -> dict[str, Any]:
    """Ask the sheet's judges (or the named ones) to score it again; their tablets show it."""
    seq = chief_judge.request_rescore(
        api_user(), project_id, registration_id=data["registration_id"], key=_key(data),
        reason=data["reason"], judge_ids=data["judge_ids"], now=utcnow())
    return {"ok": True, "seq": seq}


@blp.route("/sheets/verify", methods=["POST"])
@roles_required(*_JUDGES)
@blp.arguments(SheetInSchema)
@blp.response(200)
def verify_sheet(data: dict[str, Any], project_id: int) -> dict[str, Any]:
    """Verify a complete, unflagged sheet (four eyes: never one's own entry)."""
    seq = chief_judge.verify_sheet(api_user(), project_id,
                                   registration_id=data["registration_id"], key=_key(data),
                                   now=utcnow())
    return {"ok": True, "seq": seq}


@blp.route("/penalties", methods=["POST"])
@roles_required(*_JUDGES)
@blp.arguments(PenaltyInSchema)
@blp.response(201)
def add_penalty(data: dict[str, Any], project_id: int) -> dict[str, Any]:
    """Record a penalty; a disqualifying one counts once the chief judge countersigns it."""
    penalty = penalties.add_penalty(
        api_user(), project_id, registration_id=data["registration_id"],
        component_id=data["component_id"], points=data["points"], reason=data["reason"],
        disqualifies=data["disqualifies"], now=utcnow())
    return {"ok": True, "id": penalty.id, "countersigned_by": penalty.countersigned_by_id}


@blp.route("/penalties/<int:penalty_id>/countersign", methods=["POST"])
@roles_required(Role.CHIEF_JUDGE)
@blp.response(200)
def countersign_penalty(project_id: int, penalty_id: int) -> dict[str, Any]:
    """Countersign a disqualifying penalty."""
    seq = penalties.countersign_penalty(api_user(), project_id, penalty_id, now=utcnow())
    return {"ok": True, "seq": seq}


@blp.route("/penalties/<int:penalty_id>/withdraw", methods=["POST"])
@roles_required(Role.CHIEF_JUDGE)
@blp.arguments(ReasonInSchema)
@blp.response(200)
def withdraw_penalty(data: dict[str, Any], project_id: int, penalty_id: int) -> dict[str, Any]:
    """Withdraw a penalty with a reason (it stays on record)."""
    seq = penalties.withdraw_penalty(api_user(), project_id, penalty_id,
                                     reason=data["reason"], now=utcnow())
    return {"ok": True, "seq": seq}


@blp.route("/finish/<int:registration_id>", methods=["PUT"])
@roles_required(Role.CHIEF_JUDGE)
@blp.arguments(FinishInSchema)
@blp.response(200)
def set_finish(data: dict[str, Any], project_id: int, registration_id: int) -> dict[str, Any]:
    """Record FINISHED, DNF or DQ (with a reason) and the working time."""
    seq = penalties.set_finish_status(
        api_user(), project_id, registration_id=registration_id, status=data["status"],
        reason=data["reason"], working_time_seconds=data["working_time_seconds"],
        now=utcnow())
    return {"ok": True, "seq": seq}


@blp.route("/lock", methods=["POST"])
@roles_required(Role.CHIEF_JUDGE)
@blp.response(200)
def lock(project_id: int) -> dict[str, Any]:
    """Lock the scores (refused while a sheet is incomplete or flagged)."""
    seq = chief_judge.lock_project(api_user(), project_id, now=utcnow())
    return {"ok": True, "seq": seq}


@blp.route("/unlock", methods=["POST"])
@roles_required(Role.CHIEF_JUDGE)
@blp.arguments(ReasonInSchema)
@blp.response(200)
def unlock(data: dict[str, Any], project_id: int) -> dict[str, Any]:
    """Unlock the scores with a written reason."""
    seq = chief_judge.unlock_project(api_user(), project_id, reason=data["reason"],
                                     now=utcnow())
    return {"ok": True, "seq": seq}


@blp.route("/sign-off", methods=["POST"])
@roles_required(Role.CHIEF_JUDGE)
@blp.response(200)
def sign_off_results(project_id: int) -> dict[str, Any]:
    """Sign off the locked results (签核): from then on the chief judge sees names, not codes.

    Refused before the lock (``signoff.not_locked``) and once signed (``signoff.already``);
    an unlock voids the sign-off.
    """
    seq = sign_off.sign_off_project(api_user(), project_id, now=utcnow())
    return {"ok": True, "seq": seq}


@blp.route("/announcements", methods=["POST"])
@roles_required(Role.CHIEF_JUDGE)
@blp.arguments(AnnouncementInSchema)
@blp.response(201)
def announce(data: dict[str, Any], project_id: int) -> dict[str, Any]:
    """Send a text to every tablet of the project live; it is kept in the audit log."""
    return announcements.post_announcement(api_user(), project_id, data["text"], now=utcnow())
