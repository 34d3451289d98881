"""The contestant's own results on their record page and under /api/v1/people/me/results."""

from __future__ import annotations

import re

import pytest

from tests.board_setup import contestant_user
from tests.finalisation_setup import ready_contest

MARKS = [(90, 27), (83, 22), (76, 16)]


def _shows_number(text: str, number: str) -> bool:
    """Tell whether a mark stands alone in the text (not inside 赛事1768, a date or a time)."""
    return re.search(rf"(?<![\d\-:]){number}(?![\d\-:])", text) is not None


def _block(html: str) -> str:
    """Return the own-result block of the page."""
    start = html.index("data-my-result=")
    return html[start:html.index("jx-downloads", start)]


def test_the_record_page_shows_own_marks_rank_and_deadlines(client, login, db):
    contest = ready_contest(MARKS)
    login(contestant_user(contest, 0))
    page = client.get("/people/me", follow_redirects=True)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "我的成绩与档案" in html
    block = _block(html)
    assert "第 1 名（共 3 人）" in block and "87.90" in block
    assert "裁判2: 2" in block and "裁判2: 27" in block and "90" in block
    assert "异议截止" in block and "公示期" in block
    assert f"/live/projects/{contest.project.id}/publication.pdf" in html
    # Nobody else's marks, names or codes; no judge's identity.
    for mark in ("83", "76", "22", "16"):
        assert not _shows_number(block, mark), mark
    for other in ("选手2", "选手3", "J002", "J003"):
        assert other not in block, other
    for judge in (contest.chief, *contest.judges):
        assert judge.username not in html
    assert not re.search(r"裁判\d+\s*[:：]\s*(83|76|22|16)\b", html)


def test_before_publication_the_page_says_when(client, login, db):
    contest = ready_contest(MARKS, publish=False)
    login(contestant_user(contest, 1))
    html = client.get("/people/me", follow_redirects=True).get_data(as_text=True)
    assert "data-results-pending" in html and "成绩已锁定" in html
    assert "我的分数" not in html and "裁判2" not in html


def test_the_api_gives_the_same_data_for_the_caller_only(client, login, db):
    contest = ready_contest(MARKS)
    login(contestant_user(contest, 0))
    body = client.get("/api/v1/people/me/results").json
    [entry] = body
    assert entry["published"] and entry["rank"] == 1 and entry["total"] == "87.90"
    assert entry["registration_id"] == contest.registrations[0].id
    theory, practical = entry["components"]
    assert theory["judges"] == [{"judge": 1, "value": "90"}]
    values = {j["value"] for c in entry["components"] for cr in c["criteria"]
              for a in cr["aspects"] for j in a["judges"]}
    assert values == {"2", "27"}
    assert entry["deadlines"]["objection_until"] is not None
    assert entry["downloads"]["publication_pdf"].endswith("/publication.pdf")
    text = str(body)
    for mark in ("83", "76", "22", "16"):
        assert not _shows_number(text, mark), mark
    for other in ("J002", "J003"):
        assert other not in text
    for judge in (contest.chief, *contest.judges):
        assert judge.username not in text


def test_before_publication_the_api_has_no_marks(client, login, db):
    contest = ready_contest(MARKS, publish=False)
    login(contestant_user(contest, 0))
    [entry] = client.get("/api/v1/people/me/results").json
    assert not entry["published"] and entry["components"] == [] and entry["rank"] is None
    assert entry["state"] == "LOCKED" and entry["expected_on"]


@pytest.mark.parametrize("role", ["ORGANIZER", "JUDGE"])
def test_someone_without_a_record_gets_an_empty_list(client, login, make_user, db, role):
    login(make_user(role))
    assert client.get("/api/v1/people/me/results").json == []


def test_anonymous_is_refused(client, db):
    assert client.get("/api/v1/people/me/results").status_code == 401
