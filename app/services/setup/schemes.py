"""Marking schemes (评分标准): save from a plain structure, read back, lock when judging starts.

The plain structure (JSON, the editor, the .xlsx import all produce it)::

    {"components": [
        {"code": "T", "kind": "THEORY", "name": "理论知识", "weight": "0.3"},
        {"code": "P", "kind": "PRACTICAL", "name": "技能操作", "weight": "0.7", "criteria": [
            {"code": "A", "name": "…", "sub_criteria": [
                {"code": "A1", "name": "…", "aspects": [
                    {"code": "A1.1", "kind": "M", "max_mark": "40", "description": "…",
                     "allowed": ["40", "20", "0"]},
                    {"code": "A1.2", "kind": "J", "max_mark": "30", "descriptors": ["…"] * 4},
                    {"code": "A1.3", "kind": "PANEL", "max_mark": "30",
                     "aggregation": "trimmed_mean"}]}]}]}]}

Rows are matched by code, so saving again keeps ids (and the judges' seats) of what stayed.
Every problem of §4 is reported at once (app.domain.scheme.marking_problems), except the J
panel size, which is checked against the seated judges when judging starts.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, select

from app.domain.numbers import MARK, WEIGHT, NumberError, NumberSpec, parse_decimal
from app.domain.scheme import Aggregation, AspectKind, ComponentKind, marking_problems
from app.extensions import db, write_transaction
from app.models import Aspect, Component, Criterion, PanelSeat, ScoreEvent, SubCriterion, User
from app.services.common import mappers
from app.services.common.access import Need, get_project
from app.services.scoring import audit
from app.services.scoring.judging_access import load_components
from app.services.scoring.judging_errors import JudgingError

#: Checked when judging starts, against the judges actually seated (see judging.lock_scheme).
_DEFERRED = {"scheme.j_panel"}


def get_marking_scheme(project_id: int) -> dict[str, Any]:
    """Return a project's components and schemes as the plain structure."""
    out = []
    for c in load_components(project_id):
        item: dict[str, Any] = {"id": c.id, "code": c.code, "kind": c.kind, "name": c.name,
                                "weight": str(c.weight)}
        if c.criteria:
            item["criteria"] = [
                {"code": cr.code, "name": cr.name, "sub_criteria": [
                    {"code": sub.code, "name": sub.name,
                     "aspects": [_aspect_out(a) for a in sub.aspects]}
                    for sub in cr.sub_criteria]}
                for cr in c.criteria
            ]
        out.append(item)
    return {"components": out}


def _aspect_out(a: Aspect) -> dict[str, Any]:
    item: dict[str, Any] = {"id": a.id, "code": a.code, "kind": a.kind,
                            "max_mark": str(a.max_mark), "aggregation": a.aggregation,
                            "description": a.description}
    if a.kind == AspectKind.M:
        item["allowed"] = [str(d.get("value")) for d in a.descriptors or [] if d.get("value")]
    if a.kind == AspectKind.J:
        item["descriptors"] = [str(d.get("text", "")) for d in a.descriptors or []]
    return item


def _text(data: Mapping[str, Any], key: str, where: str, *, required: bool = True,
          limit: int = 200) -> str:
    value = data.get(key, "")
    if not isinstance(value, str | int | float) or (required and not str(value).strip()):
        raise JudgingError("scheme.bad_structure", field=f"{where}.{key}",
                           params={"field": f"{where}.{key}"})
    text = str(value).strip()
    if len(text) > limit:  # never cut silently: two long codes would become one
        raise JudgingError("scheme.too_long", field=f"{where}.{key}",
                           params={"field": f"{where}.{key}", "limit": limit})
    return text


def _number(data: Mapping[str, Any], key: str, where: str, spec: NumberSpec = MARK) -> Decimal:
    """Read a max mark, weight or allowed value by the one bounded parser (issue #11.1)."""
    try:
        return parse_decimal(data.get(key), spec, field=f"{where}.{key}")
    except NumberError:
        raise JudgingError("scheme.bad_structure", field=f"{where}.{key}",
                           params={"field": f"{where}.{key}"}) from None


def _choice(value: Any, allowed: type, where: str) -> str:
    try:
        return allowed(value).value
    except ValueError:
        raise JudgingError("scheme.bad_structure", field=where, params={"field": where}) from None


def _items(data: Any, key: str, where: str) -> list[Mapping[str, Any]]:
    items = data.get(key) or [] if isinstance(data, Mapping) else None
    if not isinstance(items, list) or not all(isinstance(i, Mapping) for i in items):
        raise JudgingError("scheme.bad_structure", field=f"{where}.{key}",
                           params={"field": f"{where}.{key}"})
    return items


def _match(rows: list[Any], code: str, factory: type) -> Any:
    found = next((r for r in rows if r.code == code), None)
    if found is None:
        found = factory(code=code)
        rows.append(found)
    return found


def _apply(project_id: int, data: Mapping[str, Any]) -> list[Component]:
    """Update the project's rows in the session to match the structure (no commit)."""
    existing = load_components(project_id)
    kept: list[Component] = []
    for i, c in enumerate(_items(data, "components", "components")):
        where = f"components[{i}]"
        code = _text(c, "code", where, limit=16)
        component = next((r for r in existing if r.code == code), None) or Component(
            project_id=project_id, code=code)
        component.kind = _choice(c.get("kind"), ComponentKind, f"{where}.kind")
        component.name = _text(c, "name", where, limit=100)
        component.weight = _number(c, "weight", where, WEIGHT)
        component.position = i
        criteria: list[Criterion] = []
        for j, cr in enumerate(_items(c, "criteria", where)):
            cw = f"{where}.criteria[{j}]"
            criterion = _match(component.criteria, _text(cr, "code", cw, limit=8), Criterion)
            criterion.name = _text(cr, "name", cw)
            subs: list[SubCriterion] = []
            for k, sc in enumerate(_items(cr, "sub_criteria", cw)):
                sw = f"{cw}.sub_criteria[{k}]"
                sub = _match(criterion.sub_criteria, _text(sc, "code", sw, limit=12), SubCriterion)
                sub.name = _text(sc, "name", sw)
                aspects: list[Aspect] = []
                for m, a in enumerate(_items(sc, "aspects", sw)):
                    aw = f"{sw}.aspects[{m}]"
                    aspect = _match(sub.aspects, _text(a, "code", aw, limit=16), Aspect)
                    _fill_aspect(aspect, a, aw)
                    aspects.append(aspect)
                sub.aspects = aspects
                subs.append(sub)
            criterion.sub_criteria = subs
            criteria.append(criterion)
        component.criteria = criteria
        kept.append(component)
    return kept


def _fill_aspect(aspect: Aspect, a: Mapping[str, Any], where: str) -> None:
    aspect.kind = _choice(a.get("kind"), AspectKind, f"{where}.kind")
    aspect.max_mark = _number(a, "max_mark", where)
    aspect.aggregation = _choice(a.get("aggregation") or "mean", Aggregation,
                                 f"{where}.aggregation")
    aspect.description = _text(a, "description", where, required=False, limit=2000)
    if aspect.kind == AspectKind.M:
        allowed = a.get("allowed") or []
        if not isinstance(allowed, list):
            raise JudgingError("scheme.bad_structure", field=f"{where}.allowed",
                               params={"field": f"{where}.allowed"})
        aspect.descriptors = [
            {"value": str(_number({"v": v}, "v", f"{where}.allowed[{n}]"))}
            for n, v in enumerate(allowed)
        ]
    elif aspect.kind == AspectKind.J:
        texts = a.get("descriptors") or []
        if not isinstance(texts, list) or len(texts) > 4:
            raise JudgingError("scheme.bad_structure", field=f"{where}.descriptors",
                               params={"field": f"{where}.descriptors"})
        aspect.descriptors = [{"score": n, "text": str(t)[:500]} for n, t in enumerate(texts)]
    else:
        aspect.descriptors = []


def save_marking_scheme(actor: User, project_id: int, data: Mapping[str, Any], *,
                        now: datetime) -> dict[str, Any]:
    """Replace a project's components and schemes; refuse with every §4 problem found."""
    with write_transaction():
        project = get_project(actor, project_id, Need.MANAGE, forbid=True)
        if project.scheme_locked_at is not None:
            raise JudgingError("scheme.locked")
        old = get_marking_scheme(project.id)
        existing = load_components(project.id)
        # Collected before _apply re-parents the lists, so removed aspects are still reachable.
        before = [a for c in existing for cr in c.criteria for sub in cr.sub_criteria
                  for a in sub.aspects]
        with db.session.no_autoflush:
            kept = _apply(project.id, data)
            problems = tuple(p for p in marking_problems(mappers.domain_components(kept))
                             if p.code not in _DEFERRED)
        if problems:
            raise JudgingError("scheme.invalid", params={"count": len(problems)},
                               problems=problems)
        _drop_removed(existing, before, kept)
        for component in kept:
            db.session.add(component)
        db.session.flush()
        new = get_marking_scheme(project.id)
        audit.record("scheme.saved", entity="project", entity_id=project.id, actor_id=actor.id,
                     project_id=project.id, old=old, new=new, now=now)
        return new


def _drop_removed(existing: list[Component], before: list[Aspect],
                  kept: list[Component]) -> None:
    """Delete rows no longer in the scheme, with their seats; refuse if any was scored."""
    kept_aspects = {id(a) for c in kept for cr in c.criteria for s in cr.sub_criteria
                    for a in s.aspects}
    gone_aspects = [a.id for a in before if id(a) not in kept_aspects and a.id is not None]
    gone_components = [c.id for c in existing if all(c is not k for k in kept)]
    # No autoflush: the seats must go before the flush deletes the orphaned aspects.
    with db.session.no_autoflush:
        scored = db.session.scalar(select(ScoreEvent.id).where(
            ScoreEvent.aspect_id.in_(gone_aspects) | ScoreEvent.component_id.in_(gone_components)
        ).limit(1))
        if scored is not None:
            raise JudgingError("scheme.locked")
        db.session.execute(delete(PanelSeat).where(
            PanelSeat.aspect_id.in_(gone_aspects) | PanelSeat.component_id.in_(gone_components)))
    for component in existing:
        if component.id in gone_components:
            db.session.delete(component)
