"""Live standings of a project, computed by the rules engine from the stored score events.

A snapshot is plain JSON-ready data (marks as strings), cheap enough to compute on every score:
about ten queries whatever the number of contestants (standings_inputs.py), then one call to
``app.domain.evaluation.evaluate_project`` with unmarked aspects counting 0. Clients keep a
snapshot and patch it with ``diff_standings`` deltas carrying the project's sequence number.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from app.domain.errors import DomainError
from app.domain.evaluation import evaluate_project
from app.models import Project
from app.services.boards.standings_inputs import engine_inputs
from app.services.boards.standings_memo import memo_for
from app.services.common import mappers
from app.services.common.offload import offload
from app.services.scoring.judging_errors import describe_reason

#: What the public sees before publication (Competition.public_visibility).
_PROGRESS_FIELDS = ("registration_id", "key", "code", "station_no", "status", "progress")


def result_fields(entry: Any, awards_shown: bool) -> dict[str, Any]:
    """Return what a row shows of the engine's result for its entry."""
    return {
        "status": entry.status.value,
        "components": {code: str(result.score) for code, result in entry.components.items()},
        "penalty_points": {
            code: str(result.penalty_points)
            for code, result in entry.components.items()
            if result.penalty_points
        },
        "total": None if entry.total is None else str(entry.total),
        "rank": entry.rank,
        "position": entry.position,
        "tie_size": entry.tie_size,
        "award": None if entry.award is None or not awards_shown else entry.award.value,
        "flags": [f.value for f in entry.flags],
    }


def compute_standings(project: Project, *, as_of: datetime | None = None) -> dict[str, Any]:
    """Return the live standings snapshot: scores, totals, ranks, awards, progress, flags.

    Ranks are the engine's (§5) over the entries as they stand. Provisional means provisional:
    until the scores are locked no award is shown (a contestant with 2 of 78 marks is no 一等奖),
    so boards, deltas, the big screen and the medal table carry none. Rows are in listing
    order; each has ``progress`` = {"done", "total"} cells scored out of those expected. With
    ``as_of`` the scores and penalties are those stored up to that moment (the frozen board).

    The current standings (no ``as_of``) are kept per project in memory and brought up to
    date one committed score at a time (app/services/boards/standings_live.py); this function is
    still the one door, and either way the result equals a full computation.
    """
    if as_of is None:
        from app.services.boards import standings_live

        return standings_live.current(project)
    return full_standings(project, as_of=as_of)


def full_standings(project: Project, *, as_of: datetime | None = None) -> dict[str, Any]:
    """Return the standings read and computed afresh (the frozen board; tests' reference)."""
    inputs = engine_inputs(project, as_of=as_of)
    rows_by_id = inputs.rows
    snapshot: dict[str, Any] = {
        "project_id": project.id,
        "seq": project.event_seq,
        "n": 0,
        "rows": [],
        "unresolved_ties": [],
        "problems": [],
        "complete": all(
            r["progress"]["done"] >= r["progress"]["total"] for r in rows_by_id.values()
        ),
    }
    if not inputs.entries or not inputs.components:
        snapshot["rows"] = list(rows_by_id.values())
        return snapshot
    try:
        # Pure CPU: off the gevent hub, so requests are served meanwhile (services/offload).
        evaluation = offload(
            evaluate_project,
            mappers.live_project_input(
                project, inputs.components, chief_judge_order=inputs.chief_judge_order
            ),
            inputs.entries,
            memo=memo_for(project.id if as_of is None else (project.id, "frozen")),
            standings_only=True,  # boards show no titles or promotions
        )
    except DomainError as error:
        # A scheme not yet valid still shows progress; the problems say why there are no totals.
        snapshot["problems"] = [describe_reason(p) for p in (error.problems or (error.reason,))]
        snapshot["rows"] = list(rows_by_id.values())
        return snapshot
    snapshot["n"] = evaluation.n
    awards_shown = project.scores_locked_at is not None
    snapshot["awards_shown"] = awards_shown
    snapshot["unresolved_ties"] = [
        [int(i) for i in tie.entry_ids] for tie in evaluation.unresolved_ties
    ]
    for entry in evaluation.entries:
        row = rows_by_id[int(entry.entry_id)]
        row.update(result_fields(entry, awards_shown))
        snapshot["rows"].append(row)
    return snapshot


def diff_standings(old: Mapping[str, Any] | None, new: Mapping[str, Any]) -> dict[str, Any]:
    """Return the delta from one snapshot to the next: changed rows, removed ids, new seq."""
    before = {r["registration_id"]: r for r in (old or {}).get("rows", [])}
    after = {r["registration_id"]: r for r in new.get("rows", [])}
    # Live snapshots share the rows a score left unchanged (standings_live): identity first.
    changed = [
        row for rid, row in after.items()
        if (old_row := before.get(rid)) is not row and old_row != row
    ]
    delta: dict[str, Any] = {
        "project_id": new["project_id"],
        "seq": new["seq"],
        "rows": changed,
        "removed": sorted(set(before) - set(after)),
    }
    for key in ("n", "unresolved_ties", "problems", "complete"):
        if (old or {}).get(key) != new.get(key):
            delta[key] = new.get(key)
    return delta


def public_view(data: Mapping[str, Any], visibility: str) -> dict[str, Any]:
    """Return a snapshot or delta as the public may see it (LIVE, PROGRESS_ONLY, HIDDEN)."""
    out = dict(data)
    if visibility == "LIVE":
        return out
    if visibility == "PROGRESS_ONLY":
        out["rows"] = [{k: r[k] for k in _PROGRESS_FIELDS if k in r} for r in data.get("rows", [])]
    else:
        out["rows"] = []
        out["hidden"] = True
    for key in ("unresolved_ties", "n"):
        out.pop(key, None)
    return out
