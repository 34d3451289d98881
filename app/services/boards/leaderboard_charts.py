"""Chart data: the per-judge comparison for organizers (the public distribution is drawn from
the board's totals in the browser)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from app.extensions import db
from app.models import Aspect, Project, Registration, User
from app.services.boards.standings_inputs import latest_values


def get_judge_comparison(project: Project) -> dict[str, Any]:
    """Return each judge's mean mark per judged aspect (judgement and panel aspects)."""
    values = latest_values(project.id)
    aspect_ids = {key[0] for (_rid, key) in values if key[0] is not None}
    aspects = {a.id: a for a in db.session.scalars(
        select(Aspect).where(Aspect.id.in_(aspect_ids or {0}), Aspect.kind != "M"))}
    per: dict[tuple[int, int], list[Decimal]] = defaultdict(list)
    for (_rid, (aspect_id, _component)), by_judge in values.items():
        if aspect_id in aspects:
            for judge_id, (_event, value) in by_judge.items():
                per[(judge_id, aspect_id)].append(value)
    judges = {u.id: u for u in db.session.scalars(
        select(User).where(User.id.in_({j for j, _a in per} or {0})))}
    order = sorted(aspects.values(), key=lambda a: a.code)
    datasets = []
    for judge_id in sorted(judges):
        user = judges[judge_id]
        data = []
        for aspect in order:
            marks = per.get((judge_id, aspect.id))
            data.append(float(sum(marks) / len(marks)) if marks else None)
        label = f"{user.display_name} ({user.username})" if user.display_name else user.username
        datasets.append({"label": label, "data": data})
    entries = db.session.scalar(
        select(db.func.count(Registration.id)).where(Registration.project_id == project.id))
    return {"labels": [a.code for a in order], "datasets": datasets, "entries": entries or 0}
