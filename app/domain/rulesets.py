"""Promotion and title rule sets as data: rows of (group, rank band, action, title) (§6, §7)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from string import Formatter
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


#: The placeholders a title name template may use (§6): the contest's region and occupation.
TITLE_PLACEHOLDERS = frozenset({"region", "occupation"})


def check_title_template(template: str) -> None:
    """Refuse a title name that is empty or uses a placeholder other than {region}/{occupation}."""
    if not template.strip():
        raise RuleSetError("ruleset.title_name", "称号名称不能为空")
    try:
        names = {f for _t, f, _s, _c in Formatter().parse(template) if f is not None}
    except ValueError:
        raise RuleSetError(
            "ruleset.title_template", f"称号名称模板有误：{template}", params={"name": template}
        ) from None
    unknown = names - TITLE_PLACEHOLDERS
    if unknown:
        raise RuleSetError(
            "ruleset.title_placeholder",
            f"称号名称只能使用 {{region}} 和 {{occupation}}：{template}",
            params={"name": template, "placeholders": sorted(unknown)},
        )


@dataclass(frozen=True, slots=True)
class TitleSpec:
    """An honorary title; ``name`` is a template with {region} and {occupation} (§6, §10.14).

    state None → the tier's default. The tier is the title's own level (天津市技术能手 is a
    city title even though 天津's 市级 contests sit at the provincial layer).
    """

    code: str
    name: str
    tier: Tier
    state: TitleState | None = None

    def __post_init__(self) -> None:
        check_title_template(self.name)

    def render(self, *, region: str = "", occupation: str = "") -> str:
        """Return the title as printed: "{region}{occupation}技术状元" → "唐山市焊工技术状元"."""
        return self.name.format(region=region, occupation=occupation)

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
    #: Whether the notice makes promotion on this row depend on passing (§7, §10.12):
    #: 石家庄 "应知应会成绩均合格" yes; 全国技能大赛 优胜奖及以上 no.
    pass_gate: bool = True
    #: The row applies only when the current grade lies in [min_grade, max_grade] (§7).
    min_grade: Grade | None = None
    max_grade: Grade | None = None

    def __post_init__(self) -> None:
        if self.action is None and self.title is None:
            raise RuleSetError("ruleset.empty_row", "规则行须有晋升动作或称号")
        low, high = self.min_grade, self.max_grade
        if low is not None and high is not None and low.ordinal > high.ordinal:
            raise RuleSetError(
                "ruleset.grade_condition",
                "等级条件的下限不能高于上限",
                params={"min_grade": low.value, "max_grade": high.value},
            )
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

    def grade_matches(self, cur: Grade) -> bool:
        """Return whether the current grade meets the row's grade condition (§7)."""
        low, high = self.min_grade, self.max_grade
        return (low is None or cur.ordinal >= low.ordinal) and (
            high is None or cur.ordinal <= high.ordinal
        )

    @property
    def grade_condition(self) -> str:
        """Return the grade condition as a short label, "" when there is none."""
        if self.min_grade is None and self.max_grade is None:
            return ""
        low = self.min_grade.zh if self.min_grade else Grade.APPRENTICE.zh
        high = self.max_grade.zh if self.max_grade else PROMOTION_CAP.zh
        return low if low == high else f"{low}–{high}"


@dataclass(frozen=True, slots=True)
class RuleSource:
    """Where a preset's rows come from: a notice (title, issuer, year) or our default (§7)."""

    tag: str = "DEFAULT"  # SRC / LOCAL / DEFAULT
    document: str = ""
    issuer: str = ""
    year: int | None = None

    @property
    def label(self) -> str:
        """Return the source as shown next to a preset: "天津 2024 …" or "our default"."""
        if not self.document:
            return "本系统默认规则" if self.tag == "DEFAULT" else self.tag
        parts = [self.document, self.issuer, str(self.year) if self.year else ""]
        return "，".join(p for p in parts if p)


@dataclass(frozen=True, slots=True)
class RuleSet:
    """A competition's promotion and title rules (a preset or an edited copy)."""

    code: str
    name: str
    rows: tuple[RuleRow, ...]
    source: str = "DEFAULT"  # SRC / LOCAL / DEFAULT, shown in the UI
    origin: RuleSource | None = None  # the document the rows come from, shown in the UI
    #: The contest layer the preset is written for (§1); a 直辖市's 市级 contest is PROVINCIAL.
    layer: Tier | None = None

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
