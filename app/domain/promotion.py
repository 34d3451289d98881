"""Automatic grade promotion (竞赛获奖晋升): actions, gates in order, explanations (§7, §10)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from app.domain.codes import FinishStatus, Group
from app.domain.errors import Reason
from app.domain.grades import PROMOTION_CAP, Grade, grade_at
from app.domain.rulesets import PromotionAction, RuleRow
from app.domain.serde import to_jsonable


class PromotionState(StrEnum):
    """A promotion's lifecycle (§7)."""

    PROPOSED = "PROPOSED"
    APPROVED = "APPROVED"
    CERTIFIED = "CERTIFIED"
    REJECTED = "REJECTED"
    SUPERSEDED = "SUPERSEDED"


#: Earlier promotions that count for the once-a-year rule (§10.11).
COUNTING_STATES = frozenset(
    {PromotionState.PROPOSED, PromotionState.APPROVED, PromotionState.CERTIFIED}
)


class Outcome(StrEnum):
    """What one decision comes to."""

    PROMOTED = "PROMOTED"  # a PROPOSED promotion
    ELIGIBLE_TO_APPLY = "ELIGIBLE_TO_APPLY"
    NO_CHANGE = "NO_CHANGE"
    NOT_FINAL = "NOT_FINAL"
    NOT_PASSED = "NOT_PASSED"
    SUPERSEDED = "SUPERSEDED"
    NOT_IN_BAND = "NOT_IN_BAND"
    NOT_RANKED = "NOT_RANKED"


class Gate(StrEnum):
    """The gates of §7, in order."""

    FINAL = "FINAL"
    PASSED = "PASSED"
    GROUP_TABLE = "GROUP_TABLE"
    CAP_L1 = "CAP_L1"
    ONCE_A_YEAR = "ONCE_A_YEAR"
    BAND_TIE = "BAND_TIE"


FAIL_OUTCOME = {
    Gate.FINAL: Outcome.NOT_FINAL,
    Gate.PASSED: Outcome.NOT_PASSED,
    Gate.GROUP_TABLE: Outcome.NOT_IN_BAND,
    Gate.CAP_L1: Outcome.NO_CHANGE,
    Gate.ONCE_A_YEAR: Outcome.SUPERSEDED,
}


@dataclass(frozen=True, slots=True)
class PriorPromotion:
    """A contest promotion already on file for the person (any occupation, any contest)."""

    id: str
    person_id: str
    occupation: str
    grade_after: Grade
    state: PromotionState
    year: int
    decided_on: date
    project_id: str | None = None
    grade_before: Grade | None = None


@dataclass(frozen=True, slots=True)
class PromotionCandidate:
    """One person of a ranked entry, as promotion sees them."""

    entry_id: str
    person_id: str
    group: Group  # at registration (§10.13)
    status: FinishStatus
    rank: int | None
    tie_size: int
    passed: bool
    failed_components: tuple[str, ...] = ()
    current_grade: Grade | None = None  # None = APPRENTICE (§10.10)
    earlier: tuple[PriorPromotion, ...] = ()


@dataclass(frozen=True, slots=True)
class GateResult:
    """One gate's verdict: True, False, or None when not reached / not applicable."""

    gate: Gate
    passed: bool | None
    reason: Reason


@dataclass(frozen=True, slots=True)
class PromotionExplanation:
    """Why a person got (or did not get) a grade: for the UI and certificates (§7)."""

    rule_set: str
    row_index: int | None
    row: RuleRow | None
    rank: int | None
    n: int
    group: Group
    occupation: str
    grade_before: Grade
    proposed_grade: Grade | None  # what the action gives after the cap, before finality
    grade_after: Grade
    gates: tuple[GateResult, ...]
    outcome: Outcome

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        data = to_jsonable(self)
        data["row_band"] = self.row.band.label if self.row else None
        data["gates"] = [
            {"gate": g.gate.value, "passed": g.passed, **g.reason.to_dict()} for g in self.gates
        ]
        return data


@dataclass(frozen=True, slots=True)
class PromotionDecision:
    """A decision for one person and one matching row (or none)."""

    entry_id: str
    person_id: str
    outcome: Outcome
    state: PromotionState | None  # PROPOSED for PROMOTED, SUPERSEDED when superseded
    grade_before: Grade
    grade_after: Grade
    apply_for: Grade | None  # ELIGIBLE_TO_APPLY: the grade the person may apply for
    explanation: PromotionExplanation

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        data = to_jsonable(self)
        data["explanation"] = self.explanation.to_dict()
        return data


@dataclass(frozen=True, slots=True)
class SupersededPrior:
    """An earlier promotion this contest supersedes; a certified one has its certificate revoked."""

    promotion_id: str
    person_id: str
    by_entry_id: str
    was_certified: bool
    reason: Reason


@dataclass(frozen=True, slots=True)
class PromotionResult:
    """All decisions of a project, and the earlier promotions they supersede."""

    decisions: tuple[PromotionDecision, ...]
    superseded_prior: tuple[SupersededPrior, ...] = ()


def apply_action(
    action: PromotionAction,
    cur: Grade,
    target: Grade | None = None,
    *,
    cap: Grade | None = None,
    steps: int = 1,
) -> Grade | None:
    """Return the grade an action gives the current grade, or None for no change (§7, §10.10).

    TARGET(T): cur < T → T; cur == T → T+1 (never above L1); cur > T → none.
    TARGET_NO_BUMP(T): cur < T → T; else none. RELATIVE(+steps, cap C): min(cur+steps, C),
    none if cur ≥ C. ELIGIBLE_TO_APPLY: never a grade change. SPECIAL/CHIEF: no change.
    """
    if cur.ordinal >= PROMOTION_CAP.ordinal or action is PromotionAction.ELIGIBLE_TO_APPLY:
        return None
    if action is PromotionAction.RELATIVE:
        limit = min((cap or PROMOTION_CAP).ordinal, PROMOTION_CAP.ordinal)
        return None if cur.ordinal >= limit else grade_at(min(cur.ordinal + steps, limit))
    assert target is not None
    if cur.ordinal < target.ordinal:
        return target
    if action is PromotionAction.TARGET and cur is target:
        return grade_at(min(target.ordinal + 1, PROMOTION_CAP.ordinal))
    return None
