"""/api/v1 tickets, check-in and lot draw: access, refusals in the caller's language, OpenAPI."""

from __future__ import annotations

import re

import pytest

from app.models import RoleAssignment
from app.services.entry.tickets import ticket_token
from tests.ticketing import make_contest, make_contestant_user, make_organizer, make_registration

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture()
def contest(db):
    return make_contest()


@pytest.fixture()
def organizer(contest):
    return make_organizer(contest.body)


def _base(project_id: int) -> str:
    return f"/api/v1/projects/{project_id}"


def test_contestant_downloads_only_their_own_ticket(client, contest, login):
    mine = make_registration(contest.project)
    theirs = make_registration(contest.project, name="王芳")
    login(make_contestant_user(mine))
    response = client.get(f"/api/v1/tickets/{mine.id}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert mine.ticket_no in response.headers["Content-Disposition"]
    for other in (theirs.id, 999999):
        refused = client.get(f"/api/v1/tickets/{other}")
        assert refused.status_code == 404 and refused.json["error"]["code"] == "ticket.not_found"


def test_own_registration_without_a_ticket_is_409(client, contest, login):
    pending = make_registration(contest.project, status="SUBMITTED")
    login(make_contestant_user(pending))
    response = client.get(f"/api/v1/tickets/{pending.id}")
    assert response.status_code == 409 and response.json["error"]["code"] == "ticket.not_issued"


def test_organizer_downloads_a_projects_tickets_in_scope_only(client, contest, organizer,
                                                               login, make_user):
    make_registration(contest.project)
    login(organizer)
    response = client.get(f"{_base(contest.project.id)}/tickets")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    empty = client.get(f"{_base(contest.other_project.id)}/tickets")
    assert empty.status_code == 409 and empty.json["error"]["code"] == "ticket.none"
    stranger = make_user()
    stranger.roles.append(RoleAssignment(role="ORGANIZER", organization_id=contest.employer.id))
    login(stranger)
    assert client.get(f"{_base(contest.project.id)}/tickets").status_code == 404


def test_check_in_by_token_then_again(client, contest, organizer, login):
    registration = make_registration(contest.project, name="李娜")
    login(organizer)
    body = {"token": ticket_token(registration)}
    first = client.post(f"{_base(contest.project.id)}/checkin", json=body)
    assert first.status_code == 200, first.json
    assert first.json["name"] == "李娜" and first.json["status"] == "CHECKED_IN"
    assert "*" in first.json["id_number_masked"]
    assert first.json["counts"] == {"project_id": contest.project.id, "checked_in": 1,
                                    "approved": 1}
    again = client.post(f"{_base(contest.project.id)}/checkin", json=body)
    assert again.json["already_checked_in"] is True and CJK.search(again.json["message"])
    counts = client.get(f"{_base(contest.project.id)}/checkin")
    assert counts.json["checked_in"] == 1


def test_check_in_by_number_and_refusals_in_chinese(client, contest, organizer, login):
    registration = make_registration(contest.project)
    elsewhere = make_registration(contest.other_project)
    login(organizer)
    url = f"{_base(contest.project.id)}/checkin"
    cases = [
        ({"token": ticket_token(registration)[:-3] + "abc"}, "ticket.forged"),
        ({"token": ticket_token(elsewhere)}, "checkin.wrong_project"),
        ({"ticket_no": "0000"}, "ticket.unknown_number"),
        ({}, "checkin.input_missing"),
    ]
    for body, code in cases:
        response = client.post(url, json=body)
        assert response.status_code == 422, body
        assert response.json["error"]["code"] == code
        assert CJK.search(response.json["error"]["message"])
    ok = client.post(url, json={"ticket_no": registration.ticket_no,
                                "id_last4": registration.person.id_number[-4:]})
    assert ok.status_code == 200 and ok.json["registration_id"] == registration.id


def test_reissue_revokes_the_old_token(client, contest, organizer, login):
    registration = make_registration(contest.project)
    old = ticket_token(registration)
    login(organizer)
    issued = client.post(f"/api/v1/tickets/{registration.id}/reissue")
    assert issued.status_code == 200 and issued.json["ticket_version"] == 2
    url = f"{_base(contest.project.id)}/checkin"
    revoked = client.post(url, json={"token": old})
    assert revoked.json["error"]["code"] == "ticket.revoked"
    assert client.post(url, json={"token": issued.json["token"]}).status_code == 200


def test_lot_draw_round_trip(client, contest, organizer, login):
    for _ in range(3):
        make_registration(contest.project, status="CHECKED_IN")
    public = f"{_base(contest.project.id)}/lot-draw"
    assert client.get(public).json["status"] == "NONE"
    login(organizer)
    refused = client.post(f"{public}/run")
    assert refused.status_code == 409 and refused.json["error"]["code"] == "lotdraw.not_committed"
    committed = client.post(f"{public}/commit")
    assert committed.status_code == 201 and committed.json["seed"] is None
    drawn = client.post(f"{public}/run")
    assert drawn.json["status"] == "DRAWN" and drawn.json["verified"] is True
    mapping = client.get(f"{public}/assignments").json
    assert [row["station_no"] for row in mapping] == [1, 2, 3]
    with client.session_transaction() as session:
        session.clear()  # anyone may verify: log out first
    seen = client.get(f"{public}/verify").json
    assert seen["seed"] == drawn.json["seed"] and seen["verified"] is True
    assert seen["seed_hash"] == committed.json["seed_hash"] and seen["contestants"] == 3
    assert "name" not in str(seen) and "anonymous_code" not in seen
    assert client.get(f"{public}/assignments").status_code == 401
    login(organizer)
    assert client.post(f"{public}/run").json["error"]["code"] == "lotdraw.already_drawn"


def test_public_lot_draw_of_a_missing_project_is_404(client):
    assert client.get("/api/v1/projects/999999/lot-draw").status_code == 404


def test_openapi_documents_the_new_operations(client):
    spec = client.get("/api/v1/openapi.json").json
    assert "application/pdf" in spec["paths"]["/api/v1/tickets/{registration_id}"]["get"][
        "responses"]["200"]["content"]
    post = spec["paths"]["/api/v1/projects/{project_id}/checkin"]["post"]
    assert post["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/CheckIn")
    assert spec["paths"]["/api/v1/projects/{project_id}/lot-draw/verify"]["get"][
        "security"] == []
