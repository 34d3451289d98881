"""Read models of live judging: the chief judge's matrix and a judge's own work list.

Both are plain JSON-ready dicts built in a fixed number of queries, whatever the number of
contestants (tests/services/test_score_matrix.py counts them). Contestants appear by anonymous
code only (加密号), in the matrix until the chief judge signs off the results; a judge's list
leaves out contestants they recuse from (回避).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, select

from app.domain.conflicts import conflicted_pairs
from app.extensions import db
from app.models import Component, Project, Registration, SheetState, User
from app.services.boards.standings_inputs import (
    competing_registrations,
    latest_values,
    sheet_values,
)
from app.services.common import mappers
from app.services.entry.sheets import (
    assess_target,
    finish_statuses,
    load_target,
    scheme_targets,
)
from app.services.scoring.judging_access import (
    SCORABLE,
    SheetKey,
    assignment_of,
    judge_profiles,
    load_assignments,
    load_components,
)
from app.services.scoring.sign_off import sign_off_summary


def _scheme(loaded: list[Component]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Return the loaded components (with their scheme) and their aspects as plain rows."""
    components, aspects = [], []
    for component in loaded:
        components.append({"id": component.id, "code": component.code, "kind": component.kind,
                           "name": component.name, "weight": str(component.weight)})
        for criterion in component.criteria:
            for sub in criterion.sub_criteria:
                for aspect in sub.aspects:
                    aspects.append({
                        "id": aspect.id, "code": aspect.code, "kind": aspect.kind,
                        "max_mark": str(aspect.max_mark), "aggregation": aspect.aggregation,
                        "description": aspect.description, "descriptors": aspect.descriptors,
                        "component": component.code, "criterion": criterion.code,
                        "sub_criterion": sub.code,
                    })
    return components, aspects


def _sheets(project_id: int) -> dict[tuple[int, SheetKey], Row[Any]]:
    """Return (registration id, sheet key) → a project's sheet state, in one query.

    Plain rows, not ORM objects: building hundreds of objects cost more than the query.
    """
    rows = db.session.execute(
        select(SheetState.registration_id, SheetState.aspect_id, SheetState.component_id,
               SheetState.state, SheetState.flags, SheetState.verified_by_id,
               SheetState.rescore_requested_at)
        .join(Registration, Registration.id == SheetState.registration_id)
        .where(Registration.project_id == project_id)
    )
    return {(s.registration_id, (s.aspect_id, s.component_id)): s for s in rows}


def _key_name(key: SheetKey) -> str:
    """Return a sheet key as text for JSON maps: "a:<aspect id>" or "c:<component id>"."""
    return f"a:{key[0]}" if key[0] is not None else f"c:{key[1]}"


def get_matrix(project: Project) -> dict[str, Any]:
    """Return the live matrix: contestants × sheets × judges, with marks, flags and states.

    A fixed number of queries whatever the number of contestants: the scheme once (every
    cell is assessed against it in memory), the latest values, sheets and finish states in bulk.
    """
    loaded = load_components(project.id)
    components, aspects = _scheme(loaded)
    targets = scheme_targets(loaded)
    kinds = {a["id"]: a["kind"] for a in aspects}
    assignments = load_assignments(project.id)
    registrations = competing_registrations(project.id)
    profiles = judge_profiles(a.user for a in assignments)
    contestants = {r.id: mappers.contestant_profile(r) for r in registrations}
    recused = conflicted_pairs(list(profiles.values()), list(contestants.values()))
    sheets = _sheets(project.id)
    finished = finish_statuses(project.id)
    cells = []
    for (reg_id, key), by_judge in sorted(latest_values(project.id).items(),
                                          key=lambda kv: (kv[0][0], _key_name(kv[0][1]))):
        values = sheet_values(by_judge, kinds.get(key[0] or -1))
        # A key outside the project's scheme (never written so) is assessed as before.
        target = targets[key] if key in targets else load_target(key)
        mark, _flags = assess_target(target, values)
        sheet = sheets.get((reg_id, key))
        cells.append({
            "registration_id": reg_id, "aspect_id": key[0], "component_id": key[1],
            "values": {str(j): str(v) for j, (_e, v) in by_judge.items()},
            "mark": None if mark is None else str(mark),
            "state": sheet.state if sheet else None,
            "flags": list(sheet.flags) if sheet else [],
            "verified_by": sheet.verified_by_id if sheet else None,
            "rescore_requested": bool(sheet and sheet.rescore_requested_at),
        })
    return {
        "project_id": project.id,
        "seq": project.event_seq,
        "locked": project.scores_locked_at is not None,
        # 签核: who signed off and when; the names only from then on (加密号 until then).
        "signed_off": sign_off_summary(project),
        "names": {str(k): v for k, v in get_decrypted_names(project).items()},
        "components": components,
        "aspects": aspects,
        "judges": [
            {"user_id": a.user_id, "name": a.user.display_name or a.user.username,
             "role": a.role,
             "seats": [_key_name((s.aspect_id, s.component_id)) for s in a.panel]}
            for a in assignments
        ],
        "contestants": [
            {"registration_id": r.id, "code": r.anonymous_code, "station_no": r.station_no,
             "status": r.status, "finish_status": finished.get(r.id, "FINISHED")}
            for r in registrations
        ],
        "recused": sorted(
            [a.user_id, rid]
            for a in assignments
            for rid, c in contestants.items()
            if (profiles[a.user_id].id, c.person_id) in recused
        ),
        "cells": cells,
    }


def get_worklist(judge: User, project: Project) -> dict[str, Any]:
    """Return what a judge scores: their seats, and per contestant (by anonymous code, never
    the registration id) their own values."""
    assignment = assignment_of(judge, project.id)
    seats = [] if assignment is None else [(s.aspect_id, s.component_id) for s in assignment.panel]
    components, aspects = _scheme(load_components(project.id))
    seat_names = {_key_name(k) for k in seats}
    registrations = [r for r in competing_registrations(project.id) if r.status in SCORABLE]
    profile = judge_profiles([judge])[judge.id]
    contestants = {r.id: mappers.contestant_profile(r) for r in registrations}
    recused = conflicted_pairs([profile], list(contestants.values()))
    values = latest_values(project.id)
    sheets = _sheets(project.id)
    finished = finish_statuses(project.id)
    rows = []
    for registration in registrations:
        if (profile.id, contestants[registration.id].person_id) in recused:
            continue  # 回避: a conflicted judge never sees the contestant
        if finished.get(registration.id, "FINISHED") != "FINISHED":
            continue
        mine, rescore = {}, []
        for key in seats:
            entry = values.get((registration.id, key), {}).get(judge.id)
            if entry is not None:
                mine[_key_name(key)] = str(entry[1])
            sheet = sheets.get((registration.id, key))
            if sheet is not None and sheet.rescore_requested_at is not None:
                rescore.append(_key_name(key))
        if not registration.anonymous_code:
            continue  # judged under code only: not before the lot draw gave one
        rows.append({"code": registration.anonymous_code,
                     "station_no": registration.station_no,
                     "progress": {"done": len(mine), "total": len(seats)},
                     "values": mine, "rescore": rescore})
    return {
        "project_id": project.id,
        "seq": project.event_seq,
        "locked": project.scores_locked_at is not None,
        "role": None if assignment is None else assignment.role,
        "components": [c for c in components if f"c:{c['id']}" in seat_names],
        "aspects": [a for a in aspects if f"a:{a['id']}" in seat_names],
        "contestants": rows,
    }


def get_decrypted_names(project: Project) -> dict[int, str]:
    """Return registration id → contestant name once the results are signed off; else {}."""
    if project.signed_off_by_id is None:
        return {}  # 加密号: the chief judge sees codes only until sign-off
    return {r.id: r.person.name for r in competing_registrations(project.id)}
