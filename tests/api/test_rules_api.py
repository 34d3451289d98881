"""/api/v1 rules of issue #16: 直辖市 layer, sourced presets, row fields, project settings."""

from __future__ import annotations

import pytest

from app.models import Occupation, Organization, RoleAssignment
from tests.api.test_competitions_api import comp_body


@pytest.fixture()
def orgs(db, make_user):
    city = Organization(name="市人社局", kind="ORGANIZER")
    electrician = Occupation(code="6-31-01-03", name="电工")
    db.session.add_all([city, electrician])
    db.session.commit()
    user = make_user(username="city")
    user.roles = [RoleAssignment(role="ORGANIZER", organization_id=city.id)]
    db.session.commit()
    return {"city": user, "city_org": city, "electrician": electrician}


def _project(api, competition_id, electrician, **extra):
    response = api.post(f"/api/v1/competitions/{competition_id}/projects", json={
        "occupation_id": electrician.id, "group": "EMPLOYEE", "name": "电工（职工组）", **extra})
    assert response.status_code == 201, response.json
    return response.json


@pytest.mark.parametrize(
    ("municipality", "region", "preset"),
    [(True, "天津市", "MUNICIPALITY_CLASS_1"), (False, "唐山市", "PREFECTURE_CITY")],
)
def test_municipal_contest_takes_its_layer(client, login, orgs, municipality, region, preset):
    api = login(orgs["city"])
    comp = api.post("/api/v1/competitions", json=comp_body(
        orgs["city_org"], tier="MUNICIPAL", name="市赛", region=region,
        is_municipality=municipality, once_a_year=False)).json
    assert (comp["is_municipality"], comp["once_a_year"]) == (municipality, False)
    project = _project(api, comp["id"], orgs["electrician"])
    assert project["promotion_preset"] == preset


def test_presets_name_their_sources(client, login, orgs):
    presets = {p["code"]: p for p in login(orgs["city"]).get("/api/v1/presets").json}
    tianjin = presets["MUNICIPALITY_CLASS_1"]
    assert (tianjin["layer"], tianjin["year"]) == ("PROVINCIAL", 2024)
    assert "天津" in tianjin["issuer"] and tianjin["document"]
    city = presets["PREFECTURE_CITY"]
    assert city["layer"] == "MUNICIPAL" and "石家庄" in city["issuer"]
    assert [r["pass_gate"] for r in presets["NATIONAL_GENERAL"]["rows"]] == [False, False, True]


def test_project_age_range_and_honour_bar(client, login, orgs):
    api = login(orgs["city"])
    comp = api.post("/api/v1/competitions", json=comp_body(orgs["city_org"], tier="MUNICIPAL")).json
    project = _project(api, comp["id"], orgs["electrician"], min_age=18, max_age=50,
                       barred_honours=["CHINA_SKILLS_AWARD", "MUNICIPAL_TECHNICAL_EXPERT"])
    assert (project["min_age"], project["max_age"]) == (18, 50)
    assert project["barred_honours"] == ["CHINA_SKILLS_AWARD", "MUNICIPAL_TECHNICAL_EXPERT"]
    bad = api.post(f"/api/v1/competitions/{comp['id']}/projects", json={
        "occupation_id": orgs["electrician"].id, "group": "STUDENT", "name": "电工（学生组）",
        "min_age": 40, "max_age": 30})
    assert bad.status_code == 422 and bad.json["error"]["field"] == "max_age"


def test_rows_carry_gate_condition_and_title_template(client, login, orgs):
    api = login(orgs["city"])
    comp = api.post("/api/v1/competitions", json=comp_body(orgs["city_org"], tier="MUNICIPAL")).json
    project = _project(api, comp["id"], orgs["electrician"])
    url = f"/api/v1/projects/{project['id']}/promotion-rules"
    rows = [{"band": "2-10", "action": "ELIGIBLE_TO_APPLY", "target": "L2", "min_grade": "L3",
             "max_grade": "L3", "pass_gate": False},
            {"band": "1-1", "title_name": "{region}{occupation}技术状元",
             "title_state": "AUTO_GRANTED"}]
    saved = api.put(url, json={"rows": rows})
    assert saved.status_code == 200, saved.json
    first, second = saved.json["rows"]
    assert (first["pass_gate"], first["min_grade"], first["max_grade"]) == (False, "L3", "L3")
    assert (second["title_name"], second["title_tier"]) == ("{region}{occupation}技术状元",
                                                          "MUNICIPAL")
    rows[1]["title_name"] = "{city}技术状元"
    refused = api.put(url, json={"rows": rows})
    assert refused.status_code == 422
    assert refused.json["error"]["field"] == "rows[1].title_name"
    rows[1]["title_name"] = "技术状元"
    rows[0]["min_grade"] = "L2"
    refused = api.put(url, json={"rows": rows})
    assert refused.json["error"]["field"] == "rows[0].min_grade"
