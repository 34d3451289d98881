"""Score sheets (one contestant × aspect or whole component): values, flags, lifecycle state.

A sheet's flags come from the rules engine (§4, §10.2, §10.4): NEEDS_RESCORE when a judgement
panel's spread exceeds 1, DISPUTED when a panel judge is more than the tolerance off the
median. Flags block locking and verification but never change a mark. Helpers here join the
caller's transaction; they never commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import joinedload

from app.domain.errors import DomainError
from app.domain.scheme import Aspect as DomainAspect
from app.domain.scheme import Component as DomainComponent
from app.domain.scheme import MarkingScheme
from app.domain.scoring import ComponentInput, round2, score_aspect, score_component
from app.extensions import db
from app.models import (
    Aspect,
    Component,
    EntryResult,
    Registration,
    ScoreEvent,
    SheetState,
    SubCriterion,
)
from app.services.boards.standings_inputs import sheet_values
from app.services.common import mappers
from app.services.scoring.judging_access import SheetKey

ENTERED, VERIFIED, LOCKED = "ENTERED", "VERIFIED", "LOCKED"


def key_filter(model: Any, key: SheetKey) -> ColumnElement[bool]:
    """Return the WHERE clause matching a sheet key on a model with aspect_id/component_id."""
    aspect_id, component_id = key
    return and_(
        model.aspect_id.is_(None) if aspect_id is None else model.aspect_id == aspect_id,
        model.component_id.is_(None)
        if component_id is None
        else model.component_id == component_id,
    )


def judge_values(registration_id: int, key: SheetKey) -> dict[int, tuple[int, Decimal]]:
    """Return judge id → (event id, value) of each judge's latest event on a sheet."""
    # Only each judge's newest event: a sheet corrected many times reads a row per judge.
    latest = (
        select(func.max(ScoreEvent.id))
        .where(ScoreEvent.registration_id == registration_id, key_filter(ScoreEvent, key))
        .group_by(ScoreEvent.judge_id)
    )
    rows = db.session.execute(
        select(ScoreEvent.id, ScoreEvent.judge_id, ScoreEvent.value)
        .where(ScoreEvent.id.in_(latest))
        .order_by(ScoreEvent.id)
    )
    return {judge_id: (event_id, value) for event_id, judge_id, value in rows}


def get_sheet(registration_id: int, key: SheetKey) -> SheetState | None:
    """Return a sheet's state row, if anything was scored on it."""
    return db.session.scalar(
        select(SheetState).where(
            SheetState.registration_id == registration_id, key_filter(SheetState, key)
        )
    )


#: What the rules engine scores a sheet against: its aspect, or its whole component.
Target = DomainAspect | DomainComponent


def load_target(key: SheetKey) -> Target | None:
    """Return a sheet's aspect or component as the engine scores it (None: no longer maps)."""
    aspect_id, component_id = key
    try:
        if aspect_id is not None:
            # One query for the aspect and the codes of its sub-criterion and criterion.
            row = db.session.get(Aspect, aspect_id, options=[
                joinedload(Aspect.sub_criterion).joinedload(SubCriterion.criterion)])
            assert row is not None
            return mappers.domain_aspect(
                row,
                criterion=row.sub_criterion.criterion.code,
                sub_criterion=row.sub_criterion.code,
                panel_size=None,
            )
        component = db.session.get(Component, component_id)
        assert component is not None
        return mappers.domain_components([component])[0]
    except DomainError:
        # Values were checked on entry; a rule changed since then must not hide the sheet.
        return None


def scheme_targets(components: Iterable[Component]) -> dict[SheetKey, Target | None]:
    """Return every sheet key of loaded components (their scheme loaded) → its target."""
    out: dict[SheetKey, Target | None] = {}
    for component in components:
        try:
            out[(None, component.id)] = mappers.domain_components([component])[0]
        except DomainError:
            out[(None, component.id)] = None
        for criterion in component.criteria:
            for sub in criterion.sub_criteria:
                for aspect in sub.aspects:
                    try:
                        out[(aspect.id, None)] = mappers.domain_aspect(
                            aspect, criterion=criterion.code, sub_criterion=sub.code,
                            panel_size=None)
                    except DomainError:
                        out[(aspect.id, None)] = None
    return out


def assess_target(
    target: Target | None, values: tuple[Decimal, ...]
) -> tuple[Decimal | None, list[str]]:
    """Return a sheet's display mark and flags against a loaded target (no query)."""
    if not values or target is None:
        return None, []
    try:
        if isinstance(target, DomainAspect):
            result = score_aspect(target, values, MarkingScheme((target,)))
            return round2(result.mark), [f.value for f in result.flags]
        data = ComponentInput(panel=values) if len(values) > 1 else ComponentInput(value=values[0])
        scored = score_component(target, data)
        return scored.score, [f.value for f in scored.flags]
    except DomainError:
        # Values were checked on entry; a rule changed since then must not hide the sheet.
        return None, []


def assess(key: SheetKey, values: tuple[Decimal, ...]) -> tuple[Decimal | None, list[str]]:
    """Return the sheet's display mark and flags by the rules engine (None when unscored)."""
    if not values:
        return None, []
    return assess_target(load_target(key), values)


def _kind(key: SheetKey) -> str | None:
    if key[0] is None:
        return None
    aspect = db.session.get(Aspect, key[0])
    return aspect.kind if aspect is not None else None


def update_sheet(
    registration_id: int,
    key: SheetKey,
    *,
    now: datetime,
    by_judge: dict[int, tuple[int, Decimal]] | None = None,
) -> SheetState:
    """Recompute a sheet's flags after a new score; a new score voids an earlier verification.

    `by_judge` is the sheet's judge_values when the caller has them already.
    """
    if by_judge is None:
        by_judge = judge_values(registration_id, key)
    _mark, flags = assess(key, sheet_values(by_judge, _kind(key)))
    sheet = get_sheet(registration_id, key)
    if sheet is None:
        sheet = SheetState(
            registration_id=registration_id,
            aspect_id=key[0],
            component_id=key[1],
            state=ENTERED,
            flags=[],
        )
        db.session.add(sheet)
    if sheet.state == VERIFIED:
        sheet.state, sheet.verified_by_id, sheet.verified_at = ENTERED, None, None
    sheet.flags = flags
    if sheet.rescore_requested_at is not None and not flags:
        sheet.rescore_requested_at = None  # the re-score resolved the sheet
    db.session.flush()
    return sheet


def sheet_cell(
    registration_id: int,
    key: SheetKey,
    *,
    by_judge: dict[int, tuple[int, Decimal]] | None = None,
    sheet: SheetState | None = None,
) -> dict[str, Any]:
    """Return a sheet as the chief-judge matrix shows it: state, flags, mark, each judge's value.

    A caller that has just written the sheet passes its judge values and row (no re-read).
    """
    if by_judge is None:
        by_judge = judge_values(registration_id, key)
    if sheet is None:
        sheet = get_sheet(registration_id, key)
    mark, _flags = assess(key, sheet_values(by_judge, _kind(key)))
    return {
        "registration_id": registration_id,
        "aspect_id": key[0],
        "component_id": key[1],
        "state": sheet.state if sheet is not None else None,
        "flags": list(sheet.flags) if sheet is not None else [],
        "mark": None if mark is None else str(mark),
        "values": {str(judge): str(value) for judge, (_event, value) in by_judge.items()},
        "verified_by": sheet.verified_by_id if sheet is not None else None,
        "rescore_requested": bool(sheet is not None and sheet.rescore_requested_at),
    }


def finish_statuses(project_id: int) -> dict[int, str]:
    """Return registration id → finish status of a project's recorded results, in one query.

    A registration missing from the map is FINISHED, as ``finish_status`` reads it.
    """
    rows = db.session.execute(
        select(EntryResult.registration_id, EntryResult.finish_status)
        .join(Registration, Registration.id == EntryResult.registration_id)
        .where(Registration.project_id == project_id)
    )
    return {reg_id: status or "FINISHED" for reg_id, status in rows}


def finish_status(registration_id: int) -> str:
    """Return the registration's finish status (FINISHED unless DNF/DQ was recorded)."""
    status = db.session.scalar(
        select(EntryResult.finish_status).where(EntryResult.registration_id == registration_id)
    )
    return status or "FINISHED"
