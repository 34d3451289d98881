"""The judging JSON API: the offline fallback for scores, standings, matrix, chief actions."""

from __future__ import annotations

import pytest

from tests.judging_setup import build_contest, new_id, score_all


@pytest.fixture()
def contest(db):
    return build_contest(visibility="PROGRESS_ONLY")


def _score(contest, **extra):
    return {"client_id": new_id(), "registration_id": contest.registrations[0].id,
            "aspect_id": contest.j.id, "value": 2, **extra}


def test_post_score_stores_then_replays_then_refuses_reuse(client, contest, login):
    login(contest.judges[0])
    body = _score(contest)
    first = client.post("/api/v1/scores", json=body)
    assert first.status_code == 201 and first.json["ok"] and first.json["replay"] is False
    again = client.post("/api/v1/scores", json=body)
    assert again.status_code == 200 and again.json["event_id"] == first.json["event_id"]
    reused = client.post("/api/v1/scores", json={**body, "value": 3})
    assert reused.status_code == 409 and reused.json["error"]["code"] == "score.id_reused"
    bad = client.post("/api/v1/scores", json=_score(contest, value=9))
    assert bad.status_code == 422 and bad.json["error"]["code"] == "score.out_of_range"


def test_anonymous_and_non_judges_cannot_post_scores(client, contest, login):
    assert client.post("/api/v1/scores", json=_score(contest)).status_code == 401
    login(contest.organizer)
    assert client.post("/api/v1/scores", json=_score(contest)).status_code == 403


def test_standings_follow_the_visibility_unless_overseeing(client, contest, login):
    score_all(contest)
    url = f"/api/v1/projects/{contest.project.id}/standings"
    public = client.get(url)
    assert public.status_code == 200 and "total" not in public.json["rows"][0]
    assert public.json["seq"] > 0
    login(contest.chief)
    assert client.get(url).json["rows"][0]["total"]
    assert client.get("/api/v1/projects/999/standings").status_code == 404


def test_a_judge_finds_the_projects_it_judges_and_their_worklists(client, contest, login):
    other = build_contest()  # judged by others: never listed
    login(contest.judges[2])
    mine = client.get("/api/v1/people/me/judging")
    assert mine.status_code == 200
    assert [(p["project_id"], p["role"], p["scores_locked"]) for p in mine.json] == [
        (contest.project.id, "JUDGE", False)]
    assert mine.json[0]["project_name"] == contest.project.name
    assert mine.json[0]["starts_on"] and mine.json[0]["result_status"] == "OPEN"
    worklist = client.get(mine.json[0]["worklist"])
    assert worklist.status_code == 200 and worklist.json["contestants"]
    login(contest.chief)
    assert [p["role"] for p in client.get("/api/v1/people/me/judging").json] == ["CHIEF_JUDGE"]
    login(other.organizer)
    assert client.get("/api/v1/people/me/judging").status_code == 403


def test_matrix_and_worklist(client, contest, login):
    score_all(contest)
    url = f"/api/v1/projects/{contest.project.id}"
    login(contest.judges[2])
    assert client.get(f"{url}/matrix").status_code == 403
    worklist = client.get(f"{url}/worklist").json
    assert [c["code"] for c in worklist["contestants"]] == ["J001", "J002"]  # J003 recused
    assert {a["code"] for a in worklist["aspects"]} == {"A1.2", "B1.1"}
    login(contest.chief)
    matrix = client.get(f"{url}/matrix").json
    assert len(matrix["contestants"]) == 3 and matrix["cells"]
    assert [contest.judges[2].id, contest.registrations[2].id] in matrix["recused"]


def test_a_judge_not_assigned_to_a_project_gets_no_worklist(client, contest, login, make_user):
    """Codes and stations of a project one does not judge are nobody's business (as the page)."""
    login(make_user("JUDGE", username="outsider"))
    url = f"/api/v1/projects/{contest.project.id}/worklist"
    assert client.get(url).status_code == client.get(
        f"/judging/projects/{contest.project.id}").status_code == 404


def test_chief_console_actions_and_the_audit_chain(client, contest, login, make_user):
    score_all(contest)
    url = f"/api/v1/projects/{contest.project.id}"
    login(contest.chief)
    penalty = client.post(f"{url}/penalties", json={
        "registration_id": contest.registrations[0].id, "component_id": contest.practical.id,
        "points": "3", "reason": "工位不整洁"})
    assert penalty.status_code == 201
    withdrawn = client.post(f"{url}/penalties/{penalty.json['id']}/withdraw", json={"reason": ""})
    assert withdrawn.status_code == 422 and withdrawn.json["error"]["code"] == "reason.required"
    verified = client.post(f"{url}/sheets/verify", json={
        "registration_id": contest.registrations[0].id, "aspect_id": contest.m.id})
    assert verified.status_code == 200
    assert client.post(f"{url}/lock").json["ok"]
    assert client.post(f"{url}/unlock", json={"reason": "复核"}).status_code == 200
    finish = client.put(f"{url}/finish/{contest.registrations[1].id}", json={"status": "DNF"})
    assert finish.status_code == 422
    audit = client.get(f"{url}/audit").json
    assert audit[0]["action"] == "project.scores_unlocked"
    assert client.get("/api/v1/audit/verify").status_code == 403
    login(make_user("ADMIN"))
    report = client.get("/api/v1/audit/verify").json
    assert report["ok"] is True and report["first_broken_id"] is None


def test_scheme_and_assignments(client, contest, login):
    url = f"/api/v1/projects/{contest.project.id}"
    login(contest.organizer)
    scheme = client.get(f"{url}/scheme").json
    scheme["components"][0]["weight"] = "0.5"
    refused = client.put(f"{url}/scheme", json=scheme)
    assert refused.status_code == 422
    codes = {p["code"] for p in refused.json["error"]["problems"]}
    assert codes == {"scheme.theory_weight", "scheme.weights_sum"}
    scheme["components"][0]["weight"] = "0.3"
    assert client.put(f"{url}/scheme", json=scheme).status_code == 200
    conflicted = client.put(f"{url}/assignments/{contest.judges[2].id}", json={})
    assert conflicted.status_code == 409
    assert conflicted.json["error"]["problems"][0]["code"] == "conflict.same_employer"
    assert client.put(f"{url}/assignments/{contest.judges[2].id}/panel",
                      json={"aspect_ids": [contest.panel.id]}).status_code == 200
    listed = client.get(f"{url}/assignments").json
    assert {a["user_id"] for a in listed} >= {j.id for j in contest.judges}
