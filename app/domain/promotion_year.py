"""The once-a-year gate: one contest promotion per person per calendar year (§7, §10.11)."""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.errors import Reason
from app.domain.grades import Grade
from app.domain.promotion import (
    COUNTING_STATES,
    Gate,
    GateResult,
    PriorPromotion,
    PromotionCandidate,
    PromotionState,
    SupersededPrior,
)
from app.domain.rulesets import RuleRow


@dataclass(slots=True)
class Draft:
    """A decision before the once-a-year gate, which looks across decisions."""

    cand: PromotionCandidate
    index: int
    row: RuleRow
    cur: Grade
    proposed: Grade | None
    apply_for: Grade | None
    gates: dict[Gate, GateResult]


def counts_as_promotion(d: Draft) -> bool:
    """Return whether a draft would be a promotion, finality aside (ELIGIBLE_TO_APPLY is not)."""
    return d.proposed is not None and all(
        d.gates[g].passed is not False for g in (Gate.PASSED, Gate.GROUP_TABLE, Gate.CAP_L1)
    )


def apply_once_a_year(
    drafts: list[Draft], year: int, project_id: str | None, *, final: bool, enabled: bool = True
) -> list[SupersededPrior]:
    """Gate 5: keep one contest promotion per person per year, the highest (§10.11).

    With the per-competition setting off (``enabled`` False, [LOCAL 天津] rule not adopted),
    earlier promotions do not count; several rows of this contest still keep the highest.
    """
    superseded: list[SupersededPrior] = []
    by_person: dict[str, list[Draft]] = {}
    for d in drafts:
        if counts_as_promotion(d):
            by_person.setdefault(d.cand.person_id, []).append(d)
    for person, mine in by_person.items():
        priors = sorted(
            {
                p.id: p
                for d in mine
                for p in d.cand.earlier
                if enabled
                and p.person_id == person
                and p.year == year
                and p.state in COUNTING_STATES
                and (project_id is None or p.project_id != project_id)
            }.values(),
            key=lambda p: (p.decided_on, p.id),
        )
        pool: list[PriorPromotion | Draft] = [*priors, *sorted(mine, key=lambda d: d.index)]
        winner = min(range(len(pool)), key=lambda k: (-_after(pool[k]).ordinal, k))
        best = pool[winner]
        for k, item in enumerate(pool):
            if isinstance(item, Draft):
                item.gates[Gate.ONCE_A_YEAR] = _year_gate(item, best, k == winner, year, enabled)
            elif k != winner and final and isinstance(best, Draft):
                superseded.append(
                    SupersededPrior(
                        item.id,
                        person,
                        best.cand.entry_id,
                        item.state is PromotionState.CERTIFIED,
                        Reason(
                            "promotion.superseded_by_higher",
                            f"同一年度内本次竞赛晋升至更高等级（{_after(best).zh}），原晋升作废",
                            {"year": year, "grade_after": _after(best).value},
                        ),
                    )
                )
    for d in drafts:
        if Gate.ONCE_A_YEAR not in d.gates:
            d.gates[Gate.ONCE_A_YEAR] = GateResult(
                Gate.ONCE_A_YEAR,
                None,
                Reason("promotion.once_a_year_na", "无晋升，不适用年度一次规则"),
            )
    return superseded


def _after(item: PriorPromotion | Draft) -> Grade:
    """Return the grade-after of a prior promotion or a draft."""
    if isinstance(item, PriorPromotion):
        return item.grade_after
    assert item.proposed is not None
    return item.proposed


def _year_gate(
    d: Draft, best: PriorPromotion | Draft, kept: bool, year: int, enabled: bool
) -> GateResult:
    """Explain the once-a-year verdict for one draft."""
    if kept and not enabled:
        return GateResult(
            Gate.ONCE_A_YEAR,
            None,
            Reason("promotion.once_a_year_off", "本竞赛未采用每年一次晋升的限制", {"year": year}),
        )
    if kept:
        return GateResult(
            Gate.ONCE_A_YEAR,
            True,
            Reason("promotion.once_a_year_kept", f"{year}年度内保留此次最高晋升", {"year": year}),
        )
    if isinstance(best, PriorPromotion):
        return GateResult(
            Gate.ONCE_A_YEAR,
            False,
            Reason(
                "promotion.once_a_year_prior",
                f"{year}年度内已有不低于此的竞赛晋升（{best.grade_after.zh}），本次不再晋升",
                {"year": year, "promotion_id": best.id, "grade_after": best.grade_after.value},
            ),
        )
    return GateResult(
        Gate.ONCE_A_YEAR,
        False,
        Reason(
            "promotion.once_a_year_row",
            f"同一竞赛另一条规则晋升更高（{_after(best).zh}）",
            {"year": year, "row_index": best.index, "grade_after": _after(best).value},
        ),
    )
