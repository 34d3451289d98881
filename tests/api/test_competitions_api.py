"""/api/v1 competition set-up: create, validate with field names, scope as 404, rule rows."""

from __future__ import annotations

import pytest

from app.models import AuditEntry, Occupation, Organization, RoleAssignment


@pytest.fixture()
def orgs(db, make_user):
    province = Organization(name="省人社厅", kind="ORGANIZER")
    db.session.add(province)
    db.session.flush()
    city = Organization(name="市人社局", kind="ORGANIZER", parent_id=province.id)
    other = Organization(name="邻市人社局", kind="ORGANIZER")
    electrician = Occupation(code="6-31-01-03", name="电工")
    db.session.add_all([city, other, electrician])
    db.session.commit()
    users = {}
    for name, org in (("prov", province), ("city", city), ("other", other)):
        user = make_user(username=name)
        user.roles = [RoleAssignment(role="ORGANIZER", organization_id=org.id)]
        users[name] = user
    db.session.commit()
    return {"province": province, "city": city, "electrician": electrician, **users}


def comp_body(org, **changes):
    body = {"name": "省职业技能大赛", "tier": "PROVINCIAL", "category": "CLASS_1", "year": 2026,
            "organizer_id": org.id, "starts_on": "2026-09-01", "ends_on": "2026-09-03",
            "registration_opens_at": "2026-07-01T09:00:00",
            "registration_closes_at": "2026-08-01T17:00:00+08:00"}
    body.update(changes)
    return body


def test_create_competition_project_and_rows(client, login, orgs, db):
    api = login(orgs["prov"])
    response = api.post("/api/v1/competitions", json=comp_body(orgs["province"]))
    assert response.status_code == 201, response.json
    provincial = response.json
    # A time without an offset is Beijing time.
    assert provincial["registration_opens_at"].startswith("2026-07-01T01:00:00")
    response = api.post(f"/api/v1/competitions/{provincial['id']}/projects", json={
        "occupation_id": orgs["electrician"].id, "group": "EMPLOYEE", "name": "电工（职工组）",
        "award_scheme": "FIXED_COUNT", "award_params": {"counts": [2, 4, 6]}})
    assert response.status_code == 201, response.json
    project = response.json
    assert project["promotion_preset"] == "PROVINCIAL_CLASS_1"
    rules = api.get(f"/api/v1/projects/{project['id']}/promotion-rules").json
    assert rules["preset"]["source"] == "LOCAL"
    assert rules["rows"][0]["band"] == "1-10" and rules["rows"][0]["provenance"] == "LOCAL"
    rows = [{k: v for k, v in row.items() if k not in ("index", "provenance")}
            for row in rules["rows"]]
    rows[0]["band"] = "1-8"
    response = api.put(f"/api/v1/projects/{project['id']}/promotion-rules", json={"rows": rows})
    assert response.status_code == 200
    assert response.json["rows"][0]["provenance"] == "EDITED"
    rows[1]["band"] = "4-n/3"
    response = api.put(f"/api/v1/projects/{project['id']}/promotion-rules", json={"rows": rows})
    assert response.status_code == 422
    assert response.json["error"]["field"] == "rows[1].band"
    assert "4-n/3" in response.json["error"]["message"]
    presets = api.get("/api/v1/presets").json
    assert {p["code"] for p in presets} >= {"NATIONAL_GENERAL", "ENTERPRISE"}
    assert db.session.query(AuditEntry).filter_by(action="project.promotion_rules").count() == 1


def test_validation_errors_name_the_field(client, login, orgs):
    api = login(orgs["city"])
    response = api.post("/api/v1/competitions", json=comp_body(orgs["city"], tier="TOWN"))
    assert response.status_code == 422 and response.json["error"]["field"] == "tier"
    response = api.post("/api/v1/competitions", json=comp_body(orgs["province"],
                                                               tier="MUNICIPAL"))
    assert response.status_code == 422
    assert response.json["error"] == {
        "code": "competition.organizer", "field": "organizer_id",
        "message": "请选择您管理范围内的主办单位。"}
    provincial = login(orgs["prov"]).post(
        "/api/v1/competitions", json=comp_body(orgs["province"])).json
    api = login(orgs["city"])
    response = api.post("/api/v1/competitions", json=comp_body(
        orgs["city"], tier="PROVINCIAL", name="同级", parent_id=provincial["id"]))
    assert response.status_code == 422
    assert response.json["error"]["code"] == "competition.parent_tier"
    response = api.post("/api/v1/competitions", json=comp_body(
        orgs["city"], tier="MUNICIPAL", name="市赛", parent_id=provincial["id"],
        starts_on="2026-08-20", ends_on="2026-08-21"))
    assert response.status_code == 201


def test_issuer_site_serial_round_trips_and_is_checked(client, login, orgs):
    api = login(orgs["prov"])
    issuer = {"issuer_kind": "S", "issuer_body_code": "1301", "issuer_province_code": "13"}
    response = api.post("/api/v1/competitions", json=comp_body(
        orgs["province"], issuer_site_serial="13a456", **issuer))
    assert response.status_code == 422
    assert response.json["error"]["field"] == "issuer_site_serial"
    assert "6" in response.json["error"]["message"]
    response = api.post("/api/v1/competitions", json=comp_body(
        orgs["province"], issuer_site_serial="204817", **issuer))
    assert response.status_code == 201, response.json
    assert response.json["issuer_site_serial"] == "204817"


def test_scope_is_404(client, login, orgs):
    provincial = login(orgs["prov"]).post(
        "/api/v1/competitions", json=comp_body(orgs["province"])).json
    api = login(orgs["other"])
    assert api.get(f"/api/v1/competitions/{provincial['id']}").status_code == 404
    response = api.put(f"/api/v1/competitions/{provincial['id']}",
                       json=comp_body(orgs["province"]))
    assert response.status_code == 404
    assert response.json["error"]["code"] == "competition.not_found"
    assert api.get("/api/v1/competitions").json == []


def test_roles_are_required(client, login, make_user):
    assert client.get("/api/v1/competitions").status_code == 401
    judge = make_user("JUDGE", username="judge")
    assert login(judge).get("/api/v1/presets").status_code == 403
