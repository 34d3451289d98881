"""The one write path of a mark: append the event, audit it, refresh its sheet.

submit_score (judging.py) uses it per judge's mark, the theory import per row; the caller has
checked the mark and commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from app.extensions import db
from app.models import Project, Registration, ScoreEvent, SheetState, User
from app.services.entry.sheets import judge_values, update_sheet
from app.services.scoring import audit
from app.services.scoring.judging_access import SheetKey


@dataclass(frozen=True, slots=True)
class AppendedScore:
    """A score event just appended, with its refreshed sheet and each judge's latest value."""

    event: ScoreEvent
    sheet: SheetState
    by_judge: dict[int, tuple[int, Decimal]]


def append_score_event(
    judge: User,
    registration: Registration,
    project: Project,
    key: SheetKey,
    mark: Decimal,
    *,
    client_id: str,
    digest: str,
    client_time: datetime | None,
    now: datetime,
) -> AppendedScore:
    """Append a checked score event, audit it and refresh its sheet (the caller commits).

    The one write path of a mark: submit_score uses it per event, the theory import per row.
    """
    by_judge = judge_values(registration.id, key)
    previous = by_judge.get(judge.id)
    event = ScoreEvent(
        client_id=client_id,
        payload_hash=digest,
        judge_id=judge.id,
        registration_id=registration.id,
        aspect_id=key[0],
        component_id=key[1],
        value=mark,
        client_time=client_time,
        server_time=now,
    )
    db.session.add(event)
    db.session.flush()
    audit.record(
        "score.submitted",
        entity="score_event",
        entity_id=event.id,
        actor_id=judge.id,
        project_id=project.id,
        old=None if previous is None else {"value": previous[1]},
        new={
            "value": mark,
            "registration_id": registration.id,
            "aspect_id": key[0],
            "component_id": key[1],
            "client_id": client_id,
            "client_time": client_time.isoformat() if client_time else None,
        },
        now=now,
    )
    # The sheet's values are the ones just read plus this event: no second read.
    by_judge[judge.id] = (event.id, mark)
    sheet = update_sheet(registration.id, key, now=now, by_judge=by_judge)
    return AppendedScore(event, sheet, by_judge)
