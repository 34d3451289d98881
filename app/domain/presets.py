"""The shipped promotion/title presets of §7, as data rows with their sources (editable copies).

Each preset names the contest layer it is written for (§1) and the document it comes from. A
直辖市's 市级 contest takes the provincial layer; a prefecture city (设区的市) takes the 石家庄
rows and never a 直辖市's by default (§7).
"""

from __future__ import annotations

from app.domain.bands import Band
from app.domain.codes import Category, Group, Tier, preset_layer
from app.domain.errors import RuleSetError
from app.domain.grades import Grade
from app.domain.rulesets import (
    PromotionAction,
    RuleRow,
    RuleSet,
    RuleSource,
    TitleSpec,
    TitleState,
)

E, S = Group.EMPLOYEE, Group.STUDENT
A = PromotionAction
AUTO, APPLY = TitleState.AUTO_GRANTED, TitleState.ELIGIBLE_TO_APPLY

NATIONAL_TITLE = TitleSpec("NATIONAL_TECHNICAL_EXPERT", "全国技术能手", Tier.NATIONAL)
PROVINCIAL_TITLE = TitleSpec("PROVINCIAL_TECHNICAL_EXPERT", "{region}技术能手", Tier.PROVINCIAL)
MUNICIPALITY_TITLE = TitleSpec("MUNICIPAL_TECHNICAL_EXPERT", "{region}技术能手", Tier.MUNICIPAL,
                               APPLY)
CITY_CHAMPION = TitleSpec("CITY_CHAMPION", "{region}{occupation}技术状元", Tier.MUNICIPAL, AUTO)
CITY_PACESETTER = TitleSpec("CITY_PACESETTER", "{region}{occupation}技术标兵", Tier.MUNICIPAL,
                            AUTO)
CITY_EXPERT = TitleSpec("CITY_TECHNICAL_EXPERT", "{region}{occupation}技术能手", Tier.MUNICIPAL,
                        AUTO)
ENTERPRISE_TITLE = TitleSpec("ENTERPRISE_TECHNICAL_EXPERT", "企业技术能手", Tier.ENTERPRISE, AUTO)

MOHRSS = "人力资源社会保障部"
PROVINCE = "省人力资源和社会保障厅"
TIANJIN = RuleSource("LOCAL", "天津市职业技能竞赛获奖选手晋升职业技能等级办法",
                     "天津市人力资源和社会保障局", 2024)
SHIJIAZHUANG = RuleSource("LOCAL", "石家庄市职业技能竞赛通知（获奖选手晋升及称号）",
                          "石家庄市人力资源和社会保障局")


def _row(band: Band, group: Group | None, action: A, target: Grade | None = None, *,
         gate: bool = True, low: Grade | None = None, high: Grade | None = None,
         cap: Grade | None = None) -> RuleRow:
    """Return a promotion row."""
    return RuleRow(band=band, group=group, action=action, target=target, cap=cap,
                   pass_gate=gate, min_grade=low, max_grade=high)


def _title(band: Band, title: TitleSpec, group: Group | None = None) -> RuleRow:
    """Return a title row."""
    return RuleRow(band=band, group=group, title=title)


_ALL: tuple[RuleSet, ...] = (
    RuleSet(
        "NATIONAL_GENERAL", "全国技能大赛",
        (
            # 优胜奖及以上 are promoted with no pass condition (§7, §10.12).
            _row(Band.half(1), E, A.TARGET, Grade.L2, gate=False),
            _row(Band.half(1), S, A.TARGET, Grade.L2, gate=False),
            _title(Band.team_top(), NATIONAL_TITLE),
        ),
        "SRC", RuleSource("SRC", "全国技能大赛技术规则（获奖选手晋升）", MOHRSS), Tier.NATIONAL,
    ),
    RuleSet(
        "NATIONAL_CLASS", "国家级一类/二类竞赛",
        (
            _row(Band.range(1, 5), E, A.TARGET, Grade.L2),
            _row(Band.range(1, 5), S, A.TARGET_NO_BUMP, Grade.L3),
            _row(Band.range(6, 20), E, A.TARGET, Grade.L3),
            _title(Band.team_top(), NATIONAL_TITLE, E),
        ),
        "SRC", RuleSource("SRC", "国家级职业技能竞赛管理办法（获奖选手晋升）", MOHRSS),
        Tier.NATIONAL,
    ),
    RuleSet(
        "PROVINCIAL_CLASS_1", "省级一类竞赛",
        (
            _row(Band.range(1, 10), E, A.TARGET, Grade.L2),
            _row(Band.range(1, 10), S, A.TARGET_NO_BUMP, Grade.L3),
            _row(Band.half(11), E, A.TARGET, Grade.L3),
            _row(Band.half(11), S, A.TARGET_NO_BUMP, Grade.L4),
            _title(Band.range(1, 3), PROVINCIAL_TITLE, E),
        ),
        "LOCAL", RuleSource("LOCAL", "省级一类职业技能竞赛晋升规则（示例）", PROVINCE),
        Tier.PROVINCIAL,
    ),
    RuleSet(
        "PROVINCIAL_CLASS_2", "省级二类竞赛",
        (
            _row(Band.range(1, 5), E, A.TARGET, Grade.L2),
            _row(Band.range(1, 5), S, A.TARGET_NO_BUMP, Grade.L3),
            _row(Band.half(6), E, A.TARGET, Grade.L3),
            _title(Band.range(1, 1), PROVINCIAL_TITLE),
        ),
        "LOCAL", RuleSource("LOCAL", "省级二类职业技能竞赛晋升规则（示例）", PROVINCE),
        Tier.PROVINCIAL,
    ),
    RuleSet(
        "MUNICIPALITY_CLASS_1", "直辖市市级一类/综合竞赛（天津 2024）",
        (
            _row(Band.range(1, 10), E, A.TARGET, Grade.L2),
            _row(Band.range(1, 10), S, A.TARGET_NO_BUMP, Grade.L3),
            _title(Band.range(1, 1), MUNICIPALITY_TITLE),
        ),
        "LOCAL", TIANJIN, Tier.PROVINCIAL,
    ),
    RuleSet(
        "MUNICIPALITY_CLASS_2", "直辖市市级二类/区级竞赛（天津 2024）",
        (
            _row(Band.range(1, 6), E, A.TARGET, Grade.L3),
            _row(Band.range(1, 6), S, A.TARGET_NO_BUMP, Grade.L4),
        ),
        "LOCAL", TIANJIN, Tier.PROVINCIAL,
    ),
    RuleSet(
        "PREFECTURE_CITY", "地级市市级竞赛（石家庄）",
        (
            # 第1名且应知应会均合格：可申报技师.
            _row(Band.range(1, 1), None, A.ELIGIBLE_TO_APPLY, Grade.L2),
            # 第2–10名合格：未达高级工的晋升高级工；已是高级工的可申报技师.
            _row(Band.range(2, 10), None, A.TARGET_NO_BUMP, Grade.L3, high=Grade.L4),
            _row(Band.range(2, 10), None, A.ELIGIBLE_TO_APPLY, Grade.L2, low=Grade.L3,
                 high=Grade.L3),
            # 其余合格选手：在原等级基础上晋升一级（最高至高级工）.
            _row(Band.rest(11), None, A.RELATIVE, cap=Grade.L3),
            _title(Band.range(1, 1), CITY_CHAMPION),
            _title(Band.range(2, 2), CITY_PACESETTER),
            _title(Band.range(3, 10), CITY_EXPERT),
        ),
        "LOCAL",
        SHIJIAZHUANG,
        Tier.MUNICIPAL,
    ),
    RuleSet(
        "ENTERPRISE", "企业/院校竞赛（天津 2024）",
        (
            _row(Band.top_percent(30), E, A.TARGET, Grade.L4),
            _row(Band.top_percent(30), S, A.TARGET_NO_BUMP, Grade.L4),
            _title(Band.top_percent(30), ENTERPRISE_TITLE),
        ),
        "LOCAL", TIANJIN, Tier.ENTERPRISE,
    ),
)

PRESETS: dict[str, RuleSet] = {preset.code: preset for preset in _ALL}

#: Codes stored before the 直辖市 presets were moved to the provincial layer.
RENAMED_PRESETS = {"MUNICIPAL_CLASS_1": "MUNICIPALITY_CLASS_1",
                   "MUNICIPAL_CLASS_2": "MUNICIPALITY_CLASS_2"}


def get_preset(code: str) -> RuleSet:
    """Return a shipped preset by code (an old code finds its renamed preset)."""
    try:
        return PRESETS[RENAMED_PRESETS.get(code, code)]
    except KeyError:
        raise RuleSetError(
            "ruleset.unknown_preset", f"没有名为 {code} 的晋升规则预设", params={"code": code}
        ) from None


def suggested_preset(tier: Tier, category: Category, *, is_municipality: bool = False) -> RuleSet:
    """Return the preset a new competition starts from, by its layer and category (§1, §7).

    WORLD and NATIONAL take the national rows (全国技能大赛 for 综合赛 and 世赛选拔); a 直辖市's
    市级 contest the 天津 rows (its district contests the 天津 区级 rows); a prefecture city's
    the 石家庄 rows; other county and enterprise contests the enterprise rows (a county
    organiser copies and edits them).
    """
    layer = preset_layer(tier, is_municipality=is_municipality)
    two = category is Category.CLASS_2
    if layer is Tier.WORLD:
        return PRESETS["NATIONAL_GENERAL"]
    if layer is Tier.NATIONAL:
        general = category in (Category.GENERAL, Category.SPECIAL)
        return PRESETS["NATIONAL_GENERAL" if general else "NATIONAL_CLASS"]
    if layer is Tier.PROVINCIAL and is_municipality:
        return PRESETS["MUNICIPALITY_CLASS_2" if two else "MUNICIPALITY_CLASS_1"]
    if layer is Tier.PROVINCIAL:
        return PRESETS["PROVINCIAL_CLASS_2" if two else "PROVINCIAL_CLASS_1"]
    if layer is Tier.MUNICIPAL:
        return PRESETS["PREFECTURE_CITY"]
    if layer is Tier.COUNTY and is_municipality:
        return PRESETS["MUNICIPALITY_CLASS_2"]
    return PRESETS["ENTERPRISE"]


def presets_for(tier: Tier, *, is_municipality: bool = False) -> tuple[RuleSet, ...]:
    """Return the presets written for a contest's layer first, then the others."""
    layer = preset_layer(tier, is_municipality=is_municipality)
    mine = [p for p in _ALL if p.layer is layer]
    return (*mine, *(p for p in _ALL if p.layer is not layer))
