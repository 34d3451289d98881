"""Promotion and title rule sets as data: rows of (group, rank band, action, title) (§6, §7)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from app.domain.bands import Band
from app.domain.codes import Group, Tier
from app.domain.errors import RuleSetError
from app.domain.grades import PROMOTION_CAP, Grade
from app.domain.serde import load, to_jsonable


class PromotionAction(StrEnum):
    """What a rule row does to the current grade (§7)."""

    TARGET = "TARGET"  # cur < T → T; cur == T → T+1 (cap L1); cur > T → none
    TARGET_NO_BUMP = "TARGET_NO_BUMP"  # cur < T → T; else none
    RELATIVE = "RELATIVE"  # min(cur + steps, C); none if cur ≥ C
    ELIGIBLE_TO_APPLY = "ELIGIBLE_TO_APPLY"  # no change; records eligibility to apply for T


class TitleState(StrEnum):
    """How a title is conferred (§6)."""

    NOMINATED = "NOMINATED"  # a government body grants it
    ELIGIBLE_TO_APPLY = "ELIGIBLE_TO_APPLY"
    AUTO_GRANTED = "AUTO_GRANTED"


def default_title_state(tier: Tier) -> TitleState:
    """Return how a tier's title is conferred when the rule does not say (§6, §10.14)."""
    if tier in (Tier.NATIONAL, Tier.PROVINCIAL):
        return TitleState.NOMINATED
    if tier is Tier.MUNICIPAL:
        return TitleState.ELIGIBLE_TO_APPLY
    return TitleState.AUTO_GRANTED


@dataclass(frozen=True, slots=True)
class TitleSpec:
    """An honorary title such as 全国技术能手; state None → the tier's default (§10.14)."""

    code: str
    name: str
    tier: Tier
    state: TitleState | None = None

    @property
    def effective_state(self) -> TitleState:
        """Return the state the title is conferred in."""
        if self.tier in (Tier.NATIONAL, Tier.PROVINCIAL):
            return TitleState.NOMINATED  # always granted by a government body (§6)
        return self.state or default_title_state(self.tier)


@dataclass(frozen=True, slots=True)
class RuleRow:
    """One row: a group (None = both, §10.14), a rank band, an action and/or a title (§7)."""

    band: Band
    group: Group | None = None
    action: PromotionAction | None = None
    target: Grade | None = None  # T for TARGET, TARGET_NO_BUMP, ELIGIBLE_TO_APPLY
    cap: Grade | None = None  # C for RELATIVE (default L1)
    steps: int = 1  # RELATIVE +steps
    title: TitleSpec | None = None
    note: str = ""

    def __post_init__(self) -> None:
        if self.action is None and self.title is None:
            raise RuleSetError("ruleset.empty_row", "规则行须有晋升动作或称号")
        needs_target = self.action in (
            PromotionAction.TARGET,
            PromotionAction.TARGET_NO_BUMP,
            PromotionAction.ELIGIBLE_TO_APPLY,
        )
        if needs_target and self.target is None:
            raise RuleSetError(
                "ruleset.target",
                f"{self.action} 规则须指定目标等级",
                params={"action": self.action},
            )
        for grade in (self.target, self.cap):
            if grade is not None and grade.ordinal > PROMOTION_CAP.ordinal:
                raise RuleSetError(
                    "ruleset.above_cap",
                    f"竞赛晋升最高至高级技师，不能设为{grade.zh}",
                    params={"grade": grade.value},
                )
        if self.action is PromotionAction.RELATIVE and self.steps < 1:
            raise RuleSetError(
                "ruleset.steps", "相对晋升级数须至少为1", params={"steps": self.steps}
            )

    def applies_to(self, group: Group) -> bool:
        """Return whether the row covers a group."""
        return self.group is None or self.group is group


@dataclass(frozen=True, slots=True)
class RuleSet:
    """A competition's promotion and title rules (a preset or an edited copy)."""

    code: str
    name: str
    rows: tuple[RuleRow, ...]
    source: str = "DEFAULT"  # SRC / LOCAL / DEFAULT, shown in the UI

    def promotion_rows(self) -> tuple[tuple[int, RuleRow], ...]:
        """Return (index, row) for rows with an action."""
        return tuple((i, r) for i, r in enumerate(self.rows) if r.action is not None)

    def title_rows(self) -> tuple[tuple[int, RuleRow], ...]:
        """Return (index, row) for rows with a title."""
        return tuple((i, r) for i, r in enumerate(self.rows) if r.title is not None)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return to_jsonable(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RuleSet:
        """Build a rule set from JSON-ready data."""
        return load(cls, data)

    @classmethod
    def from_json_value(cls, value: object) -> RuleSet:
        """Accept a shipped preset's code where a rule set is expected in JSON."""
        from app.domain.presets import get_preset  # presets import this module

        if isinstance(value, str):
            return get_preset(value)
        raise RuleSetError("ruleset.syntax", f"无法识别的规则集：{value!r}")
