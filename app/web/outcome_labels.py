"""Display names of outcome codes (grades, promotion and certificate states, sources)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from app.services.leaderboard import AWARD_LABELS

LABELS: dict[str, Any] = {
    # Grades (DOMAIN §2)
    "APPRENTICE": _l("Apprentice (学徒工)"),
    "L5": _l("Level 5 – junior (初级工)"),
    "L4": _l("Level 4 – intermediate (中级工)"),
    "L3": _l("Level 3 – senior (高级工)"),
    "L2": _l("Level 2 – technician (技师)"),
    "L1": _l("Level 1 – senior technician (高级技师)"),
    "SPECIAL": _l("Special technician (特级技师)"),
    "CHIEF": _l("Chief technician (首席技师)"),
    # Promotion states (§7)
    "PROPOSED": _l("Proposed"),
    "CERTIFIED": _l("Certified"),
    "SUPERSEDED": _l("Superseded"),
    "NOT_PASSED": _l("Not passed"),
    "ELIGIBLE_TO_APPLY": _l("Eligible to apply"),
    # Certificates
    "AWARD": _l("Award certificate"),
    "PROMOTION": _l("Promotion notice"),
    "PARTICIPATION": _l("Participation certificate"),
    "UNIT": _l("Unit or coach award certificate"),
    "VALID": _l("Valid"),
    "REVOKED": _l("Revoked"),
    # Grade sources
    "CERTIFICATE": _l("Grade certificate"),
    "CONTEST_PROMOTION": _l("Contest promotion"),
    "ENTERPRISE_ASSESSMENT": _l("Enterprise assessment"),
    "DIRECT_CERTIFICATION": _l("Direct certification (直接认定)"),
    "EXCEPTIONAL": _l("Exceptional promotion (破格)"),
    "APPOINTMENT": _l("Appointment (特级/首席技师)"),
    "PROMOTION_REVERSED": _l("Promotion reversed"),
    # Titles
    "NOMINATED": _l("Nominated"),
    "AUTO_GRANTED": _l("Granted"),
    "EMPLOYEE": _l("Employee group"),
    "STUDENT": _l("Student group"),
    # Awards (the boards' names)
    **AWARD_LABELS,
}


def outcome_label(code: str | None) -> str:
    """Return the display name of an outcome code, falling back to the general labels."""
    if not code:
        return ""
    label = LABELS.get(code)
    if label is not None:
        return str(label)
    from app.web.context import code_label

    return code_label(code)


def register_filters(bp: Blueprint) -> None:
    """Make `outcome_label` available to every template once `bp` is registered."""
    bp.add_app_template_filter(outcome_label, "outcome_label")
