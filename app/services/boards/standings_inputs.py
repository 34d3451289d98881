"""The standings' inputs: what the rules engine needs, read from the stored score events.

About ten queries whatever the number of contestants: the competing registrations, the scheme,
the latest value per judge and sheet, the seated panels (with recusals), the active penalties,
the finish states and the chief judge's tie order, mapped to the engine's plain entries.
``app/services/boards/standings.py`` evaluates them; ``standings_live.py`` keeps the plain parts
per project and applies one score at a time; judging and finalisation read them too.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.domain.codes import FinishStatus
from app.domain.evaluation_types import EntryInput
from app.domain.ordering import natural_key
from app.domain.scheme import AspectKind
from app.domain.scheme import Component as DomainComponent
from app.domain.scoring import ComponentInput
from app.extensions import db
from app.models import (
    Component,
    EntryResult,
    JudgeAssignment,
    Penalty,
    Person,
    Project,
    Registration,
    ScoreEvent,
    TieBreakOrder,
)
from app.services.common import mappers
from app.services.scoring import coverage
from app.services.scoring.judging_access import (
    COMPETING,
    SheetKey,
    load_assignments,
    load_components,
)


def competing_registrations(
    project_id: int, statuses: tuple[str, ...] = COMPETING
) -> list[Registration]:
    """Return the registrations that compete, with people and organizations loaded."""
    rows = db.session.scalars(
        select(Registration)
        .where(Registration.project_id == project_id, Registration.status.in_(statuses))
        .options(
            selectinload(Registration.person).selectinload(Person.organization),
            selectinload(Registration.organization),
        )
    )
    # Codes with numeric parts ("A9", "A10") sort as numbers, not as text.
    return sorted(rows, key=lambda r: (natural_key(r.anonymous_code), r.id))


def latest_values(
    project_id: int, *, as_of: datetime | None = None
) -> dict[tuple[int, SheetKey], dict[int, tuple[int, Decimal]]]:
    """Return (registration, sheet key) → judge id → (event id, value) of their latest event.

    With ``as_of``, only events stored up to that moment count (a frozen public board).
    """
    query = (
        select(
            ScoreEvent.id,
            ScoreEvent.registration_id,
            ScoreEvent.aspect_id,
            ScoreEvent.component_id,
            ScoreEvent.judge_id,
            ScoreEvent.value,
        )
        .join(Registration, Registration.id == ScoreEvent.registration_id)
        .where(Registration.project_id == project_id)
        .order_by(ScoreEvent.id)
    )
    if as_of is not None:
        query = query.where(ScoreEvent.server_time <= as_of)
    rows = db.session.execute(query)
    out: dict[tuple[int, SheetKey], dict[int, tuple[int, Decimal]]] = defaultdict(dict)
    for event_id, reg_id, aspect_id, component_id, judge_id, value in rows:
        out[(reg_id, (aspect_id, component_id))][judge_id] = (event_id, value)
    return out


def sheet_values(
    by_judge: Mapping[int, tuple[int, Decimal]], kind: str | None
) -> tuple[Decimal, ...]:
    """Return the values the engine scores: each judge's latest; for M only the newest entry.

    An M aspect takes one value (§4: one judge team enters one value), so when two seated
    judges both enter it, the later entry is the team's value.
    """
    if not by_judge:
        return ()
    if kind == AspectKind.M:
        return (max(by_judge.values())[1],)
    return tuple(value for _event, value in by_judge.values())


def panel_sizes(assignments: list[JudgeAssignment]) -> dict[int, int]:
    """Return aspect id → number of judges seated on it."""
    sizes: dict[int, int] = defaultdict(int)
    for assignment in assignments:
        for seat in assignment.panel:
            if seat.aspect_id is not None:
                sizes[seat.aspect_id] += 1
    return dict(sizes)


@dataclass(frozen=True)
class EngineInputs:
    """A project's engine entries read from the stored scores, with each row's progress."""

    registrations: list[Registration]
    components: tuple[DomainComponent, ...]
    entries: list[EntryInput]
    rows: dict[int, dict[str, Any]]
    chief_judge_order: tuple[str, ...]


def engine_inputs(project: Project, *, as_of: datetime | None = None) -> EngineInputs:
    """Read what the rules engine needs from the stored scores (unmarked aspects count 0).

    Shared by the live standings and by finalisation, which adds rules, grades and earlier
    promotions to the same entries. With ``as_of`` only what was stored by then counts.
    """
    return read_inputs(project, as_of=as_of)[0]


@dataclass
class InputParts:
    """What ``engine_inputs`` built its entries from, as plain values (no ORM objects).

    app/services/boards/standings_live.py keeps them per project and applies one score at a time.
    """

    schemes: tuple[DomainComponent, ...]
    kinds: dict[int, tuple[str, str, str]]
    codes: dict[int, str]
    values: dict[int, dict[SheetKey, dict[int, tuple[int, Decimal]]]]
    penalties: dict[int, dict[str, tuple[Any, ...]]]
    expected: dict[int, set[tuple[int, SheetKey]]]
    #: Finishers' sheets nobody may score (every seated judge recuses): never done.
    gaps: dict[int, tuple[SheetKey, ...]] = dataclasses.field(default_factory=dict)


def read_inputs(
    project: Project, *, as_of: datetime | None = None
) -> tuple[EngineInputs, InputParts]:
    """Return ``engine_inputs`` and the plain parts they were built from."""
    registrations = competing_registrations(project.id)
    components = load_components(project.id)
    values = latest_values(project.id, as_of=as_of)
    assignments = load_assignments(project.id)
    covered = coverage.read_coverage(assignments, registrations)
    expected = covered.expected
    gaps: dict[int, tuple[SheetKey, ...]] = {}
    kinds = {
        a.id: (a.kind, a.code, c.code)
        for c in components
        for cr in c.criteria
        for sub in cr.sub_criteria
        for a in sub.aspects
    }
    codes = {c.id: c.code for c in components}
    schemes = mappers.domain_components(components, panel_sizes=panel_sizes(assignments))
    by_registration: dict[int, dict[SheetKey, dict[int, tuple[int, Decimal]]]] = defaultdict(
        dict
    )
    for (reg_id, key), by_judge in values.items():
        by_registration[reg_id][key] = by_judge
    penalties = _penalties(project.id, as_of=as_of)
    finish = _finish(project.id)
    rows_by_id: dict[int, dict[str, Any]] = {}
    entries = []
    for registration in registrations:
        rows_by_id[registration.id] = row = base_row(registration)
        status, working_time = finish.get(registration.id, ("FINISHED", None))
        if registration.status == "DISQUALIFIED":
            status = FinishStatus.DQ.value
        row["status"] = status
        if status == FinishStatus.FINISHED.value and registration.id in covered.gaps:
            gaps[registration.id] = covered.gaps[registration.id]
        row["progress"] = progress(expected[registration.id], by_registration[registration.id],
                                   gaps.get(registration.id, ()))
        inputs = component_inputs(
            schemes,
            kinds,
            codes,
            by_registration[registration.id],
            penalties.get(registration.id, {}),
        )
        entries.append(
            mappers.live_entry_input(
                registration, status=status, components=inputs, working_time=working_time
            )
        )
    order = db.session.scalars(
        select(TieBreakOrder.registration_ids)
        .where(TieBreakOrder.project_id == project.id)
        .order_by(TieBreakOrder.id.desc())
        .limit(1)
    ).first()
    inputs = EngineInputs(
        registrations=registrations,
        components=schemes if components else (),
        entries=entries,
        rows=rows_by_id,
        chief_judge_order=tuple(str(i) for i in order or ()),
    )
    parts = InputParts(schemes=schemes, kinds=kinds, codes=codes, values=dict(by_registration),
                       penalties=penalties, expected=expected, gaps=gaps)
    return inputs, parts


def base_row(registration: Registration) -> dict[str, Any]:
    """Return a row's fixed part (its status and progress follow)."""
    return {
        "registration_id": registration.id,
        "code": registration.anonymous_code,
        "station_no": registration.station_no,
        "status": None,
        "progress": None,
    }


def progress(
    expected: set[tuple[int, SheetKey]],
    values: Mapping[SheetKey, Mapping[int, Any]],
    gaps: Collection[SheetKey] = (),
) -> dict[str, int]:
    """Return a row's progress: cells scored out of those expected.

    A sheet nobody may score (``gaps``) counts as one cell never done: the contestant stays
    incomplete until a judge who need not recuse is seated, instead of passing with a 0.
    """
    done = sum(1 for judge_id, key in expected if judge_id in values.get(key, ()))
    return {"done": done, "total": len(expected) + len(gaps)}


def component_inputs(
    components: tuple[DomainComponent, ...],
    kinds: Mapping[int, tuple[str, str, str]],
    codes: Mapping[int, str],
    values: Mapping[SheetKey, Mapping[int, tuple[int, Decimal]]],
    penalties: Mapping[str, tuple[Any, ...]],
) -> dict[str, ComponentInput]:
    """Build one entry's component inputs from its latest values and active penalties."""
    aspect_values: dict[str, dict[str, tuple[Decimal, ...]]] = defaultdict(dict)
    whole: dict[str, tuple[Decimal, ...]] = {}
    for (aspect_id, component_id), by_judge in values.items():
        if aspect_id is not None and aspect_id in kinds:
            kind, aspect_code, component_code = kinds[aspect_id]
            aspect_values[component_code][aspect_code] = sheet_values(by_judge, kind)
        elif component_id is not None and component_id in codes:
            whole[codes[component_id]] = sheet_values(by_judge, None)
    out = {}
    for component in components:
        fines = penalties.get(component.code, ())
        entered = whole.get(component.code, ())
        if component.scheme is not None:
            out[component.code] = ComponentInput(
                aspects=aspect_values.get(component.code, {}), penalties=fines
            )
        elif len(entered) > 1:
            out[component.code] = ComponentInput(panel=entered, penalties=fines)
        else:
            # Not entered yet counts 0 in live standings; progress shows it is missing.
            value = entered[0] if entered else Decimal(0)
            out[component.code] = ComponentInput(value=value, penalties=fines)
    return out


def _penalties(
    project_id: int, *, as_of: datetime | None = None
) -> dict[int, dict[str, tuple[Any, ...]]]:
    """Return registration id → component code → active domain penalties (at ``as_of``)."""
    query = (
        select(Penalty, Component.code)
        .join(Component, Component.id == Penalty.component_id)
        .where(Component.project_id == project_id)
        .order_by(Penalty.id)
    )
    if as_of is None:
        query = query.where(Penalty.withdrawn_at.is_(None))
    else:
        query = query.where(
            Penalty.created_at <= as_of,
            (Penalty.withdrawn_at.is_(None)) | (Penalty.withdrawn_at > as_of),
        )
    rows = db.session.execute(query)
    out: dict[int, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for penalty, code in rows:
        out[penalty.registration_id][code].append(mappers.domain_penalty(penalty))
    return {reg: {code: tuple(items) for code, items in by.items()} for reg, by in out.items()}


def _finish(project_id: int) -> dict[int, tuple[str, int | None]]:
    """Return registration id → (finish status, working time in seconds)."""
    rows = db.session.execute(
        select(
            EntryResult.registration_id, EntryResult.finish_status, EntryResult.working_time_seconds
        ).where(EntryResult.project_id == project_id)
    )
    return {reg_id: (status, seconds) for reg_id, status, seconds in rows}
