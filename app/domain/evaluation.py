"""Evaluate a finished project end to end: the single entry point of the rules engine.

Call ``evaluate_project(project, entries)`` with plain values (see evaluation_types.py):

- ``ProjectInput``: occupation, components (weights, kinds, marking schemes), award settings,
  the promotion/title ``RuleSet`` (a preset from presets.py or an edited copy), contest year,
  shared ranks, tie-break chain, chief-judge order, pass mark, team size, quota, result status
  and whether appeals are open.
- ``EntryInput`` per registration: group at registration, finish status, each component's
  input (an entered value, a whole-component judge panel, or aspect marks), penalties, working
  time, current grade in the occupation, earlier contest promotions, withdrawn flag.

It returns a ``ProjectEvaluation``: per entry the 2-dp component scores and total, pass verdict,
rank, WorldSkills score, award, titles, promotion decisions with explanations and qualification;
plus unresolved ties, what still keeps promotions from being final, and earlier promotions this
contest supersedes. The order is scores → totals → ranks → awards → titles → promotions →
qualification. Bad input raises a DomainError subclass (code + message), never a wrong number.
``evaluate_project_from_dict`` accepts the same as JSON ({"project": {...}, "entries": [...]};
a rule set may be given by preset code), and ``ProjectEvaluation.to_dict`` round-trips.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from app.domain.awards import AwardScheme, assign_awards
from app.domain.codes import FinishStatus, ResultStatus
from app.domain.errors import InputError, Reason, ScoreError
from app.domain.evaluation_types import (
    EntryInput,
    EntryResult,
    ProjectEvaluation,
    ProjectInput,
    WorldSkillsSettings,
)
from app.domain.promotion import PromotionCandidate, PromotionDecision
from app.domain.promotion_engine import decide_promotions
from app.domain.qualification import qualify
from app.domain.ranking import RankingEntry, rank_entries
from app.domain.scheme import Component, ComponentKind, validate_marking
from app.domain.scoring import ComponentResult, score_component, total_score
from app.domain.serde import load
from app.domain.standardisation import worldskills_scores
from app.domain.titles import TitleCandidate, assign_titles


def evaluate_project(project: ProjectInput, entries: Sequence[EntryInput]) -> ProjectEvaluation:
    """Evaluate a project from plain data: scores to qualification (§4–§7, §10)."""
    _check_project(project, entries)
    scored = {e.entry_id: _score_entry(project, e) for e in entries}
    ranking = rank_entries(
        [_ranking_entry(project.components, e, scored[e.entry_id]) for e in entries],
        shares_ranks=project.shares_ranks,
        tie_breaks=project.tie_breaks,
        chief_judge_order=project.chief_judge_order,
    )
    by_id = {e.entry_id: e for e in entries}
    places = {p.entry_id: p for p in ranking.entries}
    ws = _worldskills(project, ranking.entries, scored)
    awards = assign_awards(ranking.ranks(), ranking.n, project.award, ws_scores=ws)
    titles = assign_titles(
        [TitleCandidate(e.entry_id, e.group, places[e.entry_id].rank) for e in entries],
        project.rule_set,
        ranking.n,
        team_size=project.team_size,
        region=project.region,
        occupation=project.occupation_name,
    )
    finality = _finality(project, bool(ranking.unresolved))
    candidates = [
        PromotionCandidate(
            entry_id=e.entry_id,
            person_id=m.person_id,
            group=e.group,
            status=places[e.entry_id].status,
            rank=places[e.entry_id].rank,
            tie_size=places[e.entry_id].tie_size,
            passed=scored[e.entry_id][3],
            failed_components=scored[e.entry_id][4],
            current_grade=m.current_grade,
            earlier=m.earlier_promotions,
        )
        for e in entries
        for m in e.people()
    ]
    promotions = decide_promotions(
        candidates,
        project.rule_set,
        n=ranking.n,
        occupation=project.occupation,
        year=project.contest_year,
        finality=finality,
        team_size=project.team_size,
        project_id=project.project_id,
        ceiling=project.ceiling,
        once_a_year=project.once_a_year,
    )
    by_entry: dict[str, list[PromotionDecision]] = {}
    for d in promotions.decisions:
        by_entry.setdefault(d.entry_id, []).append(d)
    quali = None
    if project.quota is not None:
        quali = qualify(
            ranking.entries, project.quota, withdrawn={e.entry_id for e in entries if e.withdrawn}
        )
    results = []
    for place in ranking.entries:
        e = by_id[place.entry_id]
        comps, total, status, ok, failed = scored[e.entry_id]
        flags = sorted({f for c in comps.values() for f in c.flags})
        results.append(
            EntryResult(
                entry_id=e.entry_id,
                person_id=e.person_id,
                group=e.group,
                status=status,
                components=comps,
                total=total,
                passed=ok,
                failed_components=failed,
                rank=place.rank,
                position=place.position,
                tie_size=place.tie_size,
                decided_by=place.decided_by,
                ws_score=ws.get(e.entry_id),
                award=awards[e.entry_id],
                titles=titles[e.entry_id],
                promotions=tuple(by_entry.get(e.entry_id, ())),
                qualified=quali is not None and e.entry_id in quali.qualified,
                flags=tuple(flags),
            )
        )
    return ProjectEvaluation(
        project_id=project.project_id,
        n=ranking.n,
        entries=tuple(results),
        unresolved_ties=ranking.unresolved,
        finality=finality,
        qualification=quali,
        superseded_prior=promotions.superseded_prior,
        advances_to=project.advances_to,
    )


def ranking_inputs(
    project: ProjectInput, entries: Sequence[EntryInput]
) -> tuple[RankingEntry, ...]:
    """Return each entry's ranking figures (total and every tie-break value, §10.1, §10.5)."""
    _check_project(project, entries)
    return tuple(
        _ranking_entry(project.components, e, _score_entry(project, e)) for e in entries
    )


def _check_project(project: ProjectInput, entries: Sequence[EntryInput]) -> None:
    """Reject an empty or malformed project before computing anything."""
    if not entries:
        raise InputError("project.empty", "赛项没有任何参赛记录，无法计算成绩", field="entries")
    validate_marking(project.components)
    persons = [m.person_id for e in entries for m in e.people()]
    dup = sorted({p for p in persons if persons.count(p) > 1})
    if dup:
        raise InputError(
            "project.duplicate_person",
            f"同一人员在本赛项重复参赛：{', '.join(dup)}",
            field="entries",
            params={"person_ids": dup},
        )
    if project.team_size < 1:
        raise InputError(
            "project.team_size",
            "团队人数须至少为1",
            field="team_size",
            params={"team_size": project.team_size},
        )


#: (component results, 2-dp total or None, effective status, passed, failed component codes)
_Scored = tuple[dict[str, ComponentResult], Decimal | None, FinishStatus, bool, tuple[str, ...]]


def _score_entry(project: ProjectInput, entry: EntryInput) -> _Scored:
    """Score an entry's components; a countersigned serious breach makes it DQ (§4)."""
    known = {c.code for c in project.components}
    for code in entry.components:
        if code not in known:
            raise ScoreError(
                "score.unknown_component",
                f"{entry.entry_id}：没有成绩组成 {code}",
                field=code,
                params={"entry_id": entry.entry_id, "component": code},
            )
    finished = entry.status is FinishStatus.FINISHED
    complete = all(c.code in entry.components for c in project.components)
    if not complete and not finished:
        return {}, None, entry.status, False, ()
    comps = {
        c.code: score_component(
            c,
            entry.components.get(c.code) or _missing(c, entry),
            allow_missing=project.allow_missing_aspects,
        )
        for c in project.components
    }
    status = FinishStatus.DQ if any(c.disqualified for c in comps.values()) else entry.status
    failed = tuple(
        c.code
        for c in project.components
        if comps[c.code].score < (c.pass_mark if c.pass_mark is not None else project.pass_mark)
    )
    return comps, total_score(project.components, comps), status, not failed, failed


def _missing(component: Component, entry: EntryInput) -> Any:
    """Raise score.missing_component for a finisher without a component."""
    raise ScoreError(
        "score.missing_component",
        f"{entry.entry_id}：缺少 {component.code} 的成绩",
        field=component.code,
        params={"entry_id": entry.entry_id, "component": component.code},
    )


def _ranking_entry(
    components: Sequence[Component], entry: EntryInput, scored: _Scored
) -> RankingEntry:
    """Return what ranking needs: 2-dp total, practical, theory, top criterion (§10.1, §10.5)."""
    comps, total, status = scored[0], scored[1], scored[2]

    def score(kind: ComponentKind) -> Decimal | None:
        comp = next((c for c in components if c.kind is kind), None)
        return comps[comp.code].score if comp is not None and comp.code in comps else None

    practical = next((c for c in components if c.kind is ComponentKind.PRACTICAL), None)
    top = None
    if practical is not None and practical.scheme is not None and practical.code in comps:
        criterion = practical.scheme.top_criterion()
        top = comps[practical.code].criterion_scores.get(criterion) if criterion else None
    return RankingEntry(
        entry.entry_id,
        status,
        total,
        score(ComponentKind.PRACTICAL),
        score(ComponentKind.THEORY),
        top,
        entry.working_time,
        entry.code,
    )


def _worldskills(
    project: ProjectInput, places: Sequence[Any], scored: Mapping[str, _Scored]
) -> dict[str, int]:
    """Return finishers' ws scores when the project uses the WorldSkills scale (§5)."""
    settings = project.worldskills
    if settings is None and project.award.scheme is AwardScheme.WORLDSKILLS:
        settings = WorldSkillsSettings()
    if settings is None:
        return {}
    raw = {
        p.entry_id: total
        for p in places
        if p.rank is not None and (total := scored[p.entry_id][1]) is not None
    }
    return worldskills_scores(
        raw, k=settings.k, centre=settings.centre, sigma_method=settings.sigma_method
    )


def _finality(project: ProjectInput, unresolved: bool) -> tuple[Reason, ...]:
    """List what keeps promotions provisional: status, open appeals, an unordered tie (§8)."""
    out: list[Reason] = []
    if project.result_status is not ResultStatus.FINAL:
        out.append(
            Reason(
                "promotion.not_final",
                "成绩尚未终审公布，晋升暂为预览",
                {"result_status": project.result_status.value},
            )
        )
    if project.appeals_open:
        out.append(Reason("promotion.appeals_open", "仍有申诉未处理完毕"))
    if unresolved:
        out.append(Reason("promotion.unresolved_tie", "存在未经裁判长排序的并列名次"))
    return tuple(out)


def evaluate_project_from_dict(data: Mapping[str, Any]) -> ProjectEvaluation:
    """Evaluate a project described as JSON: {"project": {...}, "entries": [...]}."""
    if not isinstance(data, Mapping) or "project" not in data:
        raise InputError("input.shape", "JSON 须包含 project 和 entries", field="$")
    project = load(ProjectInput, data["project"])
    entries = load(tuple[EntryInput, ...], data.get("entries", []))  # type: ignore[arg-type]
    return evaluate_project(project, entries)
