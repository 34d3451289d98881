"""Finding 5: a chief judge's live board shows anonymous codes, not names, until sign-off."""

from __future__ import annotations

import json


def test_the_chief_judge_sees_codes_and_the_organizer_names(client, db, login):
    from tests.judging_setup import build_contest, score_all

    contest = build_contest()
    score_all(contest)
    names = {r.person.name for r in contest.registrations}
    url = f"/api/v1/projects/{contest.project.id}/standings"
    login(contest.chief)
    chief = client.get(url).json
    assert {r["name"] for r in chief["rows"]} == {"J001", "J002", "J003"}
    assert not any(name in json.dumps(chief, ensure_ascii=False) for name in names)
    page = client.get(f"/live/projects/{contest.project.id}").text
    assert not any(name in page for name in names)
    login(contest.organizer)
    assert {r["name"] for r in client.get(url).json["rows"]} == names
    contest.project.signed_off_by_id = contest.chief.id
    db.session.commit()
    login(contest.chief)
    assert {r["name"] for r in client.get(url).json["rows"]} == names
