"""A contestant's own results, in one place (issue #17, item 10).

Per project the contestant entered: once the results are published (the marking scheme's
visibility rule, ``judging_access.can_read_scheme``) their OWN marks per component, criterion
and aspect, each judge named only by an anonymous number (裁判1, 裁判2 … in the project's
assignment order, the same for every contestant of the project); their rank, total and award
from the 公示 list; the stored outcomes and explanations (``person_records``); the deadlines of
the appeal and objection channels; and what they can download. Before publication only when
the results are expected. Nothing of another contestant is ever read out: the board is read
whole (as the 公示 does) but only the caller's own row is kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from app.domain.result_states import ResultState
from app.domain.scoring import ComponentInput, score_component
from app.extensions import db
from app.models import Project, ScoreEvent
from app.services.boards import leaderboard
from app.services.boards.publication import provisional_promotions
from app.services.boards.standings_inputs import panel_sizes, sheet_values
from app.services.common import mappers
from app.services.common.local_time import local_date
from app.services.entry import tickets
from app.services.identity.person_records import Entry, PersonRecord, get_person_record
from app.services.results import outcomes_read, qualification
from app.services.results.appeals import appeal_deadline, objection_deadline
from app.services.results.result_flow import FINISHED, project_state
from app.services.scoring.judging_access import (
    can_read_scheme,
    load_assignments,
    load_components,
)

#: Result states in which the marks are out (published, and after).
SHOWN = (ResultState.PUBLISHED, ResultState.OBJECTION_CLOSED, ResultState.FINAL,
         ResultState.CERTIFIED)


@dataclass(frozen=True, slots=True)
class JudgeMark:
    """One judge's value on a sheet, the judge named by number only."""

    judge: int
    value: str


@dataclass(frozen=True, slots=True)
class AspectMarks:
    """One aspect: its max, the judges' values and the mark they give."""

    code: str
    description: str
    kind: str
    max_mark: str
    mark: str | None
    judges: list[JudgeMark]


@dataclass(frozen=True, slots=True)
class CriterionMarks:
    """One criterion (A, B …): its score before penalties and its aspects."""

    code: str
    name: str
    max_mark: str
    score: str | None
    aspects: list[AspectMarks]


@dataclass(frozen=True, slots=True)
class ComponentMarks:
    """One component (theory, practical …) of the result."""

    code: str
    name: str
    kind: str
    weight: str
    score: str | None
    penalty_points: str
    passed: bool | None
    criteria: list[CriterionMarks]
    # A component entered whole (theory): each judge's entered value.
    judges: list[JudgeMark]


@dataclass(frozen=True, slots=True)
class Deadlines:
    """Until when each channel is open, and the 公示 period (UTC; pages show local time)."""

    appeal_until: datetime | None
    appeal_open: bool
    objection_until: datetime | None
    objection_open: bool
    published_at: datetime | None
    publication_ends_at: datetime | None
    finalized_at: datetime | None


@dataclass(frozen=True, slots=True)
class Downloads:
    """What the contestant can download for this entry."""

    ticket: bool
    publication: bool
    certificates: list[Any]


@dataclass
class MyResult:
    """One of the contestant's entries and everything that came of it."""

    entry: Entry
    state: str
    published: bool
    expected_on: date
    deadlines: Deadlines
    downloads: Downloads
    rank: int | None = None
    n: int | None = None
    total: str | None = None
    award: str | None = None
    finish_status: str | None = None
    provisional_promotion: str = ""
    qualification: dict[str, Any] = field(default_factory=dict)
    components: list[ComponentMarks] = field(default_factory=list)

    @property
    def project(self) -> Project:
        return self.entry.registration.project

    @property
    def registration_id(self) -> int:
        return self.entry.registration.id


def get_my_results(user: Any, *, now: datetime, record: PersonRecord | None = None
                   ) -> list[MyResult]:
    """Return the user's own entries with marks (once published), outcomes and deadlines
    (``record``: their lifetime record when the caller has loaded it already)."""
    person_id = getattr(user, "person_id", None)
    if person_id is None:
        return []
    if record is None or record.person.id != person_id:
        record = get_person_record(user, person_id)
    out = [_result(user, entry, now) for entry in record.entries]
    # Newest contest first: the one the contestant is most likely looking for.
    return sorted(out, key=lambda r: (r.project.competition.starts_on, r.registration_id),
                  reverse=True)


def _result(user: Any, entry: Entry, now: datetime) -> MyResult:
    registration = entry.registration
    project = registration.project
    state = project_state(project, now)
    published = state in SHOWN and can_read_scheme(user, project)
    appeal_until = appeal_deadline(project)
    result = MyResult(
        entry=entry,
        state=state.value,
        published=published,
        expected_on=(local_date(project.ends_at) if project.ends_at is not None
                     else project.competition.ends_on),
        deadlines=Deadlines(
            appeal_until=appeal_until,
            appeal_open=(state not in FINISHED and registration.status in _COMPETED
                         and (appeal_until is None or now <= appeal_until)),
            objection_until=objection_deadline(project),
            objection_open=state is ResultState.PUBLISHED,
            published_at=project.published_at,
            publication_ends_at=project.publication_ends_at,
            finalized_at=project.finalized_at,
        ),
        downloads=Downloads(ticket=tickets.has_ticket(registration),
                            publication=project.published_at is not None,
                            certificates=[c for c in entry.certificates if c.status == "VALID"]),
    )
    if not published:
        return result
    board = leaderboard.get_board(project, leaderboard.View(leaderboard.STAFF), now=now)
    row = next((r for r in board["rows"] if r["registration_id"] == registration.id), None)
    if row is not None:
        result.rank, result.total = row.get("rank"), row.get("total")
        result.award, result.finish_status = row.get("award"), row.get("status")
    result.n = board.get("n")
    if entry.result is not None:
        why = entry.result.explanation or {}
        result.n = why.get("n", result.n)
        result.rank = entry.result.rank if entry.result.rank is not None else result.rank
        result.qualification = outcomes_read.qualification_reason(
            project, entry, qualification.list_project_qualifications(project.id))
    if not entry.promotions and state is not ResultState.FINAL:
        result.provisional_promotion = provisional_promotions(project).get(registration.id, "")
    result.components = own_marks(project, registration.id)
    return result


_COMPETED = ("CHECKED_IN", "COMPETED", "DISQUALIFIED", "QUALIFIED")


def own_marks(project: Project, registration_id: int) -> list[ComponentMarks]:
    """Return one entry's marks per component, criterion and aspect, judges by number.

    Reads only this registration's score events; the marks are the rules engine's
    (``score_component``) over the same latest values the board uses.
    """
    components = load_components(project.id)
    assignments = load_assignments(project.id)
    numbers = {a.user_id: i for i, a in enumerate(assignments, start=1)}
    latest: dict[tuple[int | None, int | None], dict[int, tuple[int, Decimal]]] = {}
    for event in db.session.scalars(select(ScoreEvent).where(
            ScoreEvent.registration_id == registration_id).order_by(ScoreEvent.id)):
        by_judge = latest.setdefault((event.aspect_id, event.component_id), {})
        by_judge[event.judge_id] = (event.id, event.value)
        numbers.setdefault(event.judge_id, len(numbers) + 1)
    schemes = {c.code: c for c in mappers.domain_components(
        components, panel_sizes=panel_sizes(assignments))}
    penalties = _own_penalties(project, registration_id)
    pass_mark = project.pass_mark
    out = []
    for component in components:
        domain = schemes[component.code]
        fines = penalties.get(component.id, ())
        aspect_rows = [(cr, sub, a) for cr in component.criteria for sub in cr.sub_criteria
                       for a in sub.aspects]
        if aspect_rows:
            values = {a.code: sheet_values(latest[(a.id, None)], a.kind)
                      for _cr, _sub, a in aspect_rows if (a.id, None) in latest}
            data = ComponentInput(aspects=values, penalties=fines)
        else:
            entered = sheet_values(latest.get((None, component.id), {}), None)
            data = (ComponentInput(panel=entered, penalties=fines) if len(entered) > 1
                    else ComponentInput(value=entered[0] if entered else None, penalties=fines))
        scored = None
        if aspect_rows or data.value is not None or data.panel:
            scored = score_component(domain, data, allow_missing=True)
        marks = {a.code: a for a in (scored.aspects if scored else ())}
        criteria = []
        for criterion in component.criteria:
            aspects = []
            for sub in criterion.sub_criteria:
                for aspect in sub.aspects:
                    by_judge = latest.get((aspect.id, None), {})
                    found = marks.get(aspect.code)
                    aspects.append(AspectMarks(
                        code=aspect.code, description=aspect.description, kind=aspect.kind,
                        max_mark=str(aspect.max_mark),
                        mark=str(found.display) if found is not None and by_judge else None,
                        judges=_judges(by_judge, numbers, aspect.kind)))
            criteria.append(CriterionMarks(
                code=criterion.code, name=criterion.name,
                max_mark=str(sum((Decimal(a.max_mark) for a in aspects), Decimal(0))),
                score=(str(scored.criterion_scores[criterion.code])
                       if scored and criterion.code in scored.criterion_scores else None),
                aspects=aspects))
        out.append(ComponentMarks(
            code=component.code, name=component.name, kind=component.kind,
            weight=str(component.weight),
            score=str(scored.score) if scored else None,
            penalty_points=str(scored.penalty_points) if scored else "0",
            passed=None if scored is None else scored.score >= pass_mark,
            criteria=criteria,
            judges=_judges(latest.get((None, component.id), {}), numbers, None)))
    return out


def _judges(by_judge: dict[int, tuple[int, Decimal]], numbers: dict[int, int],
            kind: str | None) -> list[JudgeMark]:
    """Return the judges' values by number; an M aspect is one team value (no judge shown)."""
    if kind == "M":
        return []
    return sorted((JudgeMark(numbers[j], str(v)) for j, (_e, v) in by_judge.items()),
                  key=lambda m: m.judge)


def _own_penalties(project: Project, registration_id: int) -> dict[int, tuple[Any, ...]]:
    """Return component id → the entry's active penalties as domain values."""
    from app.models import Penalty

    out: dict[int, list[Any]] = {}
    for penalty in db.session.scalars(select(Penalty).where(
            Penalty.registration_id == registration_id, Penalty.withdrawn_at.is_(None))
            .order_by(Penalty.id)):
        out.setdefault(penalty.component_id, []).append(mappers.domain_penalty(penalty))
    return {k: tuple(v) for k, v in out.items()}
