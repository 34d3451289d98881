"""Honours a person holds (中华技能大奖, 技术能手 …) and grade sources with evidence (§2, §3)."""

from __future__ import annotations

from enum import StrEnum

from app.domain.codes import Tier


class Honour(StrEnum):
    """A recordable honour; 中华技能大奖 is selected, never won in a contest (§6)."""

    CHINA_SKILLS_AWARD = "CHINA_SKILLS_AWARD"
    NATIONAL_TECHNICAL_EXPERT = "NATIONAL_TECHNICAL_EXPERT"
    PROVINCIAL_TECHNICAL_EXPERT = "PROVINCIAL_TECHNICAL_EXPERT"
    MUNICIPAL_TECHNICAL_EXPERT = "MUNICIPAL_TECHNICAL_EXPERT"
    LOCAL_TITLE = "LOCAL_TITLE"  # 巴渠工匠, 上海技能大奖 …: the name is recorded with it

    @property
    def zh(self) -> str:
        """Return the Chinese name."""
        return _ZH[self.value]

    @property
    def tier(self) -> Tier:
        """Return the level that confers the honour."""
        return _TIER[self.value]


_ZH = {
    "CHINA_SKILLS_AWARD": "中华技能大奖",
    "NATIONAL_TECHNICAL_EXPERT": "全国技术能手",
    "PROVINCIAL_TECHNICAL_EXPERT": "省技术能手",
    "MUNICIPAL_TECHNICAL_EXPERT": "市技术能手",
    "LOCAL_TITLE": "地方称号",
}
_TIER = {
    "CHINA_SKILLS_AWARD": Tier.NATIONAL,
    "NATIONAL_TECHNICAL_EXPERT": Tier.NATIONAL,
    "PROVINCIAL_TECHNICAL_EXPERT": Tier.PROVINCIAL,
    "MUNICIPAL_TECHNICAL_EXPERT": Tier.MUNICIPAL,
    "LOCAL_TITLE": Tier.MUNICIPAL,
}

#: 烟台: holders of 中华技能大奖/全国/省/市技术能手 "原则上不再以选手身份参加市级各类竞赛" [LOCAL].
YANTAI_BAR = frozenset(
    {
        Honour.CHINA_SKILLS_AWARD,
        Honour.NATIONAL_TECHNICAL_EXPERT,
        Honour.PROVINCIAL_TECHNICAL_EXPERT,
        Honour.MUNICIPAL_TECHNICAL_EXPERT,
    }
)


class GradeSource(StrEnum):
    """Where a grade on the lifetime record comes from (§2)."""

    CERTIFICATE = "CERTIFICATE"
    CONTEST_PROMOTION = "CONTEST_PROMOTION"
    DIRECT_CERTIFICATION = "DIRECT_CERTIFICATION"  # 直接认定
    EXCEPTIONAL = "EXCEPTIONAL"  # 破格
    ENTERPRISE_ASSESSMENT = "ENTERPRISE_ASSESSMENT"  # 企业自主评价
    APPOINTMENT = "APPOINTMENT"  # 特级/首席技师 posts

    @property
    def zh(self) -> str:
        """Return the Chinese name."""
        return _SOURCE_ZH[self.value]


_SOURCE_ZH = {
    "CERTIFICATE": "职业技能等级证书",
    "CONTEST_PROMOTION": "竞赛获奖晋升",
    "DIRECT_CERTIFICATION": "直接认定",
    "EXCEPTIONAL": "破格晋升",
    "ENTERPRISE_ASSESSMENT": "企业自主评价",
    "APPOINTMENT": "聘任",
}
