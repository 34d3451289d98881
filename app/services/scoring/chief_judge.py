"""The chief judge's use cases: re-score requests, verification, penalties, DNF/DQ, lock, unlock.

The sign-off (签核) after the lock is in app.services.scoring.sign_off.

Each function is one use case with one commit, audited in the same transaction; every change
bumps the project's sequence number and queues its events (sent after the commit).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from app import events
from app.extensions import db
from app.models import EntryResult, Project, Registration, SheetState, User
from app.services.boards.standings_inputs import competing_registrations
from app.services.entry import lotdraw
from app.services.entry.sheets import LOCKED, VERIFIED, get_sheet, judge_values, sheet_cell
from app.services.identity import notifications
from app.services.results.result_flow import ResultAction, require
from app.services.scoring import audit, coverage, judging_events
from app.services.scoring.judging_access import (
    CHIEF,
    SheetKey,
    assignment_of,
    get_registration,
    load_assignments,
    recusal_reasons,
    seat_of,
)
from app.services.scoring.judging_errors import JudgingError
from app.services.scoring.judging_tx import (
    finish_change,
    project_change,
    reason_text,
    require_unlocked,
)
from app.services.scoring.sign_off import void_sign_off


def expected_judges(project_id: int, registration: Registration, key: SheetKey) -> list[User]:
    """Return the judges seated on a sheet who need not recuse from the contestant."""
    return [
        a.user
        for a in load_assignments(project_id)
        if seat_of(a, key) is not None and not recusal_reasons(a.user, registration)
    ]


def request_rescore(
    actor: User,
    project_id: int,
    *,
    registration_id: int,
    key: SheetKey,
    reason: str,
    judge_ids: list[int] | None = None,
    now: datetime,
) -> int:
    """Ask the sheet's judges (or the named ones) to score it again; return the new seq."""
    with project_change(project_id, actor) as (project, before):
        require_unlocked(project)
        registration = get_registration(project, registration_id)
        text = reason_text(reason)
        sheet = get_sheet(registration.id, key)
        if sheet is None:
            raise JudgingError("sheet.not_found")
        seated = {u.id for u in expected_judges(project.id, registration, key)}
        targets = sorted(seated if not judge_ids else seated & set(judge_ids))
        sheet.rescore_requested_at = now
        audit.record(
            "sheet.rescore_requested",
            entity="sheet",
            entity_id=sheet.id,
            actor_id=actor.id,
            project_id=project.id,
            new={
                "registration_id": registration.id,
                "aspect_id": key[0],
                "component_id": key[1],
                "judges": targets,
            },
            reason=text,
            now=now,
        )

        def notify(seq: int) -> None:
            payload = {  # to the judges' rooms: the contestant by code only
                "project_id": project.id,
                "seq": seq,
                "code": registration.anonymous_code,
                "aspect_id": key[0],
                "component_id": key[1],
                "reason": text,
            }
            for judge_id in targets:
                events.publish("rescore_requested", payload, judging_events.room_judge(judge_id))
            _sheet_changed(project, registration.id, key, seq)

        notifications.notify_users(targets, "RESCORE_REQUESTED", project=project.name,
                                   code=registration.anonymous_code or "", reason=text)
        return finish_change(project, notify)


def _sheet_changed(project: Project, registration_id: int, key: SheetKey, seq: int) -> None:
    events.publish(
        "sheet_changed",
        {"project_id": project.id, "seq": seq, "sheet": sheet_cell(registration_id, key)},
        judging_events.room_chief(project.id),
    )


def verify_sheet(
    actor: User, project_id: int, *, registration_id: int, key: SheetKey, now: datetime
) -> int:
    """Confirm a complete, unflagged sheet (four eyes: never one's own entry); return seq."""
    with project_change(project_id, actor, chief_only=False) as (project, before):
        require_unlocked(project)
        registration = get_registration(project, registration_id)
        sheet = get_sheet(registration.id, key)
        if sheet is None:
            raise JudgingError("sheet.not_found")
        if sheet.state == VERIFIED:
            raise JudgingError("sheet.already_verified")
        scored = judge_values(registration.id, key)
        if actor.id in scored:
            raise JudgingError("sheet.own_entry")
        assignment = assignment_of(actor, project.id)
        if (
            assignment is not None
            and assignment.role != CHIEF
            and recusal_reasons(actor, registration)
        ):
            raise JudgingError("score.conflicted")
        expected = {u.id for u in expected_judges(project.id, registration, key)}
        done = len(expected & set(scored))
        if done < len(expected):
            raise JudgingError("sheet.incomplete", params={"done": done, "total": len(expected)})
        if sheet.flags:
            raise JudgingError("sheet.flagged", params={"flags": ", ".join(sheet.flags)})
        sheet.state, sheet.verified_by_id, sheet.verified_at = VERIFIED, actor.id, now
        audit.record(
            "sheet.verified",
            entity="sheet",
            entity_id=sheet.id,
            actor_id=actor.id,
            project_id=project.id,
            new={"registration_id": registration.id, "aspect_id": key[0], "component_id": key[1]},
            now=now,
        )
        return finish_change(
            project, lambda seq: _sheet_changed(project, registration.id, key, seq)
        )


def _require_coverage(project_id: int) -> None:
    """Refuse the lock while a finisher has a sheet nobody may score (all seated judges recuse).

    Checked before completeness, which such a sheet also fails, to say what to do about it.
    """
    gaps = coverage.coverage_gaps(project_id, load_assignments(project_id),
                                  competing_registrations(project_id))
    if gaps:
        first = gaps[0]
        raise JudgingError(
            "lock.uncovered",
            params={"aspect": first.target, "code": first.code, "count": len(gaps)},
            problems=tuple(g.reason() for g in gaps),
        )


def lock_project(actor: User, project_id: int, *, now: datetime) -> int:
    """Lock every sheet: refused while any finisher's sheet is uncovered, incomplete or flagged."""
    with project_change(project_id, actor) as (project, before):
        if project.scores_locked_at is not None:
            raise JudgingError("lock.already")
        require(project, ResultAction.LOCK, now)
        _require_coverage(project.id)
        rows = [r for r in before["rows"] if r["status"] == "FINISHED"]
        incomplete = [r for r in rows if r["progress"]["done"] < r["progress"]["total"]]
        if incomplete:
            raise JudgingError("lock.incomplete", params={"count": len(incomplete)})
        flagged = _flagged_sheets(project.id)
        if flagged:
            raise JudgingError("lock.flagged", params={"count": len(flagged)})
        for sheet in _sheets(project.id):
            sheet.state = LOCKED
        project.scores_locked_at = now
        audit.record(
            "project.scores_locked",
            entity="project",
            entity_id=project.id,
            actor_id=actor.id,
            project_id=project.id,
            new={"scores_locked_at": now},
            now=now,
        )
        # The codes no longer protect anything once the scores are locked: reveal the seed.
        lotdraw.reveal_seed(project, actor_id=actor.id, now=now)
        audit.anchor_head("LOCK", project_id=project.id, now=now)
        return finish_change(project)


def unlock_project(actor: User, project_id: int, *, reason: str, now: datetime) -> int:
    """Unlock the scores with a written reason (never once results are final); return seq."""
    with project_change(project_id, actor) as (project, before):
        text = reason_text(reason)
        if project.scores_locked_at is None:
            raise JudgingError("lock.not_locked")
        if project.result_status == "FINAL":
            raise JudgingError("lock.final")
        # Published results reopen only through an upheld appeal or objection.
        require(project, ResultAction.UNLOCK, now)
        for sheet in _sheets(project.id):
            sheet.state = VERIFIED if sheet.verified_by_id is not None else "ENTERED"
        old = project.scores_locked_at
        project.scores_locked_at = None
        # The state machine lets LOCKED go back to SCORING (and an upheld appeal reopens later
        # states); a sign-off is no state of its own. It attests the locked marks, which may
        # now change, so the unlock voids it rather than being refused: the names are hidden
        # again while re-marking, and the re-locked results are signed off again.
        voided = void_sign_off(project)
        audit.record(
            "project.scores_unlocked",
            entity="project",
            entity_id=project.id,
            actor_id=actor.id,
            project_id=project.id,
            old={"scores_locked_at": old, **voided},
            reason=text,
            now=now,
        )
        return finish_change(project)


def _sheets(project_id: int) -> list[SheetState]:
    return list(
        db.session.scalars(
            select(SheetState)
            .join(Registration, Registration.id == SheetState.registration_id)
            .where(Registration.project_id == project_id)
        )
    )


def _flagged_sheets(project_id: int) -> list[SheetState]:
    """Return flagged sheets of contestants still in the ranking (DNF/DQ sheets do not block)."""
    finishing = {r.id for r in competing_registrations(project_id) if r.status != "DISQUALIFIED"}
    out = []
    for sheet in _sheets(project_id):
        if sheet.flags and sheet.registration_id in finishing:
            result = db.session.scalar(
                select(EntryResult.finish_status).where(
                    EntryResult.registration_id == sheet.registration_id
                )
            )
            if (result or "FINISHED") == "FINISHED":
                out.append(sheet)
    return out
