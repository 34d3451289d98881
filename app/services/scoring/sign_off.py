"""签核: the chief judge signs off a project's locked results, and the names are decrypted.

DOMAIN §3: judges work under anonymous codes, never names, "until results are decrypted at
sign-off"; from the sign-off the chief judge's console and board show the names
(``score_matrix.get_decrypted_names``, ``leaderboard.view_for``). The sign-off attests the
locked scores as they stand, so it needs locked scores and is given once. Whatever reopens the
scores (the chief judge's unlock, an upheld appeal) voids it with the lock: a signature must
not stand under marks that may still change, and the re-locked results are signed again.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from app.extensions import db
from app.models import Project, User
from app.services.boards.leaderboard_push import queue_board_refetch
from app.services.common.local_time import format_local, zone_label
from app.services.scoring import audit
from app.services.scoring.judging_errors import JudgingError
from app.services.scoring.judging_tx import finish_change, project_change


def sign_off_project(actor: User, project_id: int, *, now: datetime) -> int:
    """Sign off the locked results as the project's chief judge (or an admin); return seq."""
    with project_change(project_id, actor) as (project, _before):
        signed = sign_off_summary(project)
        if signed is not None:
            raise JudgingError("signoff.already", params={
                "name": signed["by"], "at": format_local(signed["at"]), "zone": zone_label()})
        if project.scores_locked_at is None:
            raise JudgingError("signoff.not_locked")
        project.signed_off_by_id, project.signed_off_at = actor.id, now
        audit.record(
            "project.signed_off",
            entity="project",
            entity_id=project.id,
            actor_id=actor.id,
            project_id=project.id,
            new={"signed_off_by_id": actor.id, "signed_off_at": now},
            now=now,
        )
        audit.anchor_head("SIGN_OFF", project_id=project.id, now=now)
        # The chief judge's board changes from codes to names: open boards fetch it again.
        return finish_change(
            project, lambda seq: queue_board_refetch(project, seq, reason="project.signed_off"))


def void_sign_off(project: Project) -> dict[str, Any]:
    """Clear the sign-off as the scores reopen; return what it was, for the audit entry."""
    if project.signed_off_by_id is None:
        return {}
    old = {"signed_off_by_id": project.signed_off_by_id, "signed_off_at": project.signed_off_at}
    project.signed_off_by_id = None
    project.signed_off_at = None
    return old


def sign_off_summary(project: Project) -> dict[str, Any] | None:
    """Return who signed off the results and when (None before the sign-off)."""
    if project.signed_off_by_id is None:
        return None
    signer = db.session.get(User, project.signed_off_by_id)
    return {
        "by_id": project.signed_off_by_id,
        "by": (signer.display_name or signer.username) if signer else "",
        "at": None if project.signed_off_at is None else project.signed_off_at.isoformat(),
        "at_local": f"{format_local(project.signed_off_at)} {zone_label()}".strip(),
    }
