"""Finding 5: judges name contestants by anonymous code; no registration id reaches them."""

from __future__ import annotations

import json
import re

from tests.judging_setup import NOW, new_id

ID_FIELD = re.compile(r'"registration_id"')


def test_the_worklist_and_tablet_page_carry_codes_not_ids(contest, client, login):
    judge = contest.judges[0]
    login(judge)
    worklist = client.get(f"/api/v1/projects/{contest.project.id}/worklist").json
    assert [r["code"] for r in worklist["contestants"]] == ["J001", "J002", "J003"]
    assert not ID_FIELD.search(json.dumps(worklist))
    page = client.get(f"/judging/projects/{contest.project.id}").text
    assert "J001" in page and not ID_FIELD.search(page)


def test_a_judge_scores_by_code_over_the_socket_and_the_ack_has_no_id(contest, sio):
    judge = sio(contest.judges[0])
    ack = judge.emit("submit_score", {"client_id": new_id(), "registration_code": "j002",
                                      "aspect_id": contest.j.id, "value": 2}, callback=True)
    assert ack["ok"] and ack["value"] == "2" and not ID_FIELD.search(json.dumps(ack))
    from app.models import ScoreEvent

    [event] = ScoreEvent.query.all()
    assert event.registration_id == contest.registrations[1].id
    unknown = judge.emit("submit_score", {"client_id": new_id(), "registration_code": "ZZZ999",
                                          "aspect_id": contest.j.id, "value": 2}, callback=True)
    assert unknown["ok"] is False and unknown["code"] == "registration.not_found"
    assert unknown["field"] == "registration_code"


def test_the_http_fallback_accepts_the_code(contest, client, login):
    login(contest.judges[1])
    body = {"client_id": new_id(), "registration_code": "J003", "aspect_id": contest.j.id,
            "value": 3}
    stored = client.post("/api/v1/scores", json=body)
    assert stored.status_code == 201 and not ID_FIELD.search(stored.text)
    too_long = client.post("/api/v1/scores", json={**body, "client_id": new_id(),
                                                   "registration_code": "X" * 17})
    assert too_long.status_code == 422


def test_rescore_requests_reach_the_judge_by_code_only(contest, sio):
    from app.services.scoring.chief_judge import request_rescore

    judge = sio(contest.judges[0])
    judge.emit("join_judge", {}, callback=True)
    judge.emit("submit_score", {"client_id": new_id(), "registration_code": "J001",
                                "aspect_id": contest.j.id, "value": 2}, callback=True)
    judge.received()
    request_rescore(contest.chief, contest.project.id,
                    registration_id=contest.registrations[0].id, key=(contest.j.id, None),
                    reason="分差过大", judge_ids=[contest.judges[0].id], now=NOW)
    [event] = judge.received("rescore_requested")
    assert event["args"][0]["code"] == "J001" and "registration_id" not in event["args"][0]
