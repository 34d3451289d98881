"""Marking-sheet downloads: page and API answer PDFs to the right people only."""

from __future__ import annotations

import pytest

from tests.judging_setup import build_contest, score_all


@pytest.fixture()
def contest(db):
    from app.services.scoring import judging_events

    judging_events.forget()
    built = build_contest()
    score_all(built)
    return built


@pytest.mark.parametrize("url", ["/judging/projects/{p}/marking-sheet.pdf",
                                 "/api/v1/projects/{p}/marking-sheets/judge"])
def test_a_judge_downloads_their_own_sheet(client, login, contest, url):
    login(contest.judges[0])
    response = client.get(url.format(p=contest.project.id))
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")


def test_a_judge_may_not_print_another_judges_sheet_or_the_signoff(client, login, contest):
    login(contest.judges[1])
    other = contest.judges[0].id
    refused = client.get(f"/api/v1/projects/{contest.project.id}/marking-sheets/judge"
                         f"?judge_id={other}")
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "auth.forbidden"
    assert client.get(f"/api/v1/projects/{contest.project.id}/marking-sheets/signoff"
                      ).status_code == 403


@pytest.mark.parametrize("url", ["/judging/projects/{p}/signoff-sheet.pdf",
                                 "/api/v1/projects/{p}/marking-sheets/signoff",
                                 "/api/v1/projects/{p}/marking-sheets/judge?judge_id={j}"])
def test_the_chief_prints_the_signoff_and_any_judges_sheet(client, login, contest, url):
    login(contest.chief)
    response = client.get(url.format(p=contest.project.id, j=contest.judges[1].id))
    assert response.status_code == 200 and response.data.startswith(b"%PDF")


def test_the_pages_link_the_sheets(client, login, contest):
    login(contest.chief)
    console = client.get(f"/judging/projects/{contest.project.id}/console").get_data(as_text=True)
    assert f"/judging/projects/{contest.project.id}/signoff-sheet.pdf" in console
    login(contest.judges[0])
    index = client.get("/judging/").get_data(as_text=True)
    assert f"/judging/projects/{contest.project.id}/marking-sheet.pdf" in index


def test_the_statistics_page_links_each_judges_sheet(client, login, contest):
    login(contest.chief)
    page = client.get(f"/judging/projects/{contest.project.id}/stats").get_data(as_text=True)
    for judge in contest.judges:
        assert (f"/judging/projects/{contest.project.id}/marking-sheet.pdf"
                f"?judge_id={judge.id}") in page
