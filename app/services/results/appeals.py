"""Appeals (申诉), objections (异议) and their arbitration (仲裁) — DOMAIN §8.

Two channels, stated once here: a score APPEAL (申诉) about one's own registration within
``Competition.appeal_window_minutes`` after ``Project.ends_at`` (default 2 hours), and an
OBJECTION (异议) to the published results during the 公示 (until ``publication_ends_at``, the
results state machine's FILE_OBJECTION). Late ones are refused and nothing is stored.
Filed in time it is ACCEPTED for the arbitration panel. An arbitrator who
need not recuse (same organization, declared conflict: app.domain.conflicts) decides UPHELD or
DISMISSED with a written reason; the decision is final. UPHELD re-opens the project's scores
for re-marking (the chief judge's unlock, with the appeal as the reason) and takes the results
back to provisional; after the chief judge locks again the organizer publishes again.
Every step is in the audit trail and announced to the boards.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from app.extensions import db, write_transaction
from app.models import Appeal, Aspect, Project, Registration, SheetState, User
from app.services.boards import leaderboard
from app.services.boards.board_errors import BoardError
from app.services.boards.leaderboard_push import queue_board_refetch
from app.services.common.access import Need, get_appeal
from app.services.results.result_flow import FINISHED, ResultAction, project_state, require
from app.services.scoring import audit, judging_events
from app.services.scoring.judging_access import recusal_reasons
from app.services.scoring.sign_off import void_sign_off

KINDS = ("APPEAL", "OBJECTION")
SUBJECTS = ("SCORE", "EQUIPMENT", "CONDUCT")
DECISIONS = ("UPHELD", "DISMISSED")
MAX_ATTACHMENT = 5 * 1024 * 1024
TEXT_MIN, TEXT_MAX = 10, 5000
REASON_MIN = 10


appeal_deadline = leaderboard.appeal_deadline


def objection_deadline(project: Project) -> datetime | None:
    """Return when objections close: the end of the 公示 (None before publication)."""
    if project.result_status != "PUBLISHED" or project.scores_locked_at is None:
        return None
    return project.publication_ends_at


def _check_window(project: Project, kind: str, now: datetime) -> None:
    """Refuse a filing outside its channel's window (nothing is stored)."""
    if kind == "OBJECTION":
        require(project, ResultAction.FILE_OBJECTION, now)
        return
    if project_state(project, now) in FINISHED:
        raise BoardError("publication.final")
    deadline = appeal_deadline(project)
    if deadline is not None and now > deadline:
        raise BoardError("appeal.rejected_late", params={
            "deadline": _local(deadline),
            "minutes": project.competition.appeal_window_minutes,
        })


def _announce(project: Project, action: str) -> None:
    seq = judging_events.bump_seq(project)
    queue_board_refetch(project, seq, reason=action)


def file_appeal(
    user: User,
    registration_id: int,
    *,
    kind: str = "APPEAL",
    subject: str,
    text: str,
    aspect_id: int | None = None,
    attachment_name: str = "",
    attachment: bytes | None = None,
    now: datetime,
) -> Appeal:
    """File the contestant's appeal (申诉) or objection (异议) within its channel's window."""
    with write_transaction():
        registration = db.session.get(Registration, registration_id)
        if registration is None or user.person_id is None or (
            registration.person_id != user.person_id
        ):
            raise BoardError("appeal.not_contestant", field="registration_id")
        project = registration.project
        kind = (kind or "").strip().upper()
        if kind not in KINDS:
            raise BoardError("appeal.kind", field="kind")
        _check_window(project, kind, now)
        subject = (subject or "").strip().upper()
        if subject not in SUBJECTS:
            raise BoardError("appeal.subject", field="subject")
        if subject != "SCORE":
            aspect_id = None
        if aspect_id is not None:
            aspect = db.session.get(Aspect, aspect_id)
            if aspect is None or aspect.sub_criterion.criterion.component.project_id != project.id:
                raise BoardError("appeal.aspect", field="aspect_id")
        body = (text or "").strip()
        if not TEXT_MIN <= len(body) <= TEXT_MAX:
            raise BoardError("appeal.text", field="text")
        if attachment is not None and len(attachment) > MAX_ATTACHMENT:
            raise BoardError("appeal.attachment_size", field="attachment")
        appeal = Appeal(
            project_id=project.id, registration_id=registration.id, filed_by_id=user.id,
            kind=kind, subject=subject, aspect_id=aspect_id, text=body,
            attachment_name=(attachment_name or "")[:200] if attachment else "",
            attachment=attachment or None, state="ACCEPTED", filed_at=now,
        )
        db.session.add(appeal)
        db.session.flush()
        audit.record("appeal.filed", entity="appeal", entity_id=appeal.id, actor_id=user.id,
                     project_id=project.id,
                     new={"registration_id": registration.id, "kind": kind,
                          "subject": subject,
                          "aspect_id": aspect_id, "state": "ACCEPTED",
                          "attachment": appeal.attachment_name},
                     now=now)
        _announce(project, "appeal.filed")
        return appeal


def recusal_of(user: User, appeal: Appeal) -> list[str]:
    """Return why the arbitrator must recuse from the appeal (empty when they may decide)."""
    return [reason.message for reason in recusal_reasons(user, appeal.registration)]


def decide_appeal(
    user: User, appeal_id: int, *, decision: str, reason: str, now: datetime
) -> Appeal:
    """Decide an open appeal, finally; UPHELD re-opens the scores for re-marking."""
    with write_transaction():
        appeal = get_appeal(user, appeal_id, Need.ARBITRATE)
        if appeal.state not in leaderboard.OPEN_APPEAL_STATES:
            raise BoardError("appeal.decided")
        decision = (decision or "").strip().upper()
        if decision not in DECISIONS:
            raise BoardError("appeal.decision", field="decision")
        text = (reason or "").strip()
        if len(text) < REASON_MIN:
            raise BoardError("appeal.reason", field="reason")
        project = db.session.get(Project, appeal.project_id)
        assert project is not None
        # Upheld or not, FINAL results are never decided again; upheld reopens (state machine).
        require(project, ResultAction.REOPEN, now)
        old_state = appeal.state
        appeal.state, appeal.decided_by_id, appeal.decided_at = decision, user.id, now
        appeal.decision_reason = text[:5000]
        audit.record("appeal.decided", entity="appeal", entity_id=appeal.id, actor_id=user.id,
                     project_id=project.id, old={"state": old_state},
                     new={"state": decision}, reason=text[:500], now=now)
        if decision == "UPHELD":
            _reopen(project, appeal, user, now)
        _announce(project, "appeal.decided")
        return appeal


def _reopen(project: Project, appeal: Appeal, user: User, now: datetime) -> None:
    """Unlock the scores as the chief judge's unlock does, with the appeal as the reason."""
    reason = f"申诉 #{appeal.id} 成立 / appeal #{appeal.id} upheld: {appeal.decision_reason}"[:500]
    if project.scores_locked_at is not None:
        sheets = db.session.scalars(
            select(SheetState)
            .join(Registration, Registration.id == SheetState.registration_id)
            .where(Registration.project_id == project.id)
        )
        for sheet in sheets:
            sheet.state = "VERIFIED" if sheet.verified_by_id is not None else "ENTERED"
        # Re-marked scores void the chief judge's sign-off, as an unlock does (sign_off.py).
        voided = void_sign_off(project)
        audit.record("project.scores_unlocked", entity="project", entity_id=project.id,
                     actor_id=user.id, project_id=project.id,
                     old={"scores_locked_at": project.scores_locked_at, **voided},
                     reason=reason, now=now)
        project.scores_locked_at = None
    if project.result_status == "PUBLISHED":
        audit.record("project.publication_withdrawn", entity="project", entity_id=project.id,
                     actor_id=user.id, project_id=project.id,
                     old={"result_status": "PUBLISHED",
                          "publication_ends_at": project.publication_ends_at},
                     new={"result_status": "PROVISIONAL"}, reason=reason, now=now)
        project.result_status = "PROVISIONAL"
        project.publication_ends_at = None


def _local(moment: datetime) -> str:
    from flask_babel import format_datetime

    return format_datetime(moment, "yyyy-MM-dd HH:mm")


def appeal_summary(appeal: Appeal) -> dict[str, Any]:
    """Return an appeal as plain data (no attachment bytes)."""
    return {
        "id": appeal.id,
        "kind": appeal.kind,
        "project_id": appeal.project_id,
        "registration_id": appeal.registration_id,
        "subject": appeal.subject,
        "aspect_id": appeal.aspect_id,
        "text": appeal.text,
        "attachment_name": appeal.attachment_name,
        "has_attachment": appeal.attachment is not None,
        "state": appeal.state,
        "filed_at": appeal.filed_at.isoformat(),
        "decided_at": appeal.decided_at.isoformat() if appeal.decided_at else None,
        "decision_reason": appeal.decision_reason,
    }
