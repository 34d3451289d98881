"""Judge statistics for the chief judge: scores per judge and their deviation from the panel."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from app.domain.judge_stats import SheetMarks, judge_statistics
from app.domain.scheme import AspectKind
from app.domain.scoring import J_MAX
from app.models import Project
from app.services.boards.standings_inputs import latest_values
from app.services.scoring.judging_access import load_assignments, load_components


def get_judge_stats(project: Project) -> list[dict[str, Any]]:
    """Return per judge: name, role, scores, compared sheets, mean deviations, tendency.

    Deviations are fractions of the sheet's range (J: 0–3, panel: 0–max); only J and panel
    sheets with two or more judges are compared.
    """
    scales: dict[int, Decimal] = {}
    for component in load_components(project.id):
        for criterion in component.criteria:
            for sub in criterion.sub_criteria:
                for aspect in sub.aspects:
                    if aspect.kind == AspectKind.J:
                        scales[aspect.id] = Decimal(J_MAX)
                    elif aspect.kind == AspectKind.PANEL:
                        scales[aspect.id] = Decimal(aspect.max_mark)
    sheets = [
        SheetMarks(
            key=(reg_id, key),
            # M aspects and whole components are one team's value: counted, never compared.
            scale=scales.get(key[0] or 0, Decimal(0)),
            values={judge: value for judge, (_event, value) in by_judge.items()},
        )
        for (reg_id, key), by_judge in latest_values(project.id).items()
    ]
    assignments = {a.user_id: a for a in load_assignments(project.id)}
    stats = judge_statistics(sheets, judge_ids=assignments)
    out = []
    for stat in stats:
        assignment = assignments.get(stat.judge_id)
        user = assignment.user if assignment is not None else None
        out.append({
            "judge_id": stat.judge_id,
            "name": (user.display_name or user.username) if user else str(stat.judge_id),
            "role": assignment.role if assignment is not None else None,
            "scores": stat.scores,
            "compared": stat.compared,
            "mean_deviation": stat.mean_deviation,
            "mean_abs_deviation": stat.mean_abs_deviation,
            "tendency": stat.tendency.value,
        })
    return out
