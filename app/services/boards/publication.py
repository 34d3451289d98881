"""Publication (公示) and finality of a project's results (DOMAIN §8).

LOCKED → PUBLISHED (the 公示 list is public for ``Competition.publication_working_days``
working days on the official calendar; objections may be filed) → OBJECTION_CLOSED, as the
results state machine (app.domain.result_states) says. Finalising is the one use case
app.services.results.finalisation.finalize_project (pages, API and ``flask close-publications``). An
upheld appeal or objection re-opens the scores and the organizer publishes again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from app.extensions import write_transaction
from app.models import Project, User
from app.services.boards import leaderboard
from app.services.boards.leaderboard_push import queue_board_refetch
from app.services.common import labels
from app.services.common.access import Need, get_project
from app.services.common.local_time import local_date, official_calendar, publication_period_end
from app.services.identity.notifications import notify_entrants
from app.services.results.appeals import appeal_deadline
from app.services.results.result_flow import ResultAction, require, stored_status
from app.services.scoring import audit, judging_events
from app.services.scoring.tie_orders import ordered_tie_notes


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
    # The chief judge's reason when this entry's place in a tie was set by their order.
    tie_note: str = ""


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
    appeal_deadline: datetime | None = None
    override_reason: str = ""
    weekends_only: bool = False


def publication_end(project: Project, now: datetime) -> datetime:
    """Return when a 公示 opened at ``now`` ends (working days on the official calendar), UTC."""
    days = project.competition.publication_working_days
    return publication_period_end(now, days).at.astimezone(UTC)


def _change(project_id: int, actor: User,
            work: Callable[[Project], dict[str, Any]], *, action: str, now: datetime) -> Project:
    """Run one publication change: lock the row, check, change, audit, announce, commit."""
    with write_transaction():
        project = get_project(actor, project_id, Need.MANAGE, forbid=True)
        old = {"result_status": project.result_status}
        new = work(project)
        audit.record(action, entity="project", entity_id=project.id,
                     actor_id=actor.id, project_id=project.id,
                     old=old, new=new, now=now)
        if action == "project.published":
            audit.anchor_head("PUBLICATION", project_id=project.id, now=now)
        seq = judging_events.bump_seq(project)
        queue_board_refetch(project, seq, reason=action)
        return project


def publish_results(actor: User, project_id: int, *, now: datetime) -> Project:
    """Open the 公示: store each entry's result and award, set PUBLISHED and the end date."""

    def work(project: Project) -> dict[str, Any]:
        project.result_status = stored_status(require(project, ResultAction.PUBLISH, now))
        project.published_at = now
        project.publication_ends_at = publication_end(project, now)
        notify_entrants(project.id, "RESULTS_PUBLISHED",
                        deadline=project.publication_ends_at.isoformat())
        return {"result_status": "PUBLISHED", "publication_ends_at": project.publication_ends_at}

    return _change(project_id, actor, work, action="project.published", now=now)


def get_publication(project: Project, *, now: datetime) -> PublicationList:
    """Return the 公示 list: ranks, full names, organizations, scores, awards, promotions."""
    board = leaderboard.get_board(project, leaderboard.View(leaderboard.STAFF), now=now)
    promotions = provisional_promotions(project)
    notes = ordered_tie_notes(project)
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
            tie_note=notes.get(row["registration_id"], ""),
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
        appeal_deadline=appeal_deadline(project),
        override_reason=project.finalize_override_reason,
        weekends_only=_weekends_only(project),
    )


def _weekends_only(project: Project) -> bool:
    """Tell whether the 公示 ran into a year the official holiday calendar does not cover."""
    if project.published_at is None or project.publication_ends_at is None:
        return False
    calendar = official_calendar()
    return not (calendar.covers(local_date(project.published_at))
                and calendar.covers(local_date(project.publication_ends_at)))


def provisional_promotions(project: Project) -> dict[int, str]:
    """Return registration id → provisional promotion (grade names in the request's language),
    as the engine decides it over the locked scores (finalisation.evaluate_stored); none when
    it cannot."""
    from app.domain.promotion import Outcome
    from app.services.results.finalisation import evaluate_stored
    from app.services.results.outcome_errors import OutcomeError

    try:
        evaluation = evaluate_stored(project).evaluation
    except OutcomeError:
        return {}
    out = {}
    for entry in evaluation.entries:
        promoted = [d for d in entry.promotions if d.outcome == Outcome.PROMOTED]
        if promoted:
            d = promoted[0]
            out[int(entry.entry_id)] = (f"{labels.label(d.grade_before.value, 'grade')} → "
                                        f"{labels.label(d.grade_after.value, 'grade')}")
    return out
