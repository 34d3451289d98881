"""The one label table: what a person reads for every stored code, per enum, via the catalogs.

Pages (the ``code_label``/``outcome_label`` filters), API messages, PDFs and exports all read
labels here, so a code is named the same way everywhere. Every label is an English msgid whose
Chinese is in the zh_CN catalog; tests/test_labels.py fails on a code left untranslated.
"""

from __future__ import annotations

from typing import Any

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

ROLE = {
    "ADMIN": _l("Administrator"),
    "ORGANIZER": _l("Organizer"),
    "JUDGE": _l("Judge"),
    "CHIEF_JUDGE": _l("Chief judge"),
    "ARBITRATOR": _l("Arbitrator"),
    "APPROVER": _l("Approver"),
    "CONTESTANT": _l("Contestant"),
}
REGISTRATION_STATUS = {
    "SUBMITTED": _l("Submitted"),
    "APPROVED": _l("Approved"),
    "REJECTED": _l("Rejected"),
    "CHECKED_IN": _l("Checked in"),
    "COMPETED": _l("Competed"),
    "WITHDRAWN": _l("Withdrawn"),
    "DISQUALIFIED": _l("Disqualified"),
    "QUALIFIED": _l("Qualified"),
    # A place the fed contest's earlier decision about the person refused (qualification).
    "BLOCKED": _l("Not admitted (earlier decision kept)"),
}
TIER = {
    "ENTERPRISE": _l("Enterprise"),
    "COUNTY": _l("County or district"),
    "MUNICIPAL": _l("Municipal"),
    "PROVINCIAL": _l("Provincial"),
    "NATIONAL": _l("National"),
    "WORLD": _l("WorldSkills and its national selection"),
}
CATEGORY = {
    "CLASS_1": _l("Class 1 (cross-industry)"),
    "CLASS_2": _l("Class 2 (single industry)"),
    "GENERAL": _l("General (综合赛)"),
    "SPECIAL": _l("Special-subject contest (专项赛)"),
}
GROUP = {"EMPLOYEE": _l("Employee group"), "STUDENT": _l("Student group")}
# How a registration came in (Registration.source).
REGISTRATION_SOURCE = {"SELF": _l("Self-registration"), "IMPORT": _l("Bulk import"),
                       "QUALIFIED": _l("Qualified from a feeder contest")}
GENDER = {"MALE": _l("Male"), "FEMALE": _l("Female")}
FINISH_STATUS = {"FINISHED": _l("Finished"), "DNF": _l("Did not finish"),
                 "DQ": _l("Disqualified")}
# The board's status (codes.ResultStatus) and the results state machine (ResultState).
RESULT_STATUS = {
    "OPEN": _l("Open"),
    "PROVISIONAL": _l("Provisional"),
    "PUBLISHED": _l("Published"),
    "FINAL": _l("Final"),
}
RESULT_STATE = {
    "SCORING": _l("Scoring"),
    "LOCKED": _l("Scores locked"),
    "PUBLISHED": _l("Published"),
    "OBJECTION_CLOSED": _l("Objection period over"),
    "FINAL": _l("Final"),
    "CERTIFIED": _l("Certified"),
}
RESULT_ACTION = {
    "LOCK": _l("Lock scores"),
    "UNLOCK": _l("Unlock scores"),
    "PUBLISH": _l("Publish results"),
    "FILE_OBJECTION": _l("File an objection"),
    "FINALISE": _l("Finalise results"),
    "CERTIFY": _l("Certify"),
    "REOPEN": _l("Reopen for re-marking"),
}
AWARD = {
    "GOLD": _l("Gold"),
    "SILVER": _l("Silver"),
    "BRONZE": _l("Bronze"),
    "MERIT": _l("Merit"),
    "FIRST_PRIZE": _l("First prize"),
    "SECOND_PRIZE": _l("Second prize"),
    "THIRD_PRIZE": _l("Third prize"),
    "MEDALLION_FOR_EXCELLENCE": _l("Medallion for excellence"),
}
AWARD_SCHEME = {
    "MEDALS_PLUS_MERIT": _l("Medals plus merit (national)"),
    "PERCENT_PRIZES": _l("Percentage prizes (10% / 20% / 30%)"),
    "FIXED_COUNT": _l("Fixed numbers of prizes"),
    "WORLDSKILLS": _l("WorldSkills medals"),
}
UNIT_AWARD = {
    "TEAM": _l("Team award (团体奖)"),
    "EXCELLENT_ORGANIZATION": _l("Excellent organisation award (优秀组织奖)"),
    "OUTSTANDING_CONTRIBUTION": _l("Outstanding contribution unit (突出贡献单位)"),
    "EXCELLENT_COACH": _l("Excellent coach (优秀指导教师/教练)"),
}
GRADE = {
    "APPRENTICE": _l("Apprentice (学徒工)"),
    "L5": _l("Level 5 – junior (初级工)"),
    "L4": _l("Level 4 – intermediate (中级工)"),
    "L3": _l("Level 3 – senior (高级工)"),
    "L2": _l("Level 2 – technician (技师)"),
    "L1": _l("Level 1 – senior technician (高级技师)"),
    "SPECIAL": _l("Special technician (特级技师)"),
    "CHIEF": _l("Chief technician (首席技师)"),
}
GRADE_SOURCE = {
    "CERTIFICATE": _l("Grade certificate"),
    "CONTEST_PROMOTION": _l("Contest promotion"),
    "ENTERPRISE_ASSESSMENT": _l("Enterprise assessment"),
    "DIRECT_CERTIFICATION": _l("Direct certification (直接认定)"),
    "EXCEPTIONAL": _l("Exceptional promotion (破格)"),
    "APPOINTMENT": _l("Appointment (特级/首席技师)"),
    "PROMOTION_REVERSED": _l("Promotion reversed"),
}
HONOUR = {
    "CHINA_SKILLS_AWARD": _l("China Skills Award (中华技能大奖)"),
    "NATIONAL_TECHNICAL_EXPERT": _l("National technical expert (全国技术能手)"),
    "PROVINCIAL_TECHNICAL_EXPERT": _l("Provincial technical expert (省技术能手)"),
    "MUNICIPAL_TECHNICAL_EXPERT": _l("Municipal technical expert (市技术能手)"),
    "LOCAL_TITLE": _l("Other local title"),
}
PROMOTION_STATE = {
    "PROPOSED": _l("Proposed"),
    "APPROVED": _l("Approved"),
    "CERTIFIED": _l("Certified"),
    "REJECTED": _l("Rejected"),
    "SUPERSEDED": _l("Superseded"),
}
PROMOTION_OUTCOME = {
    "PROMOTED": _l("Promoted"),
    "ELIGIBLE_TO_APPLY": _l("Eligible to apply"),
    "NO_CHANGE": _l("No change (already at that grade)"),
    "NOT_FINAL": _l("Results not final yet"),
    "NOT_PASSED": _l("Not passed"),
    "SUPERSEDED": _l("Superseded"),
    "NOT_IN_BAND": _l("Not in a promotion band"),
    "NOT_RANKED": _l("Not ranked"),
}
PROMOTION_GATE = {
    "FINAL": _l("Results are final"),
    "PASSED": _l("Passed the contest"),
    "GROUP_TABLE": _l("In the group's promotion table"),
    "CAP_L1": _l("At most Level 1 by contest"),
    "ONCE_A_YEAR": _l("Once a year"),
    "BAND_TIE": _l("Tie at the band's edge"),
}
PROMOTION_ACTION = {
    "TARGET": _l("Promote to the target (one higher if already there)"),
    "TARGET_NO_BUMP": _l("Promote to the target (no further)"),
    "RELATIVE": _l("Up by steps, to the cap"),
    "ELIGIBLE_TO_APPLY": _l("Eligible to apply for the target"),
}
TITLE_STATE = {
    "NOMINATED": _l("Nominated"),
    "ELIGIBLE_TO_APPLY": _l("Eligible to apply"),
    "AUTO_GRANTED": _l("Granted"),
}
COMPONENT_KIND = {
    "THEORY": _l("Theory (理论知识)"),
    "PRACTICAL": _l("Practical (技能操作)"),
    "DEFENCE": _l("Defence (技术答辩)"),
    "OTHER": _l("Other (其他)"),
}
ASPECT_KIND = {
    "M": _l("Measurement"),
    "J": _l("Judgement"),
    "PANEL": _l("Panel marks"),
}
APPEAL_KIND = {"APPEAL": _l("Appeal"), "OBJECTION": _l("Objection")}
APPEAL_SUBJECT = {"SCORE": _l("A score"), "EQUIPMENT": _l("Equipment or materials"),
                  "CONDUCT": _l("Conduct of the contest")}
APPEAL_STATE = {"SUBMITTED": _l("Submitted"), "ACCEPTED": _l("Under review"),
                "UPHELD": _l("Upheld"), "DISMISSED": _l("Dismissed"),
                "REJECTED_LATE": _l("Rejected: late")}
# Competition parent / fed-project links (DOMAIN §1).
LINK_KIND = {"PARENT": _l("Competition"), "FEED": _l("Project")}
LINK_STATE = {"PENDING": _l("Waiting for an answer"), "ACCEPTED": _l("Accepted"),
              "DECLINED": _l("Declined"), "CANCELLED": _l("Cancelled")}
# What the public board's banner says (leaderboard.board status).
BOARD_STATUS = {
    "PROVISIONAL": _l("Provisional results"),
    "PUBLISHED": _l("Published for objections"),
    "OBJECTION_CLOSED": _l("Objection period over; final results to follow"),
    "FINAL": _l("Final results"),
}
CERTIFICATE_KIND = {
    "AWARD": _l("Award certificate"),
    "PROMOTION": _l("Promotion notice"),
    "PARTICIPATION": _l("Participation certificate"),
    "UNIT": _l("Unit or coach award certificate"),
}
CERTIFICATE_STATUS = {"VALID": _l("Valid"), "REVOKED": _l("Revoked")}
# A judge's marking tendency (judge statistics).
TENDENCY = {"SEVERE": _l("Severe"), "LENIENT": _l("Lenient"), "BALANCED": _l("Balanced"),
            "INSUFFICIENT": _l("Too few scores yet")}

# What settled an entry's place among equal totals (app.domain.ranking: RankedEntry.decided_by,
# the tie-break links and the chief judge's order).
DECIDED_BY = {
    "TOTAL": _l("Total score"),
    "PRACTICAL": _l("Practical score (tie-break)"),
    "WORKING_TIME": _l("Working time (tie-break)"),
    "THEORY": _l("Theory score (tie-break)"),
    "TOP_CRITERION": _l("Highest-weighted criterion (tie-break)"),
    "CHIEF_JUDGE": _l("Chief judge's order"),
    "SHARED": _l("Shared rank"),
    "UNRESOLVED": _l("Tie not yet ordered"),
}

# Why an entry did or did not win a place in the fed contest (outcomes_read.qualification_reason).
QUALIFICATION_REASON = {
    "qualification.no_feeder": _l("This project does not send anyone to a higher contest."),
    "qualification.not_finisher": _l("Only finishers can win a place in the next tier."),
    "qualification.outside_quota": _l("Rank %(rank)s is outside the %(quota)s places for the "
                                      "next tier."),
    "qualification.qualified": _l("Qualified for the next tier: rank %(rank)s within %(quota)s "
                                  "places. Confirm or withdraw under My qualifications."),
    "qualification.confirmed": _l("Qualified for the next tier (rank %(rank)s within %(quota)s "
                                  "places); you confirmed your place."),
}


def qualification_text(reason: dict[str, Any] | None) -> str:
    """Return a qualification reason as a sentence; a state without its own sentence reads
    "Place in the next tier: <state>"."""
    if not reason:
        return ""
    code = str(reason.get("code", ""))
    text = QUALIFICATION_REASON.get(code)
    if text is None:
        state = code.removeprefix("qualification.").upper()
        return str(_l("Place in the next tier: %(state)s", state=label(state)))
    return str(text) % {"rank": reason.get("rank", "—"), "quota": reason.get("quota", "—")}


#: Every enum's table by name; the test walks these and the domain's enums.
ENUMS: dict[str, dict[str, Any]] = {
    "role": ROLE,
    "registration_status": REGISTRATION_STATUS,
    "registration_source": REGISTRATION_SOURCE,
    "tier": TIER,
    "category": CATEGORY,
    "group": GROUP,
    "gender": GENDER,
    "finish_status": FINISH_STATUS,
    "result_status": RESULT_STATUS,
    "result_state": RESULT_STATE,
    "result_action": RESULT_ACTION,
    "award": AWARD,
    "award_scheme": AWARD_SCHEME,
    "unit_award": UNIT_AWARD,
    "grade": GRADE,
    "grade_source": GRADE_SOURCE,
    "honour": HONOUR,
    "promotion_state": PROMOTION_STATE,
    "promotion_outcome": PROMOTION_OUTCOME,
    "promotion_gate": PROMOTION_GATE,
    "promotion_action": PROMOTION_ACTION,
    "title_state": TITLE_STATE,
    "component_kind": COMPONENT_KIND,
    "aspect_kind": ASPECT_KIND,
    "appeal_kind": APPEAL_KIND,
    "appeal_subject": APPEAL_SUBJECT,
    "appeal_state": APPEAL_STATE,
    "link_kind": LINK_KIND,
    "link_state": LINK_STATE,
    "board_status": BOARD_STATUS,
    "certificate_kind": CERTIFICATE_KIND,
    "certificate_status": CERTIFICATE_STATUS,
    "tendency": TENDENCY,
    "decided_by": DECIDED_BY,
}

# A bare code (templates' filters) resolves through the tables in this order; the few codes
# two enums share (SPECIAL, FINAL, PUBLISHED, …) take the earlier table's name.
_ORDER = ("role", "registration_status", "result_status", "tier", "unit_award", "grade",
          "promotion_state", "promotion_outcome", "title_state", "certificate_kind",
          "certificate_status", "grade_source", "group", "award", "honour", "category",
          "component_kind", "result_state", "result_action", "appeal_kind", "finish_status",
          "gender", "award_scheme", "promotion_action", "aspect_kind", "promotion_gate")
LABELS: dict[str, Any] = {}
for _name in reversed(_ORDER):
    LABELS.update(ENUMS[_name])


def label(code: str | None, enum: str | None = None) -> str:
    """Return the display name of a stored code (of ``enum`` when given); unknown codes show
    as stored."""
    if not code:
        return ""
    table = ENUMS[enum] if enum else LABELS
    text = table.get(code)
    return str(text) if text is not None else code


def chinese(code: str | None, enum: str | None = None) -> str:
    """Return a code's Chinese name whoever asks: for documents printed in Chinese (certificates,
    registration sheets) whose stored, hashed content must not depend on the issuer's language."""
    with force_locale("zh_CN"):
        return label(code, enum)
