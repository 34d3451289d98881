"""A coverage gap through the API: the organizer sees it, the lock is refused until a judge
who need not recuse is seated and has scored, and then the lock passes."""

from __future__ import annotations

from typing import Any

from tests.judging_setup import NOW, build_contest, new_id
from tests.services.test_coverage import _conflict, score_what_may_be_scored


def test_the_lock_is_refused_while_nobody_may_score_a_cell(client, db, login) -> None:
    from app.models import AuditEntry, Project
    from app.services.scoring.judging import submit_score

    contest = build_contest()
    pid = contest.project.id
    url = f"/api/v1/projects/{pid}"
    _conflict(db, contest, "employer")  # judge 1, alone on A1.1, works where J001 works

    login(contest.organizer)
    [gap] = client.get(f"{url}/coverage-gaps").json
    assert (gap["target"], gap["code"], gap["registration_id"]) == (
        "A1.1", "J001", contest.registrations[0].id)
    assert gap["aspect_id"] == contest.m.id and gap["reason"] == "coverage.gap"
    assert "A1.1" in gap["message"] and "J001" in gap["message"]
    assert [(j["user_id"], [r["code"] for r in j["reasons"]]) for j in gap["judges"]] == [
        (contest.judges[0].id, ["conflict.same_employer"])]
    page = client.get(f"/schemes/projects/{pid}/judges").text
    assert 'id="jx-coverage-gaps"' in page and "A1.1 没有可评 J001 的裁判（全部须回避）" in page

    score_what_may_be_scored(contest)
    login(contest.chief)
    seq = db.session.get(Project, pid).event_seq
    refused = client.post(f"{url}/lock")
    assert refused.status_code == 409
    error: dict[str, Any] = refused.json["error"]
    assert error["code"] == "lock.uncovered"
    assert error["message"].startswith("A1.1 没有可评 J001 的裁判（全部须回避），请增派裁判")
    assert [(p["code"], p["params"]["aspect"], p["params"]["contestant"])
            for p in error["problems"]] == [("coverage.gap", "A1.1", "J001")]
    db.session.expire_all()
    project = db.session.get(Project, pid)
    assert project.scores_locked_at is None and project.event_seq == seq
    assert not db.session.query(AuditEntry).filter_by(action="project.scores_locked").count()
    assert client.get(f"{url}/matrix").json["locked"] is False
    assert client.get(f"{url}/coverage-gaps").status_code == 200  # the chief sees them too

    login(contest.organizer)
    seated = client.put(f"{url}/assignments/{contest.judges[1].id}/panel", json={
        "aspect_ids": [contest.j.id, contest.panel.id, contest.m.id]})
    assert seated.status_code == 200 and seated.json["coverage_gaps"] == []
    assert client.get(f"{url}/coverage-gaps").json == []
    for registration in contest.registrations:  # the new seat is owed for every contestant
        submit_score(client_id=new_id(), judge=contest.judges[1],
                     registration_id=registration.id, aspect_id=contest.m.id, value=40, now=NOW)
    login(contest.chief)
    locked = client.post(f"{url}/lock")
    assert locked.status_code == 200 and locked.json["ok"]
    assert client.get(f"{url}/matrix").json["locked"] is True


def test_only_the_projects_staff_see_its_coverage_gaps(client, db, login, make_user) -> None:
    contest = build_contest()
    url = f"/api/v1/projects/{contest.project.id}/coverage-gaps"
    assert client.get(url).status_code == 401
    login(contest.judges[0])
    assert client.get(url).status_code == 403
    login(make_user("ORGANIZER"))
    assert client.get(url).status_code in (403, 404)
