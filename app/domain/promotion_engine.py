"""Decide every person's promotion through the gates of §7 in order, with explanations."""

from __future__ import annotations

from collections.abc import Sequence

from app.domain.codes import FinishStatus
from app.domain.errors import Reason
from app.domain.grades import PROMOTION_CAP, Grade, parse_grade
from app.domain.promotion import (
    FAIL_OUTCOME,
    Gate,
    GateResult,
    Outcome,
    PromotionCandidate,
    PromotionDecision,
    PromotionExplanation,
    PromotionResult,
    PromotionState,
    apply_action,
)
from app.domain.promotion_year import Draft, apply_once_a_year
from app.domain.rulesets import PromotionAction, RuleRow, RuleSet

_ORDER = (Gate.FINAL, Gate.PASSED, Gate.GROUP_TABLE, Gate.CAP_L1, Gate.ONCE_A_YEAR)


def decide_promotions(
    candidates: Sequence[PromotionCandidate],
    rules: RuleSet,
    *,
    n: int,
    occupation: str,
    year: int,
    finality: Sequence[Reason] = (),
    team_size: int = 1,
    project_id: str | None = None,
    ceiling: Grade | None = None,
    once_a_year: bool = True,
) -> PromotionResult:
    """Decide promotions for a ranked project through the §7 gates, in order (§7, §10.9–10.13).

    Gates: results FINAL (``finality`` lists what is still open; empty = final) → passed
    (every component ≥ the pass mark), only on rows whose notice requires it → the row table
    of the entry's group at registration, and the row's grade condition → cap L1 and the
    occupation's ``ceiling`` (a promotion past it stops there) → at most one contest promotion
    per person per calendar year when ``once_a_year`` (the highest grade-after wins, on equal
    grades the earlier; earlier promotions from ``project_id`` itself are ignored so that
    evaluating again is stable) → a tie straddling a band edge takes the better band (bands
    test the shared rank). Each matching row yields one decision; a ranked person in no band
    gets one NOT_IN_BAND decision; DNF/DQ get NOT_RANKED.
    """
    decisions: list[PromotionDecision | Draft] = []
    for cand in candidates:
        cur = parse_grade(cand.current_grade)
        if cand.status is not FinishStatus.FINISHED or cand.rank is None:
            reason = Reason(
                "promotion.not_ranked",
                "未完赛或被取消资格，不参与晋升",
                {"status": cand.status.value},
            )
            decisions.append(
                _plain(
                    cand,
                    rules,
                    n,
                    occupation,
                    cur,
                    None,
                    None,
                    Outcome.NOT_RANKED,
                    (GateResult(Gate.GROUP_TABLE, False, reason),),
                )
            )
            continue
        head = (_final_gate(finality), _passed_gate(cand))
        rows = [
            (i, r)
            for i, r in rules.promotion_rows()
            if r.applies_to(cand.group)
            and r.band.contains(cand.rank, n, team_size)
            and r.grade_matches(cur)
        ]
        if not rows:
            reason = _no_row_reason(cand, cur, rules, n, team_size)
            gate = GateResult(Gate.GROUP_TABLE, False, reason)
            decisions.append(
                _plain(
                    cand, rules, n, occupation, cur, None, None, Outcome.NOT_IN_BAND, (*head, gate)
                )
            )
            continue
        for index, row in rows:
            decisions.append(_draft(cand, index, row, cur, head, n, team_size, ceiling))
    superseded = apply_once_a_year(
        [d for d in decisions if isinstance(d, Draft)],
        year,
        project_id,
        final=not finality,
        enabled=once_a_year,
    )
    out = [
        d if isinstance(d, PromotionDecision) else _finish(d, rules, n, occupation)
        for d in decisions
    ]
    return PromotionResult(tuple(out), tuple(superseded))


def _final_gate(finality: Sequence[Reason]) -> GateResult:
    """Gate 1: results FINAL, appeals closed, no tie awaiting the chief judge."""
    if finality:
        return GateResult(Gate.FINAL, False, finality[0])
    return GateResult(Gate.FINAL, True, Reason("promotion.final", "成绩已终审公布"))


def _passed_gate(cand: PromotionCandidate) -> GateResult:
    """Gate 2: every component reached the pass mark (§10.12)."""
    if cand.passed:
        return GateResult(Gate.PASSED, True, Reason("promotion.passed", "各部分成绩均达到合格线"))
    failed = list(cand.failed_components)
    return GateResult(
        Gate.PASSED,
        False,
        Reason(
            "promotion.not_passed",
            f"成绩未合格：{'、'.join(failed) or '有部分'}低于合格线",
            {"components": failed},
        ),
    )


def _no_row_reason(
    cand: PromotionCandidate, cur: Grade, rules: RuleSet, n: int, team_size: int
) -> Reason:
    """Explain why no row matched: the grade condition, another group's table, or no band."""
    params = {"rank": cand.rank, "n": n, "group": cand.group.value}
    banded = [r for _, r in rules.promotion_rows() if r.band.contains(cand.rank, n, team_size)]
    conditioned = [r for r in banded if r.applies_to(cand.group)]
    if conditioned:
        return Reason(
            "promotion.grade_condition",
            f"第{cand.rank}名：当前等级{cur.zh}不符合该名次段规则的等级条件"
            f"（{'、'.join(r.grade_condition for r in conditioned)}）",
            {**params, "current": cur.value},
        )
    if banded:
        return Reason(
            "promotion.no_row_for_group",
            f"第{cand.rank}名：{cand.group.zh}在该名次段没有晋升规则",
            params,
        )
    return Reason("promotion.outside_bands", f"第{cand.rank}名不在任何晋升名次段内", params)


def _draft(
    cand: PromotionCandidate,
    index: int,
    row: RuleRow,
    cur: Grade,
    head: tuple[GateResult, GateResult],
    n: int,
    team_size: int,
    ceiling: Grade | None,
) -> Draft:
    """Apply one matching row: its pass gate, the group table, the action, cap and ceiling."""
    assert row.action is not None and cand.rank is not None
    gates = {g.gate: g for g in head}
    if not row.pass_gate:
        gates[Gate.PASSED] = GateResult(
            Gate.PASSED,
            None,
            Reason("promotion.no_pass_gate", "本规则行不以成绩合格为晋升条件"),
        )
    gates[Gate.GROUP_TABLE] = GateResult(
        Gate.GROUP_TABLE,
        True,
        Reason(
            "promotion.group_table",
            f"按{cand.group.zh}规则第{index + 1}行（{row.band.label}）",
            {"row_index": index, "group": cand.group.value, "band": row.band.label},
        ),
    )
    limit = PROMOTION_CAP if ceiling is None or ceiling.ordinal > PROMOTION_CAP.ordinal else ceiling
    proposed = apply_action(row.action, cur, row.target, cap=row.cap, steps=row.steps)
    apply_for = None
    if row.action is PromotionAction.ELIGIBLE_TO_APPLY and row.target is not None:
        ok = cur.ordinal < row.target.ordinal <= limit.ordinal
        apply_for = row.target if ok else None
    gates[Gate.CAP_L1] = _cap_gate(cur, limit, proposed, row)
    if cur.ordinal >= limit.ordinal:
        proposed = None
    elif proposed is not None and proposed.ordinal > limit.ordinal:
        proposed = limit
    last = cand.rank + cand.tie_size - 1
    if cand.tie_size > 1 and last > row.band.upper(n, team_size):
        tie = Reason(
            "promotion.tie_better_band",
            f"并列第{cand.rank}名跨越名次段边界，按较优名次段处理",
            {"rank": cand.rank, "tie_size": cand.tie_size, "band": row.band.label},
        )
    else:
        tie = Reason("promotion.no_band_edge_tie", "不涉及跨名次段并列", {"rank": cand.rank})
    gates[Gate.BAND_TIE] = GateResult(Gate.BAND_TIE, True, tie)
    return Draft(cand, index, row, cur, proposed, apply_for, gates)


def _cap_gate(cur: Grade, limit: Grade, proposed: Grade | None, row: RuleRow) -> GateResult:
    """Gate 4: never above L1 (特级/首席 are posts) nor the occupation's ceiling (§2)."""
    params = {"current": cur.value, "ceiling": limit.value}
    if cur.ordinal >= PROMOTION_CAP.ordinal:
        return GateResult(
            Gate.CAP_L1,
            False,
            Reason(
                "promotion.at_cap",
                f"当前等级{cur.zh}已达竞赛晋升上限（高级技师）或为聘任岗位",
                params,
            ),
        )
    if cur.ordinal >= limit.ordinal:
        return GateResult(
            Gate.CAP_L1,
            False,
            Reason(
                "promotion.at_ceiling",
                f"本职业（工种）国家标准最高设至{limit.zh}，当前等级{cur.zh}已达上限",
                params,
            ),
        )
    above = row.target if row.action is PromotionAction.ELIGIBLE_TO_APPLY else proposed
    if above is not None and above.ordinal > limit.ordinal:
        return GateResult(
            Gate.CAP_L1,
            True,
            Reason(
                "promotion.stopped_at_ceiling",
                f"本职业（工种）国家标准最高设至{limit.zh}，晋升止于{limit.zh}",
                {**params, "wanted": above.value},
            ),
        )
    return GateResult(
        Gate.CAP_L1,
        True,
        Reason("promotion.within_cap", f"晋升后不超过{limit.zh}", params),
    )


def _finish(d: Draft, rules: RuleSet, n: int, occupation: str) -> PromotionDecision:
    """Turn a draft into a decision: the first failing gate decides the outcome."""
    gates = tuple(d.gates[g] for g in (*_ORDER, Gate.BAND_TIE))
    failing = next((g for g in _ORDER if d.gates[g].passed is False), None)
    if failing is not None:
        outcome = FAIL_OUTCOME[failing]
    elif d.row.action is PromotionAction.ELIGIBLE_TO_APPLY:
        outcome = Outcome.ELIGIBLE_TO_APPLY if d.apply_for else Outcome.NO_CHANGE
    else:
        outcome = Outcome.PROMOTED if d.proposed is not None else Outcome.NO_CHANGE
    capped = d.proposed
    return _plain(
        d.cand,
        rules,
        n,
        occupation,
        d.cur,
        (d.index, d.row),
        capped,
        outcome,
        gates,
        apply_for=d.apply_for if outcome is Outcome.ELIGIBLE_TO_APPLY else None,
    )


def _plain(
    cand: PromotionCandidate,
    rules: RuleSet,
    n: int,
    occupation: str,
    cur: Grade,
    row: tuple[int, RuleRow] | None,
    proposed: Grade | None,
    outcome: Outcome,
    gates: tuple[GateResult, ...],
    *,
    apply_for: Grade | None = None,
) -> PromotionDecision:
    """Build a decision and its explanation."""
    # A SUPERSEDED decision names the grade it would have given (the explanation says why not).
    gives = outcome in (Outcome.PROMOTED, Outcome.SUPERSEDED)
    after = proposed if gives and proposed is not None else cur
    state = {
        Outcome.PROMOTED: PromotionState.PROPOSED,
        Outcome.SUPERSEDED: PromotionState.SUPERSEDED,
    }.get(outcome)
    explanation = PromotionExplanation(
        rule_set=rules.code,
        row_index=row[0] if row else None,
        row=row[1] if row else None,
        rank=cand.rank,
        n=n,
        group=cand.group,
        occupation=occupation,
        grade_before=cur,
        proposed_grade=proposed,
        grade_after=after,
        gates=gates,
        outcome=outcome,
    )
    return PromotionDecision(
        cand.entry_id, cand.person_id, outcome, state, cur, after, apply_for, explanation
    )
