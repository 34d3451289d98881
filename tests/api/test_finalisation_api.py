"""/api/v1 finalise, outcomes, what-if, qualifications."""

from __future__ import annotations

from tests.finalisation_setup import feeding_contest, ready_contest

MARKS = [(80, 20), (85, 25), (90, 28)]


def test_finalize_outcomes_and_idempotence(client, login, db):
    contest = ready_contest(MARKS)
    pid = contest.project.id
    login(contest.organizer)
    before = client.get(f"/api/v1/projects/{pid}/outcomes").get_json()
    assert before["finalizable"] is True and before["refusal"] is None
    done = client.post(f"/api/v1/projects/{pid}/finalize")
    assert done.status_code == 200
    body = done.get_json()
    assert body["changed"] and body["result_status"] == "FINAL"
    assert body["created"]["promotions"] == 3
    again = client.post(f"/api/v1/projects/{pid}/finalize").get_json()
    assert again["changed"] is False and again["replaced"] == []
    outcomes = client.get(f"/api/v1/projects/{pid}/outcomes").get_json()
    top = outcomes["entries"][0]
    assert top["rank"] == 1 and top["awards"][0]["award"] == "GOLD"
    assert top["promotions"][0]["explanation"]["gates"][0]["gate"] == "FINAL"
    assert top["titles"][0]["state"] == "ELIGIBLE_TO_APPLY"


def test_refusal_is_a_clear_409(client, login, db):
    contest = ready_contest(MARKS, publish=False)
    login(contest.organizer)
    refused = client.post(f"/api/v1/projects/{contest.project.id}/finalize")
    assert refused.status_code == 409
    assert refused.get_json()["error"]["code"] == "results.not_published"


def test_only_organizers_in_scope(client, login, db, make_user):
    contest = ready_contest(MARKS)
    url = f"/api/v1/projects/{contest.project.id}/finalize"
    login(make_user("CONTESTANT"))
    assert client.post(url).status_code == 403
    login(make_user("ORGANIZER"))  # unscoped organizer: no competition of theirs
    assert client.post(url).status_code == 404


def test_what_if_with_edited_rows_stores_nothing(client, login, db):
    contest = ready_contest(MARKS, publish=False)
    login(contest.organizer)
    url = f"/api/v1/projects/{contest.project.id}/what-if"
    own = client.post(url, json={}).get_json()
    assert own["promoted"] == 3 and own["edited"] is False
    assert own["blockers"][0]["code"] == "results.not_published"
    edited = client.post(url, json={"rows": [{"band": "1-1", "action": "TARGET",
                                              "target": "L3"}]}).get_json()
    assert edited["promoted"] == 1 and edited["rows"][0]["decisions"][0]["grade_after"] == "L3"
    bad = client.post(url, json={"rows": [{"band": "x", "action": "TARGET", "target": "L3"}]})
    assert bad.status_code == 422 and bad.get_json()["error"]["field"] == "rows[0].band"
    again = client.get(f"/api/v1/projects/{contest.project.id}/outcomes").get_json()
    assert again["entries"] == [] and again["result_status"] != "FINAL"


def test_contestant_confirms_and_withdraws(client, login, db, make_user):
    contest, target = feeding_contest(MARKS, quota=1)
    login(contest.organizer)
    url = f"/api/v1/projects/{contest.project.id}/finalize"
    assert client.post(url).status_code == 200
    winner = make_user("CONTESTANT", person_id=contest.registrations[2].person_id)
    login(winner)
    mine = client.get("/api/v1/qualifications/mine").get_json()
    assert [q["state"] for q in mine] == ["QUALIFIED"]
    qid = mine[0]["id"]
    assert client.post(f"/api/v1/qualifications/{qid}/confirm").get_json()["state"] == \
        "CONFIRMED"
    out = client.post(f"/api/v1/qualifications/{qid}/withdraw", json={"reason": "另有安排"})
    assert out.status_code == 200
    body = out.get_json()
    assert body["qualification"]["state"] == "WITHDRAWN" and len(body["offered"]) == 1
    assert client.post(f"/api/v1/qualifications/{qid}/confirm").status_code == 409
    login(make_user("CONTESTANT"))
    assert client.post(f"/api/v1/qualifications/{qid}/withdraw").status_code == 404
    login(contest.organizer)
    origins = client.get(f"/api/v1/projects/{target.id}/entrant-origins").get_json()
    assert [o["status"] for o in origins] == ["WITHDRAWN", "QUALIFIED"]
    assert origins[1]["label"].endswith("第2名")


def test_every_entry_explains_each_outcome(client, login, db):
    from datetime import date

    from app.models import PersonGrade

    contest = ready_contest(MARKS)
    # Rank 2 already holds 高级技师: the rule gives no change, and that decision is stored.
    held = contest.registrations[1]
    db.session.add(PersonGrade(person_id=held.person_id, occupation_id=contest.project.
                               occupation_id, grade="L1", source="CERTIFICATE",
                               obtained_on=date(2020, 1, 1)))
    db.session.commit()
    pid = contest.project.id
    login(contest.organizer)
    assert client.post(f"/api/v1/projects/{pid}/finalize").status_code == 200
    entries = client.get(f"/api/v1/projects/{pid}/outcomes").get_json()["entries"]
    assert [e["rank"] for e in entries] == [1, 2, 3]
    for entry in entries:
        why = entry["explanation"]
        assert why["rank"] == entry["rank"] and why["n"] == 3
        assert why["decided_by"] == "TOTAL" and why["pass_mark"] == "60"
        assert set(why["components"]) == {"T", "P"}
        assert all(c["passed"] is True for c in why["components"].values())
        assert why["qualification"] == {"qualified": False, "code": "qualification.no_feeder"}
        for promotion in entry["promotions"]:
            assert promotion["explanation"]["row"] is not None
            assert "target" in promotion["explanation"]
    outcomes = {e["registration_id"]: [p["state"] for p in e["promotions"]] for e in entries}
    assert "NO_CHANGE" in outcomes[held.id]
    # The lifetime record shows the same explanations.
    record = client.get(f"/api/v1/people/{held.person_id}/record").get_json()
    here = next(e for e in record["entries"] if e["registration_id"] == held.id)
    mine = next(e for e in entries if e["registration_id"] == held.id)
    assert here["explanation"]["decided_by"] == mine["explanation"]["decided_by"]
    assert here["explanation"]["components"] == mine["explanation"]["components"]
    assert [p["explanation"]["outcome"] for p in here["promotions"]] == [
        p["explanation"]["outcome"] for p in mine["promotions"]]


def test_the_organizer_records_a_withdrawal_for_a_contestant_without_an_account(
        client, login, db, make_user):
    """A contestant who never logged in writes in; the organizer gives the place on."""
    contest, _target = feeding_contest(MARKS, quota=1)
    login(contest.organizer)
    assert client.post(f"/api/v1/projects/{contest.project.id}/finalize").status_code == 200
    [place] = [q for q in client.get(f"/api/v1/projects/{contest.project.id}/outcomes")
               .get_json()["qualifications"] if q["state"] == "QUALIFIED"]
    url = f"/api/v1/qualifications/{place['id']}/withdraw"
    # Another competition's organizer does not even see the place.
    login(make_user("ORGANIZER"))
    assert client.post(url, json={"reason": "选手书面放弃"}).status_code == 404
    login(contest.organizer)
    missing = client.post(url, json={"reason": "  "}, headers={"Accept-Language": "zh-CN"})
    assert missing.status_code == 422
    error = missing.get_json()["error"]
    assert error["code"] == "qualification.reason_required" and error["field"] == "reason"
    assert "放弃" in error["message"]
    assert client.get(f"/api/v1/projects/{contest.project.id}/outcomes").get_json()[
        "qualifications"][0]["state"] == "QUALIFIED"  # the refusal changed nothing
    out = client.post(url, json={"reason": "选手书面放弃晋级资格（附件：放弃声明）"})
    assert out.status_code == 200
    body = out.get_json()
    assert body["qualification"]["state"] == "WITHDRAWN" and len(body["offered"]) == 1
    assert body["offered"][0]["registration_id"] != place["registration_id"]
