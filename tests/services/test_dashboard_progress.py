"""The organizer's per-competition progress: one count per step, all out of the registered."""

from __future__ import annotations

from app.services.setup.dashboard_progress import STEPS, competition_progress
from tests.board_setup import locked_contest


def test_a_locked_contest_counts_each_step(db):
    contest = locked_contest()
    cid = contest.project.competition_id
    progress = competition_progress([cid])[cid]
    assert progress.counts == {"registered": 3, "approved": 3, "checked_in": 3, "scored": 3,
                               "locked": 3, "published": 0, "certified": 0}
    assert progress.percent("locked") == 100 and progress.percent("published") == 0


def test_withdrawn_registrations_are_not_counted_and_nothing_is_empty(db):
    contest = locked_contest()
    contest.registrations[0].status = "WITHDRAWN"
    db.session.commit()
    cid = contest.project.competition_id
    assert competition_progress([cid])[cid].counts["registered"] == 2
    assert competition_progress([]) == {}
    assert competition_progress([999999])[999999].counts == dict.fromkeys(STEPS, 0)


def test_the_organizer_home_shows_a_linked_bar_per_step(client, login, db):
    contest = locked_contest()
    login(contest.organizer)
    html = client.get("/home").get_data(as_text=True)
    cid = contest.project.competition_id
    assert f'data-competition="{cid}"' in html
    assert html.count('class="w-100 jx-step-bar"') == len(STEPS)
    assert f"/registrations/competitions/{cid}" in html and "3 / 3" in html


def test_the_api_answers_the_same_counts_to_the_organizer_only(client, login, db, make_user):
    contest = locked_contest()
    cid = contest.project.competition_id
    api = login(contest.organizer)
    body = api.get(f"/api/v1/competitions/{cid}/progress").json
    assert body["steps"] == list(STEPS) and body["counts"]["locked"] == 3
    login(make_user("CONTESTANT"))
    assert client.get(f"/api/v1/competitions/{cid}/progress").status_code == 403
