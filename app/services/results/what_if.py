"""Rule what-if: run the promotion rules on the current standings without storing anything.

Before finalisation an organizer sees who WOULD be promoted by the project's rules, or by an
edited rule set passed as data (rows as typed on the rules page, parsed by competition_rules).
The engine runs as if the results were final; what still keeps them from being final is
reported beside it. Nothing is written: this is a read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from app.domain.evaluation_types import EntryResult as EngineEntry
from app.domain.promotion import Outcome
from app.domain.rulesets import RuleSet
from app.models import Project, Registration
from app.services.common.access import Need, get_project
from app.services.results import finalisation
from app.services.results.outcome_errors import OutcomeError
from app.services.results.outcome_store import explanation_of
from app.services.setup.competition_rules import RowInput, parse_row, project_rule_set

#: Outcomes that change a grade or record something, shown first in the table.
NOTEWORTHY = (Outcome.PROMOTED, Outcome.ELIGIBLE_TO_APPLY, Outcome.SUPERSEDED,
              Outcome.NOT_PASSED)


@dataclass(frozen=True)
class WhatIfRow:
    """One entry: its place and what the rules would decide for it."""

    registration: Registration
    rank: int | None
    total: str | None
    status: str
    award: str | None
    titles: list[dict[str, str]]
    decisions: list[dict[str, Any]]
    changed: bool  # differs from what the project's own rules decide

    @property
    def promoted(self) -> bool:
        """Tell whether a grade promotion would be proposed."""
        return any(d["outcome"] == Outcome.PROMOTED.value for d in self.decisions)


@dataclass(frozen=True)
class WhatIf:
    """The result of a what-if run."""

    project: Project
    rule_set: RuleSet
    edited: bool
    n: int
    rows: list[WhatIfRow]
    blockers: list[OutcomeError]  # why finalising now would be refused

    @property
    def promoted(self) -> int:
        """Return how many entries would be promoted."""
        return sum(1 for r in self.rows if r.promoted)


def _decisions(entry: EngineEntry) -> list[dict[str, Any]]:
    return [
        {"outcome": d.outcome.value, "person_id": int(d.person_id),
         "grade_before": d.grade_before.value, "grade_after": d.grade_after.value,
         "apply_for": d.apply_for.value if d.apply_for is not None else None,
         "explanation": explanation_of(d)}
        for d in entry.promotions
    ]


def _summary(entry: EngineEntry) -> tuple[Any, ...]:
    return (tuple((d.outcome, d.grade_after) for d in entry.promotions),
            tuple((t.code, t.state) for t in entry.titles))


def run_what_if(user: Any, project_id: int, *,
                rows: Sequence[RowInput] | None = None) -> WhatIf:
    """Evaluate the project's standings with its rules, or with ``rows`` instead; store nothing.

    A bad row raises competition_rules' SetupError naming the row and field.
    """
    project = get_project(user, project_id, Need.MANAGE)
    own = project_rule_set(project)
    if rows is None:
        rule_set = own
    else:
        parsed = tuple(parse_row(i, row) for i, row in enumerate(rows))
        rule_set = RuleSet(f"{own.code}+WHAT_IF", own.name, parsed, own.source)
    evaluated = finalisation.evaluate_stored(project, rule_set=rule_set)
    baseline = evaluated if rows is None else finalisation.evaluate_stored(project)
    base = {e.entry_id: _summary(e) for e in baseline.evaluation.entries}
    out = []
    for entry in evaluated.evaluation.entries:
        out.append(WhatIfRow(
            registration=evaluated.registrations[int(entry.entry_id)],
            rank=entry.rank,
            total=None if entry.total is None else str(entry.total),
            status=entry.status.value,
            award=entry.award.value if entry.award is not None else None,
            titles=[{"code": t.code, "name": t.name, "state": t.state.value}
                    for t in entry.titles],
            decisions=_decisions(entry),
            changed=base.get(entry.entry_id) != _summary(entry),
        ))
    blockers = [p for p in (finalisation.state_problem(project),
                            finalisation.tie_problem(evaluated)) if p is not None]
    return WhatIf(project, rule_set, rows is not None, evaluated.evaluation.n, out, blockers)
