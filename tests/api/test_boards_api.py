"""Boards, publication and appeals API: snapshot, resume, leaks, publish, exports, appeals."""

from __future__ import annotations

import gzip
import io
import json
from datetime import timedelta

import pytest

from tests.board_setup import arbitrator, contestant_user, locked_contest
from tests.judging_setup import build_contest, new_id


def _score(contest, value):
    from app.models._types import utcnow
    from app.services.scoring.judging import submit_score

    submit_score(client_id=new_id(), judge=contest.judges[0],
                 registration_id=contest.registrations[0].id, aspect_id=contest.j.id,
                 value=value, now=utcnow())


def test_the_snapshot_is_the_public_board_and_resumes_with_since(client, db):
    contest = build_contest()
    for value in (1, 2, 3):
        _score(contest, value)
    url = f"/api/v1/projects/{contest.project.id}/standings"
    snap = client.get(url)
    assert snap.status_code == 200 and snap.json["seq"] == 3
    # Anonymous: the public board, which nginx's microcache may share for a second.
    assert snap.headers["Cache-Control"] == "public, max-age=1"
    assert all("code" not in r and "*" in r["name"] for r in snap.json["rows"])
    zipped = client.get(url, headers={"Accept-Encoding": "gzip, deflate"})
    assert zipped.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in zipped.vary
    assert json.loads(gzip.decompress(zipped.data)) == snap.json
    resumed = client.get(url + "?since=1").json
    assert [d["seq"] for d in resumed["deltas"]] == [2, 3]
    assert client.get(url + "?since=50").json["refetch"] is True
    bad = client.get(url + "?since=-1")
    assert bad.status_code == 422 and bad.json["error"]["field"] == "since"


@pytest.mark.parametrize("visibility", ["HIDDEN", "PROGRESS_ONLY"])
def test_hidden_data_never_leaks_through_the_api(client, login, db, visibility):
    contest = locked_contest(visibility=visibility)
    url = f"/api/v1/projects/{contest.project.id}/standings"
    snapshot = client.get(url).json
    resumed = client.get(url + "?since=0").json
    rows = snapshot["rows"] + [r for d in resumed["deltas"] for r in d["rows"]]
    assert rows or visibility == "HIDDEN"
    assert all(not {"total", "award", "rank", "components", "code"} & set(r) for r in rows)
    assert client.get(f"/api/v1/projects/{contest.project.id}/publication").status_code == 409
    login(contest.organizer)
    staff = client.get(url)
    assert staff.json["rows"][0]["total"]
    assert staff.headers["Cache-Control"] == "private, max-age=1"  # never in a shared cache


def test_publish_finalize_and_the_publication_list(client, login, db, make_user):
    contest = locked_contest()
    pid = contest.project.id
    assert client.post(f"/api/v1/projects/{pid}/publish").status_code == 401
    login(make_user("ORGANIZER", username="someone-else"))
    assert client.post(f"/api/v1/projects/{pid}/publish").status_code == 403
    login(contest.organizer)
    published = client.post(f"/api/v1/projects/{pid}/publish")
    assert published.status_code == 200 and published.json["result_status"] == "PUBLISHED"
    listing = client.get(f"/api/v1/projects/{pid}/publication").json
    assert listing["rows"][0]["rank"] == 1 and "*" not in listing["rows"][0]["name"]
    # Both channels, stated once: 申诉 after the contest, 异议 until the 公示 ends.
    assert listing["appeal_deadline"].startswith("2026-05-20T12:00")
    assert listing["ends_at"] and "weekends_only" in listing
    pdf = client.get(f"/api/v1/projects/{pid}/publication.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    early = client.post(f"/api/v1/projects/{pid}/finalize")
    assert early.status_code == 409
    assert early.json["error"]["code"] == "results.objection_period"
    login(make_user("ADMIN", username="root"))
    final = client.post(f"/api/v1/projects/{pid}/finalize",
                        json={"override_reason": "省厅通知提前公布"})
    assert final.status_code == 200 and final.json["result_status"] == "FINAL"
    assert final.json["override_reason"] == "省厅通知提前公布"
    again = client.post(f"/api/v1/projects/{pid}/publish")
    assert again.status_code == 409 and again.json["error"]["code"] == "results.final"


def test_publishing_an_unlocked_project_is_refused(client, login, db):
    contest = build_contest()
    login(contest.organizer)
    refused = client.post(f"/api/v1/projects/{contest.project.id}/publish")
    assert refused.status_code == 409
    assert refused.json["error"]["code"] == "results.not_locked"


def test_exports_and_judge_chart_are_for_organizers(client, login, db):
    contest = locked_contest()
    pid = contest.project.id
    assert client.get(f"/api/v1/projects/{pid}/results.xlsx").status_code == 401
    login(contest.organizer)
    assert client.get(f"/api/v1/projects/{pid}/results.xlsx").data.startswith(b"PK")
    comp = client.get(f"/api/v1/competitions/{contest.project.competition_id}/results.xlsx")
    assert comp.status_code == 200
    chart = client.get(f"/api/v1/projects/{pid}/judge-chart").json
    assert chart["labels"] == ["A1.2", "B1.1"] and len(chart["datasets"]) == 3


def test_appeal_through_the_api(client, login, db, monkeypatch):
    from app.services.results import appeals as appeals_service
    from tests.board_setup import ENDS

    contest = locked_contest()
    monkeypatch.setattr("app.web.api.appeals.utcnow", lambda: ENDS + timedelta(minutes=10))
    user = contestant_user(contest)
    login(user)
    form = {"registration_id": str(contest.registrations[0].id), "subject": "SCORE",
            "aspect_id": str(contest.j.id), "text": "外观评分偏低，请求复核。",
            "attachment": (io.BytesIO(b"photo-bytes"), "photo.jpg")}
    filed = client.post("/api/v1/appeals", data=form, content_type="multipart/form-data")
    assert filed.status_code == 201 and filed.json["state"] == "ACCEPTED"
    assert filed.json["has_attachment"] is True
    other = {**form, "registration_id": str(contest.registrations[1].id),
             "attachment": (io.BytesIO(b"x"), "x.jpg")}
    refused = client.post("/api/v1/appeals", data=other, content_type="multipart/form-data")
    assert refused.status_code == 403 and refused.json["error"]["code"] == "appeal.not_contestant"
    assert [a["id"] for a in client.get("/api/v1/appeals/mine").json] == [filed.json["id"]]
    login(arbitrator())
    listed = client.get("/api/v1/appeals?status=ACCEPTED").json
    assert [a["id"] for a in listed["items"]] == [filed.json["id"]] and listed["total"] == 1
    case = client.get(f"/api/v1/appeals/{filed.json['id']}").json
    assert case["contestant"] == "选手1" and case["scores"] and case["audit"]
    assert client.get(f"/api/v1/appeals/{filed.json['id']}/attachment").data == b"photo-bytes"
    decided = client.post(f"/api/v1/appeals/{filed.json['id']}/decision",
                          json={"decision": "DISMISSED", "reason": "评分记录完整，维持原评分。"})
    assert decided.status_code == 200 and decided.json["state"] == "DISMISSED"
    assert appeals_service.DECISIONS


def test_late_appeals_are_refused_with_the_reason(client, login, db, monkeypatch):
    from tests.board_setup import ENDS

    contest = locked_contest()
    monkeypatch.setattr("app.web.api.appeals.utcnow", lambda: ENDS + timedelta(hours=5))
    login(contestant_user(contest))
    late = client.post("/api/v1/appeals", data={
        "registration_id": str(contest.registrations[0].id), "subject": "CONDUCT",
        "text": "比赛期间有人喧哗影响操作。"}, content_type="multipart/form-data")
    assert late.status_code == 409 and late.json["error"]["code"] == "appeal.rejected_late"
    assert "120" in late.json["error"]["message"]


def test_the_ceremony_state_is_public(client, db):
    contest = build_contest()
    assert client.get(f"/api/v1/projects/{contest.project.id}/ceremony").json == {
        "running": False}


def test_the_organizer_runs_the_ceremony_over_the_api(app, client, login, db, make_user):
    contest = locked_contest()
    url = f"/api/v1/projects/{contest.project.id}/ceremony"
    assert client.post(url, json={"mode": "ALL"}).status_code == 401
    login(make_user("ORGANIZER", username="someone-else"))
    assert client.post(url, json={"mode": "ALL"}).status_code == 403
    login(contest.organizer)
    assert client.post(f"{url}/next").json["error"]["code"] == "ceremony.not_started"
    bad = client.post(url, json={"mode": "SOME"})
    assert bad.status_code == 422 and "mode" in json.dumps(bad.json)
    started = client.post(url, json={"mode": "ALL"})
    assert started.status_code == 201
    assert started.json == {"running": True, "project_id": contest.project.id, "mode": "ALL",
                            "step": 0, "total": 3, "revealed": [], "done": False}
    for _ in range(4):  # one more than there are places: the last click changes nothing
        shown = client.post(f"{url}/next").json
    assert [row["rank"] for row in shown["revealed"]] == [3, 2, 1] and shown["done"]
    # A big screen asks another instance (or this one after a restart): the database answers.
    with app.test_client() as screen:
        seen = screen.get(url).json
    assert seen["step"] == 3 and seen["revealed"] == shown["revealed"]
    assert client.delete(url).status_code == 204
    assert app.test_client().get(url).json == {"running": False}
    assert client.delete(url).json["error"]["code"] == "ceremony.not_started"
