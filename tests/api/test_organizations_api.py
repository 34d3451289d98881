"""Organizing bodies through /api/v1: create, rename, move (no cycles), deactivate, organizers."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture()
def admin(db: Any, make_user: Any) -> Any:
    return make_user("ADMIN", username="root")


def _create(client: Any, **fields: Any) -> Any:
    body = {"name": "烟台市人社局", "kind": "HRSS", "region_code": "370600",
            "site_serial": "000123", **fields}
    return client.post("/api/v1/organizations", json=body)


def test_admin_builds_moves_and_deactivates(client: Any, admin: Any, login: Any) -> None:
    login(admin)
    top = _create(client).json
    assert top["kind"] == "HRSS" and top["region_code"] == "370600" and top["active"] is True
    child = _create(client, name="福山区人社局", region_code="370611", parent_id=top["id"]).json
    grandchild = _create(client, name="某技工学校", kind="SCHOOL", region_code="",
                         site_serial="", parent_id=child["id"]).json
    renamed = client.patch(f"/api/v1/organizations/{child['id']}", json={"name": "福山人社"})
    assert renamed.status_code == 200 and renamed.json["parent_id"] == top["id"]
    cycle = client.patch(f"/api/v1/organizations/{top['id']}",
                         json={"parent_id": grandchild["id"]})
    assert cycle.status_code == 409 and cycle.json["error"]["code"] == "organization.cycle"
    itself = client.patch(f"/api/v1/organizations/{top['id']}", json={"parent_id": top["id"]})
    assert itself.status_code == 409
    moved = client.patch(f"/api/v1/organizations/{grandchild['id']}",
                         json={"parent_id": top["id"]})
    assert moved.status_code == 200 and moved.json["parent_id"] == top["id"]
    off = client.post(f"/api/v1/organizations/{child['id']}/deactivate")
    assert off.status_code == 200 and off.json["active"] is False
    below_off = _create(client, name="新单位", parent_id=child["id"])
    assert below_off.status_code == 409
    assert below_off.json["error"]["code"] == "organization.parent_inactive"


@pytest.mark.parametrize(
    ("fields", "code", "field"),
    [
        ({"region_code": "990000"}, "organization.region_code_invalid", "region_code"),
        ({"region_code": "37060"}, "organization.region_code_invalid", "region_code"),
        ({"site_serial": "12a456"}, "organization.site_serial_invalid", "site_serial"),
        ({"name": "   "}, "organization.name_invalid", "name"),
        ({"kind": "CLUB"}, "validation", "kind"),
        ({"parent_id": 999}, "organization.parent_not_found", "parent_id"),
    ],
)
def test_bad_input_names_the_field(client: Any, admin: Any, login: Any, fields: dict[str, Any],
                                   code: str, field: str) -> None:
    from app.models import Organization

    login(admin)
    answer = _create(client, **fields)
    assert answer.status_code in (404, 422), answer.json
    assert answer.json["error"]["code"] == code and answer.json["error"]["field"] == field
    assert Organization.query.count() == 0


def test_duplicate_name_conflicts(client: Any, admin: Any, login: Any) -> None:
    login(admin)
    assert _create(client).status_code == 201
    again = _create(client)
    assert again.status_code == 409 and again.json["error"]["code"] == "organization.name_taken"


def test_organizer_manages_only_below_their_body(client: Any, admin: Any, login: Any,
                                                 make_user: Any) -> None:
    login(admin)
    top = _create(client).json
    other = _create(client, name="别的局", region_code="370200").json
    made = client.post(f"/api/v1/organizations/{top['id']}/organizers",
                       json={"username": "yantai_org", "display_name": "烟台组织者"})
    assert made.status_code == 201
    password = made.json["one_time_password"]
    assert len(password) >= 10
    client.get("/auth/logout")
    with client.session_transaction() as session:
        session.clear()
    issued = client.post("/api/v1/auth/token", json={"username": "yantai_org",
                                                     "password": password}).json
    assert issued["must_change_password"] is True
    auth = {"Authorization": f"Bearer {issued['token']}"}
    # The one-time password was chosen by the admin: nothing else answers until it changes.
    refused = client.get("/api/v1/organizations", headers=auth)
    assert refused.status_code == 403
    assert refused.json["error"]["code"] == "auth.password_change_required"
    changed = client.post("/api/v1/me/password", headers=auth, json={
        "current_password": password, "new_password": "Own-Choice-2026"})
    assert changed.status_code == 204
    listed = client.get("/api/v1/organizations", headers=auth).json
    assert [b["id"] for b in listed] == [top["id"]]
    # Its own body is the admin's to change; below it, the organizer's.
    own = client.patch(f"/api/v1/organizations/{top['id']}", json={"name": "x"}, headers=auth)
    assert own.status_code == 403
    top_level = client.post("/api/v1/organizations", headers=auth,
                            json={"name": "顶层", "kind": "HRSS"})
    assert top_level.status_code == 403
    below = client.post("/api/v1/organizations", headers=auth,
                        json={"name": "下属企业", "kind": "EMPLOYER", "parent_id": top["id"]})
    assert below.status_code == 201
    elsewhere = client.post("/api/v1/organizations", headers=auth,
                            json={"name": "越权", "kind": "EMPLOYER", "parent_id": other["id"]})
    assert elsewhere.status_code == 404
    assert client.patch(f"/api/v1/organizations/{below.json['id']}", headers=auth,
                        json={"name": "下属企业二"}).status_code == 200


def test_wrong_password_gets_no_token(client: Any, admin: Any) -> None:
    answer = client.post("/api/v1/auth/token", json={"username": "root", "password": "nope"})
    assert answer.status_code == 401 and "token" not in answer.json


def test_deactivated_body_takes_no_new_competition(client: Any, admin: Any, login: Any) -> None:
    login(admin)
    body = _create(client).json
    client.post(f"/api/v1/organizations/{body['id']}/deactivate")
    answer = client.post("/api/v1/competitions", json={
        "name": "停用单位的赛事", "tier": "MUNICIPAL", "category": "CLASS_2", "year": 2026,
        "organizer_id": body["id"], "starts_on": "2026-05-20", "ends_on": "2026-05-21"})
    assert answer.status_code == 422 and answer.json["error"]["field"] == "organizer_id"
