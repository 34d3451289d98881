"""Publication (公示) and finality of a project's results (DOMAIN §8).

PROVISIONAL (scores locked, ranks computed) → PUBLISHED (the 公示 list is public for
``Competition.publication_working_days`` working days) → FINAL, automatically at the end of the
period when no appeal is open (``flask --app wsgi close-publications``; boards already show it
as final on read), or by the organizer. An upheld appeal re-opens the scores and the organizer
publishes again. Finalisation (storing awards, titles, promotions, qualifications) is
app.services.finalisation's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select

from app.domain.calendar import add_working_days
from app.extensions import begin_write, db
from app.models import Project, User
from app.services import audit, judging_events, leaderboard
from app.services.board_errors import BoardError
from app.services.judging_access import can_manage
from app.services.leaderboard_push import queue_board_refetch
from app.services.notifications import notify_entrants


@dataclass(frozen=True, slots=True)
class PublicationRow:
    """One line of the 公示 list."""

    rank: int | None
    name: str
    organization: str
    components: dict[str, str]
    total: str | None
    award: str | None
    status: str
    promotion: str


@dataclass(frozen=True, slots=True)
class PublicationList:
    """What the 公示 shows and the PDF/.xlsx carry."""

    competition: str
    project: str
    status: str
    published_at: datetime | None
    ends_at: datetime | None
    components: list[dict[str, str]]
    rows: list[PublicationRow]
    appeals_open: int


def _zone() -> ZoneInfo:
    return ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE", "Asia/Shanghai"))


def publication_end(project: Project, now: datetime) -> datetime:
    """Return when a publication opened at ``now`` ends (working days, local calendar)."""
    days = project.competition.publication_working_days
    return add_working_days(now.astimezone(_zone()), days)


def _change(project_id: int, actor: User | None,
            work: Callable[[Project], dict[str, Any]], *, action: str, now: datetime) -> Project:
    """Run one publication change: lock the row, check, change, audit, announce, commit."""
    begin_write()
    try:
        project = db.session.get(Project, project_id)
        if project is None:
            raise BoardError("project.not_found", field="project_id")
        if actor is not None and not can_manage(actor, project):
            raise BoardError("auth.forbidden")
        old = {"result_status": project.result_status}
        new = work(project)
        audit.record(action, entity="project", entity_id=project.id,
                     actor_id=actor.id if actor else None, project_id=project.id,
                     old=old, new=new, now=now)
        seq = judging_events.bump_seq(project)
        queue_board_refetch(project, seq, reason=action)
        db.session.commit()
        return project
    except BaseException:
        db.session.rollback()
        raise


def publish_results(actor: User, project_id: int, *, now: datetime) -> Project:
    """Open the 公示: store each entry's result and award, set PUBLISHED and the end date."""

    def work(project: Project) -> dict[str, Any]:
        if project.scores_locked_at is None:
            raise BoardError("publication.unlocked")
        if project.result_status == "FINAL":
            raise BoardError("publication.final")
        project.result_status = "PUBLISHED"
        project.published_at = now
        project.publication_ends_at = publication_end(project, now)
        notify_entrants(project.id, "RESULTS_PUBLISHED",
                        deadline=project.publication_ends_at.isoformat())
        return {"result_status": "PUBLISHED", "publication_ends_at": project.publication_ends_at}

    return _change(project_id, actor, work, action="project.published", now=now)


def finalize_results(actor: User | None, project_id: int, *, now: datetime) -> Project:
    """Make published results FINAL and store the outcomes (app.services.finalisation), then
    tell the boards (a second, tiny commit: the finalisation owns its own)."""
    from app.services.finalisation import finalize_project
    from app.services.outcome_errors import OutcomeError

    try:
        report = finalize_project(project_id, actor=actor, now=now)
    except OutcomeError as error:
        raise BoardError(error.code, field=error.field, message=error.message,
                         status=error.status) from error
    announce_status(report.project.id, reason="project.finalized")
    return report.project


def announce_status(project_id: int, *, reason: str) -> int:
    """Bump the project's seq and tell its boards to fetch again (a status changed); → seq."""
    begin_write()
    try:
        project = db.session.get(Project, project_id)
        if project is None:
            raise BoardError("project.not_found", field="project_id")
        seq = judging_events.bump_seq(project)
        queue_board_refetch(project, seq, reason=reason)
        db.session.commit()
        return seq
    except BaseException:
        db.session.rollback()
        raise


def list_due_publications(*, now: datetime) -> list[int]:
    """Return the projects whose publication period has ended with no appeal open."""
    ids = db.session.scalars(
        select(Project.id).where(
            Project.result_status == "PUBLISHED", Project.publication_ends_at <= now
        ).order_by(Project.id)
    )
    return [pid for pid in ids if not leaderboard.count_open_appeals(pid)]


def get_publication(project: Project, *, now: datetime) -> PublicationList:
    """Return the 公示 list: ranks, full names, organizations, scores, awards, promotions."""
    board = leaderboard.get_board(project, leaderboard.View(leaderboard.STAFF), now=now)
    promotions = _promotions(project)
    rows = [
        PublicationRow(
            rank=row.get("rank"),
            name=row.get("name", ""),
            organization=row.get("organization", ""),
            components=dict(row.get("components", {})),
            total=row.get("total"),
            award=row.get("award"),
            status=row.get("status", ""),
            promotion=promotions.get(row["registration_id"], ""),
        )
        for row in board["rows"]
    ]
    return PublicationList(
        competition=project.competition.name,
        project=project.name,
        status=board["status"],
        published_at=project.published_at,
        ends_at=project.publication_ends_at,
        components=board["components"],
        rows=rows,
        appeals_open=board["appeals_open"],
    )


def _promotions(project: Project) -> dict[int, str]:
    """Return registration id → provisional promotion ("高级工 → 技师") as the engine decides it
    over the locked scores (app.services.finalisation.evaluate_stored); none when it cannot."""
    from app.domain.promotion import Outcome
    from app.services.finalisation import evaluate_stored
    from app.services.outcome_errors import OutcomeError

    try:
        evaluation = evaluate_stored(project).evaluation
    except OutcomeError:
        return {}
    out = {}
    for entry in evaluation.entries:
        promoted = [d for d in entry.promotions if d.outcome == Outcome.PROMOTED]
        if promoted:
            d = promoted[0]
            out[int(entry.entry_id)] = f"{d.grade_before.zh} → {d.grade_after.zh}"
    return out
