"""One label table: every stored code reads as Chinese in zh_CN, on pages as in the API."""

from __future__ import annotations

import re
from enum import Enum
from html.parser import HTMLParser
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from app.domain import (
    awards,
    codes,
    grades,
    honours,
    judge_stats,
    promotion,
    result_states,
    rulesets,
    scheme,
    unit_awards,
)
from app.services.common import labels

CJK = re.compile(r"[\u4e00-\u9fff]")

# Each user-visible domain enum and the table that names it.
DOMAIN_ENUMS: list[tuple[type[Enum], str]] = [
    (codes.Tier, "tier"),
    (codes.Category, "category"),
    (codes.Group, "group"),
    (codes.Gender, "gender"),
    (codes.RegistrationStatus, "registration_status"),
    (codes.ResultStatus, "result_status"),
    (codes.FinishStatus, "finish_status"),
    (awards.Award, "award"),
    (awards.AwardScheme, "award_scheme"),
    (grades.Grade, "grade"),
    (honours.Honour, "honour"),
    (honours.GradeSource, "grade_source"),
    (promotion.PromotionState, "promotion_state"),
    (promotion.Outcome, "promotion_outcome"),
    (promotion.Gate, "promotion_gate"),
    (rulesets.PromotionAction, "promotion_action"),
    (rulesets.TitleState, "title_state"),
    (result_states.ResultState, "result_state"),
    (result_states.ResultAction, "result_action"),
    (scheme.ComponentKind, "component_kind"),
    (scheme.AspectKind, "aspect_kind"),
    (unit_awards.UnitAwardKind, "unit_award"),
    (judge_stats.Tendency, "tendency"),
]


@pytest.mark.parametrize(("enum", "table"), DOMAIN_ENUMS, ids=lambda v: getattr(v, "__name__", v))
def test_every_domain_code_has_a_label(enum: type[Enum], table: str) -> None:
    assert {e.value for e in enum} - set(labels.ENUMS[table]) == set()


def test_no_module_switches_language_by_hand() -> None:
    from pathlib import Path

    import app

    root = Path(app.__file__).parent
    offenders = [str(p.relative_to(root)) for p in root.rglob("*.py")
                 if "is_chinese" in p.read_text(encoding="utf-8")]
    assert offenders == []


@pytest.mark.parametrize("table", sorted(labels.ENUMS))
def test_every_label_is_chinese_in_zh_cn(app: Any, table: str) -> None:
    with app.test_request_context("/api/v1/", headers={"Accept-Language": "zh-CN"}):
        for code in labels.ENUMS[table]:
            text = labels.label(code, table)
            assert text != code and CJK.search(text), (table, code, text)


@pytest.mark.parametrize(("code", "enum", "zh", "en"), [
    ("THEORY", "component_kind", "理论知识", "Theory (理论知识)"),
    ("NOT_IN_BAND", "promotion_outcome", "未进入晋升名次段", "Not in a promotion band"),
    ("SPECIAL", "category", "专项赛", "Special-subject contest (专项赛)"),
    ("SPECIAL", None, "特级技师", "Special technician (特级技师)"),
    ("UNKNOWN_CODE", None, "UNKNOWN_CODE", "UNKNOWN_CODE"),
])
def test_labels_per_language(app: Any, code: str, enum: str | None, zh: str, en: str) -> None:
    for language, expected in (("zh-CN", zh), ("en", en)):
        with app.test_request_context("/api/v1/", headers={"Accept-Language": language}):
            assert labels.label(code, enum) == expected


def test_the_filters_and_the_board_read_the_one_table() -> None:
    from app.services.boards.leaderboard import AWARD_LABELS
    from app.web.context import CODE_LABELS
    from app.web.outcome_labels import LABELS

    assert CODE_LABELS is labels.LABELS and LABELS is labels.LABELS
    assert AWARD_LABELS is labels.AWARD


def test_refusals_read_the_catalog_in_both_languages(app: Any) -> None:
    from app.services.scoring.judging_errors import JudgingError

    cases = (("zh-CN", "没有这个赛项。"), ("en", "No such project."))
    for language, expected in cases:
        with app.test_request_context("/api/v1/", headers={"Accept-Language": language}):
            assert JudgingError("project.not_found").message == expected


def test_coded_reason_params_are_named(app: Any) -> None:
    from app.services.results.reasons import describe

    params = {"current": "L5", "min_grade": "L3"}
    with app.test_request_context("/api/v1/", headers={"Accept-Language": "zh-CN"}):
        text = describe("eligibility.grade_min", params, "default")
    assert text == "当前等级 五级/初级工 低于要求的 三级/高级工。"


class _Text(HTMLParser):
    """Collect the text a person sees (no scripts, styles or attributes)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in ("script", "style", "template"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    """Return the page's visible text."""
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


# Codes that must never show raw: every multi-letter code of the tables, and old preset codes.
RAW_CODES = sorted({c for c in labels.LABELS if len(c) > 3} | {"MUNICIPAL_CLASS_1"})


@pytest.fixture()
def demo(db: Any) -> dict[str, Any]:
    """Load the demo season; return the ids the pages need (the locked electricians)."""
    from sqlalchemy import select

    from app.demo.demo import load_demo
    from app.models import Competition, Project, Registration, User

    load_demo()
    city = db.session.scalar(select(Competition).where(Competition.name == "唐山市职业技能大赛"))
    project = db.session.scalar(select(Project).where(
        Project.competition_id == city.id, Project.name == "电工（职工组）"))
    registration = db.session.scalars(select(Registration).where(
        Registration.project_id == project.id).order_by(Registration.id)).first()
    return {
        "organizer": db.session.scalar(select(User.id).where(User.username == "org_tangshan")),
        "approver": db.session.scalar(select(User.id).where(User.username == "approver")),
        "project": project.id,
        "person": registration.person_id,
    }


def _leaks(client: Any, paths: list[str]) -> dict[str, list[str]]:
    """Return path → the raw codes its visible text shows."""
    leaks = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        text = visible_text(response.get_data(as_text=True))
        found = [c for c in RAW_CODES if re.search(rf"(?<![A-Za-z_]){c}(?![A-Za-z_])", text)]
        if found:
            leaks[path] = found
    return leaks


def _client_as(app: Any, user_id: int) -> Any:
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = str(user_id)
        session["_fresh"] = True
        session["locale"] = "zh_CN"
    return client


def test_demo_pages_show_no_raw_codes_in_zh_cn(app: Any, demo: dict[str, Any]) -> None:
    project = demo["project"]
    organizer = [f"/outcomes/projects/{project}", f"/organizer/projects/{project}/rules",
                 f"/judging/projects/{project}/audit", f"/people/{demo['person']}",
                 f"/judging/projects/{project}/stats"]
    approver = ["/approvals/", f"/approvals/project/{project}"]
    leaks = {**_leaks(_client_as(app, demo["organizer"]), organizer),
             **_leaks(_client_as(app, demo["approver"]), approver)}
    assert leaks == {}


def test_finalised_outcome_pages_show_no_raw_codes_in_zh_cn(app: Any, db: Any) -> None:
    from tests.factories import create_user
    from tests.finalisation_setup import ready_contest

    contest = ready_contest([(80, 20), (85, 25), (90, 28)])
    pid = contest.project.id
    organizer = _client_as(app, contest.organizer.id)
    assert organizer.post(f"/outcomes/projects/{pid}/finalize").status_code in (302, 303)
    person = contest.registrations[0].person_id
    approver = create_user("APPROVER")
    leaks = {**_leaks(organizer, [f"/outcomes/projects/{pid}", f"/people/{person}",
                                  f"/organizer/projects/{pid}/rules"]),
             **_leaks(_client_as(app, approver.id), ["/approvals/", f"/approvals/project/{pid}"])}
    assert leaks == {}


@given(st.text(max_size=40))
def test_an_unknown_code_shows_as_stored(code: str) -> None:
    assume(code not in labels.LABELS)
    assert labels.label(code) == code
    assert labels.label(None) == ""


@pytest.mark.parametrize("table", sorted(labels.ENUMS))
def test_english_labels_are_the_msgids(app: Any, table: str) -> None:
    with app.test_request_context("/api/v1/", headers={"Accept-Language": "en"}):
        for code, text in labels.ENUMS[table].items():
            assert labels.label(code, table) == text._args[0]


def test_coded_refusal_params_are_named(app: Any) -> None:
    from app.services.scoring.judging_errors import JudgingError

    with app.test_request_context("/api/v1/", headers={"Accept-Language": "zh-CN"}):
        message = JudgingError("scheme.duplicate_kind", params={"kind": "THEORY"}).message
    assert message == "只能有一个理论知识成绩"
