"""The seven shipped promotion/title presets of §7, as data (editable copies per competition)."""

from __future__ import annotations

from app.domain.bands import Band
from app.domain.codes import Category, Group, Tier
from app.domain.errors import RuleSetError
from app.domain.grades import Grade
from app.domain.rulesets import PromotionAction, RuleRow, RuleSet, TitleSpec, TitleState

E, S = Group.EMPLOYEE, Group.STUDENT
TARGET, NO_BUMP = PromotionAction.TARGET, PromotionAction.TARGET_NO_BUMP

NATIONAL_TITLE = TitleSpec("NATIONAL_TECHNICAL_EXPERT", "全国技术能手", Tier.NATIONAL)
PROVINCIAL_TITLE = TitleSpec("PROVINCIAL_TECHNICAL_EXPERT", "省技术能手", Tier.PROVINCIAL)
MUNICIPAL_TITLE = TitleSpec(
    "MUNICIPAL_TECHNICAL_EXPERT", "市技术能手", Tier.MUNICIPAL, TitleState.ELIGIBLE_TO_APPLY
)
ENTERPRISE_TITLE = TitleSpec(
    "ENTERPRISE_TECHNICAL_EXPERT", "企业技术能手", Tier.ENTERPRISE, TitleState.AUTO_GRANTED
)


def _row(band: Band, group: Group | None, action: PromotionAction, target: Grade) -> RuleRow:
    """Return a promotion row."""
    return RuleRow(band=band, group=group, action=action, target=target)


def _title(band: Band, title: TitleSpec, group: Group | None = None) -> RuleRow:
    """Return a title row."""
    return RuleRow(band=band, group=group, title=title)


PRESETS: dict[str, RuleSet] = {
    preset.code: preset
    for preset in (
        RuleSet(
            "NATIONAL_GENERAL",
            "全国技能大赛",
            (
                _row(Band.half(1), E, TARGET, Grade.L2),
                _row(Band.half(1), S, TARGET, Grade.L2),
                _title(Band.team_top(), NATIONAL_TITLE),
            ),
            "SRC",
        ),
        RuleSet(
            "NATIONAL_CLASS",
            "国家级一类/二类竞赛",
            (
                _row(Band.range(1, 5), E, TARGET, Grade.L2),
                _row(Band.range(1, 5), S, NO_BUMP, Grade.L3),
                _row(Band.range(6, 20), E, TARGET, Grade.L3),
                _title(Band.team_top(), NATIONAL_TITLE, E),
            ),
            "SRC",
        ),
        RuleSet(
            "PROVINCIAL_CLASS_1",
            "省级一类竞赛",
            (
                _row(Band.range(1, 10), E, TARGET, Grade.L2),
                _row(Band.range(1, 10), S, NO_BUMP, Grade.L3),
                _row(Band.half(11), E, TARGET, Grade.L3),
                _row(Band.half(11), S, NO_BUMP, Grade.L4),
                _title(Band.range(1, 3), PROVINCIAL_TITLE, E),
            ),
            "LOCAL",
        ),
        RuleSet(
            "PROVINCIAL_CLASS_2",
            "省级二类竞赛",
            (
                _row(Band.range(1, 5), E, TARGET, Grade.L2),
                _row(Band.range(1, 5), S, NO_BUMP, Grade.L3),
                _row(Band.half(6), E, TARGET, Grade.L3),
                _title(Band.range(1, 1), PROVINCIAL_TITLE),
            ),
            "LOCAL",
        ),
        RuleSet(
            "MUNICIPAL_CLASS_1",
            "市级一类/综合竞赛（天津 2024）",
            (
                _row(Band.range(1, 10), E, TARGET, Grade.L2),
                _row(Band.range(1, 10), S, NO_BUMP, Grade.L3),
                _title(Band.range(1, 1), MUNICIPAL_TITLE),
            ),
            "LOCAL",
        ),
        RuleSet(
            "MUNICIPAL_CLASS_2",
            "市级二类/区级竞赛（天津 2024）",
            (
                _row(Band.range(1, 6), E, TARGET, Grade.L3),
                _row(Band.range(1, 6), S, NO_BUMP, Grade.L4),
                _title(Band.range(1, 1), MUNICIPAL_TITLE),
            ),
            "LOCAL",
        ),
        RuleSet(
            "ENTERPRISE",
            "企业/院校竞赛（天津 2024）",
            (
                _row(Band.top_percent(30), E, TARGET, Grade.L4),
                _row(Band.top_percent(30), S, NO_BUMP, Grade.L4),
                _title(Band.top_percent(30), ENTERPRISE_TITLE),
            ),
            "LOCAL",
        ),
    )
}


def get_preset(code: str) -> RuleSet:
    """Return a shipped preset by code."""
    try:
        return PRESETS[code]
    except KeyError:
        raise RuleSetError(
            "ruleset.unknown_preset", f"没有名为 {code} 的晋升规则预设", params={"code": code}
        ) from None


def suggested_preset(tier: Tier, category: Category) -> RuleSet:
    """Return the preset a new competition of this tier and category starts from (§7)."""
    if tier is Tier.NATIONAL:
        return PRESETS["NATIONAL_GENERAL" if category is Category.GENERAL else "NATIONAL_CLASS"]
    if tier is Tier.PROVINCIAL:
        two = category is Category.CLASS_2
        return PRESETS["PROVINCIAL_CLASS_2" if two else "PROVINCIAL_CLASS_1"]
    if tier is Tier.MUNICIPAL:
        two = category is Category.CLASS_2
        return PRESETS["MUNICIPAL_CLASS_2" if two else "MUNICIPAL_CLASS_1"]
    return PRESETS["ENTERPRISE"]
