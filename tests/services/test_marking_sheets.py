"""Marking sheets: a judge's own marks and the chief's per-criterion sheet, by anonymous code."""

from __future__ import annotations

import re

import pytest

from app.errors import ForbiddenError, NotFoundError
from app.services.scoring import marking_sheets as svc
from tests.documents.helpers import pdf_pages, pdf_text
from tests.judging_setup import NOW, build_contest, score_all


@pytest.fixture()
def contest(db):
    from app.services.scoring import judging_events

    judging_events.forget()
    built = build_contest()
    score_all(built)
    return built


def test_a_judges_sheet_holds_their_own_marks_by_code(contest):
    judge = contest.judges[0]
    data = svc.judge_sheet(judge, contest.project.id, now=NOW)
    assert data.codes == ("J001", "J002", "J003")
    assert [(r.code, r.kind, r.max_mark) for r in data.rows] == [
        ("A1·A1.1", "M", "40"), ("A1·A1.2", "J", "30"), ("B1·B1.1", "PANEL", "30")]
    assert [r.values for r in data.rows] == [("40", "40", "40"), ("2", "2", "2"),
                                             ("20", "21", "22")]
    assert data.judge == (judge.display_name or judge.username)


def test_a_recused_judge_sheet_leaves_the_contestant_out(contest):
    # Judge 3 works at contestant 3's plant (回避): that code is not on the sheet.
    assert svc.judge_sheet(contest.judges[2], contest.project.id, now=NOW).codes == (
        "J001", "J002")


def test_the_signoff_sheet_sums_each_criterion(contest):
    data = svc.signoff_sheet(contest.chief, contest.project.id, now=NOW)
    assert data.codes == ("J001", "J002", "J003")
    rows = {r.code: (r.max_mark, r.values) for r in data.rows}
    assert rows["T"] == ("100.00", ("80.00", "81.00", "82.00"))
    # A = M (40) + J (2 on 0–3 of 30 → 20); B = the panel mean.
    assert rows["P·A"][0] == "70.00" and rows["P·B"][0] == "30.00"
    assert rows["P·B"][1] == ("20.00", "21.00", "22.00")
    assert len(data.judges) == 3 and data.locked is False


def test_who_may_print_what(contest):
    other = contest.judges[1]
    with pytest.raises(ForbiddenError):
        svc.judge_sheet(other, contest.project.id, judge_id=contest.judges[0].id, now=NOW)
    with pytest.raises(ForbiddenError):
        svc.signoff_sheet(other, contest.project.id, now=NOW)
    assert svc.judge_sheet(contest.chief, contest.project.id, judge_id=other.id, now=NOW).codes
    with pytest.raises(NotFoundError):
        svc.judge_sheet(contest.organizer, contest.project.id, now=NOW)  # not seated


def test_the_pdfs_name_no_contestant(contest, tmp_path):
    judge_pdf = svc.judge_sheet_pdf(contest.judges[0], contest.project.id, now=NOW)
    chief_pdf = svc.signoff_sheet_pdf(contest.chief, contest.project.id, now=NOW)
    for pdf, title in ((judge_pdf, "裁判评分记录表"), (chief_pdf, "裁判长签核表")):
        assert pdf_pages(pdf, tmp_path) == 1
        text = re.sub(r"\s+", "", pdf_text(pdf, tmp_path))
        assert title in text and "J001" in text and "签字" in text
        assert "选手1" not in text and "选手3" not in text
