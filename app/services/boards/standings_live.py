"""The current standings of each project, kept in memory and moved one committed score at a time.

Reading a project's scoring inputs through the ORM (registrations with people and
organizations, seats, recusals, every score event) was most of a standings computation: 130 to
195 ms at 1,000 entries. This module reads them once per project and keeps them, as plain
values, with the engine's ``LiveRanking`` and the last snapshot, under the seq they stand for:

- ``submit_score`` queues the internal event ``score_committed`` {project_id, seq, event}
  before its ``project_scores_changed``; both are delivered after the commit, in that order, so
  this process knows which committed seq was which score before the standings job runs.
- ``current(project)`` returns the snapshot of ``project.event_seq``. When the kept state is
  behind and every seq in between is a score this process noted, it applies those scores: the
  sheet's latest value per judge, the entry's progress and inputs, then ``LiveRanking.replace``
  (one entry re-scored, moved by bisect, the stretch it crossed placed again); only the rows
  that changed are new dicts, the rest are shared with the previous snapshot (rows are never
  changed in place: the previous snapshot is the base of the next delta).
- Anything else reads everything again, exactly as before: no state yet; a seq in between that
  was no score of this process (a penalty, a finish status, a lock, a publication, a tie order,
  a theory import, or any change made by another worker: a sequence gap); a commit in this
  process that wrote to a table the standings read (the engine hook below counts them:
  registrations, people, seats, the scheme, the project's settings; not a score's own rows);
  project settings that differ from those the state was built with; a state older than
  ``MAX_AGE`` seconds (what another process changed without a seq: registrations); and any
  change LiveRanking does not follow (a status, the WorldSkills scale).

The result is always the one a full computation gives (tests/services/test_standings_live.py
compares them after random sequences of scores, registrations and withdrawals).
"""

from __future__ import annotations

import dataclasses
import os
import re
import threading
import time
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import Pool

from app import events
from app.domain.errors import DomainError
from app.domain.evaluation_types import ProjectInput
from app.domain.live_ranking import LiveRanking
from app.models import Project
from app.services.boards import standings, standings_inputs
from app.services.common import mappers
from app.services.common.offload import offload
from app.services.scoring.judging_errors import describe_reason

#: Internal event (never emitted): a score committed; payload {project_id, seq, event}, the
#: event being (event id, registration id, aspect id, component id, judge id, value).
SCORE_COMMITTED = "score_committed"

#: Seconds a state is trusted before it is read again, for what other processes change
#: without bumping the seq (a registration): 0 reads every time. A read of 10,000 entries
#: costs ≈3 s of CPU, so every 5 minutes is ≈1 % of a core.
MAX_AGE = float(os.environ.get("JX_STANDINGS_STATE_MAX_AGE", "300"))
#: Projects kept per process (the live ones of a competition day).
PROJECTS = 64
#: Noted scores kept per project beyond its state's seq.
_LOG_LIMIT = 4096

_lock = threading.Lock()
_project_locks: dict[int, threading.Lock] = {}
_states: dict[int, _State] = {}
# project id → seq → the score committed with that seq in this process.
_log: dict[int, dict[int, tuple[Any, ...]]] = {}
# Commits in this process that wrote anything the standings read besides a score's own rows.
_generation = 0
# Such commits under way (between their commit event and their connection's return to the
# pool): connection info id → when the commit began. Older than _COMMIT_WINDOW counts as done
# (a connection invalidated instead of returned must not stop states being kept for good).
_committing: dict[int, float] = {}
_COMMIT_WINDOW = 10.0


@dataclass
class _State:
    """One project's standings inputs and results at one seq (plain values only)."""

    seq: int
    generation: int
    born: float
    project: ProjectInput
    awards_shown: bool
    parts: standings_inputs.InputParts
    ranking: LiveRanking
    rows: dict[str, dict[str, Any]]  # entry id → row; replaced, never changed in place
    incomplete: int
    snapshot: dict[str, Any]


def current(project: Project) -> dict[str, Any]:
    """Return the standings snapshot of ``project.event_seq`` (see the module's doc)."""
    seq = project.event_seq
    with _lock:
        lock = _project_locks.setdefault(project.id, threading.Lock())
    with lock:
        state = _states.get(project.id)
        if state is not None and state.seq == seq and _fresh(state, project):
            return state.snapshot
        if (state is not None and state.seq < seq and _fresh(state, project)
                and _advance(state, project, seq)):
            return state.snapshot
        # A state read while a write of its inputs commits may miss the write: not kept.
        generation = -1 if _commit_under_way() else _generation
        snapshot, state = _load(project, generation)
        with _lock:
            log = _log.get(project.id, {})
            for s in [s for s in log if s <= seq]:  # notes the read already covers
                log.pop(s, None)
            if state is None or state.generation != _generation:
                _states.pop(project.id, None)
            else:
                current_state = _states.pop(project.id, None)
                if current_state is not None and current_state.seq > seq:
                    state = current_state  # a caller with an older transaction: keep the newer
                _states[project.id] = state
                while len(_states) > PROJECTS:
                    _states.pop(next(iter(_states)), None)
        return snapshot


def _fresh(state: _State, project: Project) -> bool:
    """Return whether the state may be moved on (nothing changed it behind its back)."""
    if state.generation != _generation or time.monotonic() - state.born > MAX_AGE:
        return False
    if state.awards_shown != (project.scores_locked_at is not None):
        return False
    live = mappers.live_project_input(project, state.project.components,
                                      chief_judge_order=state.project.chief_judge_order)
    return live == state.project


def _advance(state: _State, project: Project, seq: int) -> bool:
    """Apply the scores of seqs state.seq+1..seq; False (state spoiled) if one is missing."""
    with _lock:
        log = _log.get(project.id, {})
        scores = [log.get(s) for s in range(state.seq + 1, seq + 1)]
    if any(score is None for score in scores):
        _drop(project.id)
        return False
    changed: set[str] = set()
    for score in scores:
        moved = _apply(state, score)  # type: ignore[arg-type]
        if moved is None:
            _drop(project.id)
            return False
        changed |= moved
    state.seq = seq
    state.snapshot = _snapshot(project.id, seq, state)
    with _lock:
        for s in [s for s in log if s <= seq]:
            log.pop(s, None)
    return True


def _apply(state: _State, score: tuple[Any, ...]) -> set[str] | None:
    """Apply one committed score to the state; return the entry ids whose row changed."""
    event_id, reg_id, aspect_id, component_id, judge_id, value = score
    eid = str(reg_id)
    row = state.rows.get(eid)
    if row is None:
        return None  # not a competing registration of the state: read everything again
    parts = state.parts
    cells = parts.values.setdefault(reg_id, {})
    by_judge = cells.setdefault((aspect_id, component_id), {})
    held = by_judge.get(judge_id)
    if held is None or held[0] < event_id:
        by_judge[judge_id] = (event_id, value)
    inputs = standings_inputs.component_inputs(parts.schemes, parts.kinds, parts.codes, cells,
                                         parts.penalties.get(reg_id, {}))
    entry = dataclasses.replace(state.ranking.entry(eid), components=inputs)
    try:
        changed = state.ranking.replace(entry)
    except DomainError:
        return None
    if changed is None:
        return None
    progress = standings_inputs.progress(parts.expected[reg_id], cells,
                                        parts.gaps.get(reg_id, ()))
    was_complete = row["progress"]["done"] >= row["progress"]["total"]
    is_complete = progress["done"] >= progress["total"]
    state.incomplete += int(was_complete) - int(is_complete)
    for cid in changed:
        if cid == eid:
            new = dict(row)
            new["progress"] = progress
            new.update(standings.result_fields(state.ranking.result(eid), state.awards_shown))
        else:
            place = state.ranking.place(cid)
            award = state.ranking.award(cid)
            new = dict(state.rows[cid])
            new["rank"] = place.rank
            new["position"] = place.position
            new["tie_size"] = place.tie_size
            new["award"] = None if award is None or not state.awards_shown else award.value
        state.rows[cid] = new
    return changed


def _snapshot(project_id: int, seq: int, state: _State) -> dict[str, Any]:
    """Return the snapshot of the state (a new dict and row list; unchanged rows shared)."""
    rows = state.rows
    return {
        "project_id": project_id,
        "seq": seq,
        "n": state.ranking.n,
        "rows": [rows[eid] for eid in state.ranking.order],
        "unresolved_ties": [[int(i) for i in tie.entry_ids]
                            for tie in state.ranking.unresolved_ties],
        "problems": [],
        "complete": state.incomplete == 0,
        "awards_shown": state.awards_shown,
    }


def _load(project: Project, generation: int) -> tuple[dict[str, Any], _State | None]:
    """Read and compute everything; return the snapshot and the state to keep (if any)."""
    born = time.monotonic()
    inputs, parts = standings_inputs.read_inputs(project)
    rows_by_id = inputs.rows
    incomplete = sum(1 for r in rows_by_id.values()
                     if r["progress"]["done"] < r["progress"]["total"])
    snapshot: dict[str, Any] = {
        "project_id": project.id,
        "seq": project.event_seq,
        "n": 0,
        "rows": list(rows_by_id.values()),
        "unresolved_ties": [],
        "problems": [],
        "complete": incomplete == 0,
    }
    if not inputs.entries or not inputs.components:
        return snapshot, None
    live = mappers.live_project_input(project, inputs.components,
                                      chief_judge_order=inputs.chief_judge_order)
    try:
        # Pure CPU: off the gevent hub, so requests are served meanwhile (services/offload).
        ranking = offload(LiveRanking, live, inputs.entries)
    except DomainError as error:
        # A scheme not yet valid still shows progress; the problems say why there are no totals.
        snapshot["problems"] = [describe_reason(p) for p in (error.problems or (error.reason,))]
        return snapshot, None
    awards_shown = project.scores_locked_at is not None
    rows: dict[str, dict[str, Any]] = {}
    for eid in ranking.order:
        row = rows_by_id[int(eid)]
        row.update(standings.result_fields(ranking.result(eid), awards_shown))
        rows[eid] = row
    state = _State(seq=project.event_seq, generation=generation, born=born, project=live,
                   awards_shown=awards_shown, parts=parts, ranking=ranking, rows=rows,
                   incomplete=incomplete, snapshot={})
    state.snapshot = _snapshot(project.id, project.event_seq, state)
    return state.snapshot, state


def _drop(project_id: int) -> None:
    with _lock:
        _states.pop(project_id, None)


def note_score(project_id: int, seq: int, score: tuple[Any, ...]) -> None:
    """Note a committed score (the ``score_committed`` event calls this)."""
    with _lock:
        log = _log.setdefault(project_id, {})
        log[seq] = score
        if len(log) > _LOG_LIMIT:
            for s in sorted(log)[: len(log) - _LOG_LIMIT]:
                log.pop(s, None)


def score_event(event_id: int, registration_id: int, key: tuple[int | None, int | None],
                judge_id: int, value: Decimal) -> tuple[Any, ...]:
    """Return the noted form of a score (its value as read back from the database)."""
    return (event_id, registration_id, key[0], key[1], judge_id, Decimal(str(Decimal(value))))


def on_event(item: events.Event) -> None:
    """Note committed scores (delivered after the commit, before the standings job)."""
    if item.internal and item.name == SCORE_COMMITTED:
        payload = item.payload
        note_score(int(payload["project_id"]), int(payload["seq"]), tuple(payload["event"]))


events.subscribe(on_event)


def forget(project_id: int | None = None) -> None:
    """Drop kept states and noted scores (tests; or after a change made outside services)."""
    with _lock:
        for memory in (_states, _log):
            if project_id is None:
                memory.clear()
            else:
                memory.pop(project_id, None)


# ---------------------------------------------------------------------------------------------
# Writes to what the standings read: a committed INSERT/UPDATE/DELETE in this process on one of
# the tables they read (score events aside: a score comes with its seq and its note) ends every
# kept state. The seq's own increment and a log-in's time are not such writes.
# ---------------------------------------------------------------------------------------------

#: The tables ``standings_inputs.read_inputs`` and the project's settings are read from.
READ_TABLES = frozenset({
    "aspects", "competitions", "components", "criteria", "declared_conflicts", "entry_results",
    "judge_assignments", "occupations", "organizations", "panel_seats", "penalties", "people",
    "projects", "registrations", "sub_criteria", "tie_break_orders", "users",
})
_TARGET = re.compile(
    r"\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+\"?(\w+)",
    re.IGNORECASE,
)
_HARMLESS = re.compile(
    r"\s*UPDATE\s+\"?(?:projects\"?\s+SET\s+event_seq\s*=\s*\(?\"?projects\"?\.\"?event_seq\b"
    r"|users\"?\s+SET\s+last_login_at\s*=\s*\S+\s+WHERE\b)",
    re.IGNORECASE,
)
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLAC", "MERGE ", "TRUNCA")
_MARK = "jx_standings_inputs_written"


@event.listens_for(Engine, "before_cursor_execute")
def _spot_write(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any,
                executemany: bool) -> None:
    if statement.lstrip()[:6].upper() not in _WRITES:
        return
    target = _TARGET.match(statement)
    if target is None or (target.group(1).lower() in READ_TABLES
                          and not _HARMLESS.match(statement)):
        conn.info[_MARK] = True  # unknown writes count too


@event.listens_for(Engine, "commit")
def _commit_begins(conn: Any) -> None:
    if conn.info.pop(_MARK, False):
        with _lock:
            _committing[id(conn.info)] = time.monotonic()
        _bump()


@event.listens_for(Engine, "rollback")
def _rolled_back(conn: Any) -> None:
    conn.info.pop(_MARK, None)


@event.listens_for(Pool, "checkin")
def _checked_in(dbapi_connection: Any, record: Any) -> None:
    # The commit event comes just before the commit: a state read meanwhile could hold the old
    # rows under the new generation, so it is not kept (see current) until the connection is
    # back in the pool, after the commit.
    if record is not None and _committing:
        with _lock:
            _committing.pop(id(record.info), None)


def _commit_under_way() -> bool:
    if not _committing:
        return False
    with _lock:
        now = time.monotonic()
        for key in [k for k, began in _committing.items() if now - began > _COMMIT_WINDOW]:
            _committing.pop(key, None)
        return bool(_committing)


def _bump() -> None:
    global _generation
    with _lock:
        _generation += 1
