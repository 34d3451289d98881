"""/api/v1 claim, claim codes, duplicates, link requests and qualification conflicts."""

from __future__ import annotations

import pytest

from tests.fixtures.links import pending_competition_link
from tests.registration_data import id_number, make_competition, organizer_of

pytestmark = pytest.mark.usefixtures("frozen_clock")

NUMBER = id_number(serial=432)


def body(project_ids, **changes):
    data = {"name": "王五", "id_number": NUMBER, "phone": "13812345678",
            "organization_name": "沧州电力", "group": "EMPLOYEE", "project_ids": project_ids,
            "grades": []}
    data.update(changes)
    return data


def _victim(client, db, make_user, login):
    """A record registered by someone whose account is then detached (as if imported)."""
    competition = make_competition()
    helper = make_user("CONTESTANT", username="helper")
    login(helper)
    (reg,) = client.post("/api/v1/registrations", json=body([competition.projects[0].id])).json
    reg["person_id"] = helper.person_id
    helper.person_id = None
    db.session.commit()
    return competition, reg


def test_signup_claim_with_a_code_and_refusals(client, db, make_user, login):
    competition, reg = _victim(client, db, make_user, login)
    organizer = organizer_of(competition, make_user)
    contestant = make_user("CONTESTANT", username="newcomer")
    login(contestant)
    client.post("/api/v1/registrations", json=body([competition.projects[1].id]))
    mine = client.get("/api/v1/registrations/mine").json
    assert reg["id"] not in [r["id"] for r in mine]  # not the existing record's registration
    login(organizer)
    (dup,) = client.get("/api/v1/person-duplicates").json
    assert (dup["person_id"], dup["username"]) == (reg["person_id"], "newcomer")
    issued = client.post(f"/api/v1/people/{dup['person_id']}/claim-code")
    assert issued.status_code == 201
    code = issued.json["code"]
    login(contestant)
    wrong = client.post("/api/v1/account/claim", json={"code": "ABCDE-FGHJK"})
    assert wrong.status_code == 422 and wrong.json["error"]["code"] == "claim.code_wrong"
    assert wrong.json["error"]["field"] == "code"
    claimed = client.post("/api/v1/account/claim", json={"code": code})
    assert claimed.status_code == 200 and claimed.json["person_id"] == dup["person_id"]
    mine = {r["id"] for r in client.get("/api/v1/registrations/mine").json}
    assert reg["id"] in mine
    again = client.post("/api/v1/account/claim", json={"code": code})
    assert again.status_code == 409 and again.json["error"]["code"] == "claim.code_used"


def test_duplicate_refuse_and_strangers(client, db, make_user, login):
    competition, reg = _victim(client, db, make_user, login)
    organizer = organizer_of(competition, make_user)
    contestant = make_user("CONTESTANT", username="newcomer")
    login(contestant)
    client.post("/api/v1/registrations", json=body([competition.projects[1].id]))
    stranger = organizer_of(make_competition(name="别的赛事"), make_user, username="org9")
    login(stranger)
    assert client.get("/api/v1/person-duplicates").json == []
    assert client.post(f"/api/v1/people/{reg['person_id']}/claim-code").status_code == 404
    login(organizer)
    (dup,) = client.get("/api/v1/person-duplicates").json
    refused = client.post(f"/api/v1/person-duplicates/{dup['pending_person_id']}/refuse",
                          json={"reason": "不是本人"})
    assert refused.status_code == 200
    assert client.get("/api/v1/person-duplicates").json == []


def test_link_request_round_trip(client, db, make_user, login):
    link = pending_competition_link(make_user)
    requester, owner, child = link.requester, link.owner, link.child
    login(requester)
    (sent,) = client.get("/api/v1/link-requests").json["outgoing"]
    assert (sent["kind"], sent["state"], sent["competition_id"]) == ("PARENT", "PENDING",
                                                                     child.id)
    refused = client.post(f"/api/v1/link-requests/{sent['id']}/accept")
    assert refused.status_code == 404
    login(owner)
    (incoming,) = client.get("/api/v1/link-requests").json["incoming"]
    accepted = client.post(f"/api/v1/link-requests/{incoming['id']}/accept")
    assert accepted.status_code == 200 and accepted.json["state"] == "ACCEPTED"
    again = client.post(f"/api/v1/link-requests/{incoming['id']}/decline", json={})
    assert again.status_code == 409 and again.json["error"]["code"] == "link.decided"
    assert client.get("/api/v1/qualification-conflicts").json == []


def test_takeover_no_longer_opens_ticket_withdraw_or_phone(client, db, make_user, login):
    """The issue #11 finding 3 attack, end to end: sign up, register with a name and ID."""
    from app.models import Person, Registration

    competition, reg = _victim(client, db, make_user, login)
    login(organizer_of(competition, make_user))
    assert client.post("/api/v1/registrations/approve",
                       json={"ids": [reg["id"]]}).status_code == 200
    login(make_user("CONTESTANT", username="attacker"))
    client.post("/api/v1/registrations",
                json=body([competition.projects[1].id], phone="13900000000"))
    assert client.get(f"/api/v1/tickets/{reg['id']}").status_code == 404
    assert client.get(f"/checkin/tickets/{reg['id']}.pdf").status_code == 404
    assert client.post(f"/api/v1/registrations/{reg['id']}/withdraw",
                       json={}).status_code == 404
    assert db.session.get(Registration, reg["id"]).status == "APPROVED"
    assert db.session.get(Person, reg["person_id"]).phone == "13812345678"
