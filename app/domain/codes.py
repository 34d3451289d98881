"""Enumerations stored as strings (the ORM stores ``.value``), with Chinese labels (§1, §3, §8)."""

from __future__ import annotations

from enum import StrEnum


class Tier(StrEnum):
    """Contest tier (§1)."""

    ENTERPRISE = "ENTERPRISE"
    COUNTY = "COUNTY"
    MUNICIPAL = "MUNICIPAL"
    PROVINCIAL = "PROVINCIAL"
    NATIONAL = "NATIONAL"
    WORLD = "WORLD"

    @property
    def zh(self) -> str:
        """Return the Chinese label."""
        return {
            "ENTERPRISE": "企业/院校级",
            "COUNTY": "县/区级",
            "MUNICIPAL": "市级",
            "PROVINCIAL": "省级",
            "NATIONAL": "国家级",
            "WORLD": "世界技能大赛",
        }[self.value]

    @property
    def height(self) -> int:
        """Return the tier's height in the pyramid: enterprise 0 … world 5 (§1)."""
        return list(Tier).index(self)


def preset_layer(tier: Tier, *, is_municipality: bool = False) -> Tier:
    """Return the layer whose presets a contest takes; a 直辖市's 市级 is provincial (§1)."""
    if is_municipality and tier is Tier.MUNICIPAL:
        return Tier.PROVINCIAL
    return tier


class Category(StrEnum):
    """Competition category (§1): 一类, 二类, 综合赛, 专项赛."""

    CLASS_1 = "CLASS_1"
    CLASS_2 = "CLASS_2"
    GENERAL = "GENERAL"
    SPECIAL = "SPECIAL"


class Group(StrEnum):
    """Project group (组别, §1)."""

    EMPLOYEE = "EMPLOYEE"
    STUDENT = "STUDENT"

    @property
    def zh(self) -> str:
        """Return the Chinese label."""
        return "职工组" if self is Group.EMPLOYEE else "学生组"


class Gender(StrEnum):
    """Gender, as derived from the ID number (§3)."""

    MALE = "MALE"
    FEMALE = "FEMALE"


class RegistrationStatus(StrEnum):
    """Registration lifecycle (§3), plus QUALIFIED from a feeder contest (§1)."""

    SUBMITTED = "SUBMITTED"
    APPROVED = "APPROVED"
    REJECTED = "REJECTED"
    CHECKED_IN = "CHECKED_IN"
    COMPETED = "COMPETED"
    WITHDRAWN = "WITHDRAWN"
    DISQUALIFIED = "DISQUALIFIED"
    QUALIFIED = "QUALIFIED"


class ResultStatus(StrEnum):
    """Result publication state (§8)."""

    PROVISIONAL = "PROVISIONAL"
    PUBLISHED = "PUBLISHED"
    FINAL = "FINAL"


class FinishStatus(StrEnum):
    """Whether an entry finished (§5, §10.7)."""

    FINISHED = "FINISHED"
    DNF = "DNF"
    DQ = "DQ"
