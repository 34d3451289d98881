"""The organizing-body, staff and checklist pages (organizer)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from tests.outcome_factories import id_number


@pytest.fixture()
def setup(db: Any, make_user: Any) -> dict[str, Any]:
    from app.models import Competition, Occupation, Organization, Project

    body = Organization(name="烟台市人社局", kind="HRSS", region_code="370600")
    occupation = Occupation(code="6-18-02-04", name="焊工")
    db.session.add_all([body, occupation])
    db.session.flush()
    competition = Competition(name="烟台市焊工大赛", tier="MUNICIPAL", category="CLASS_2",
                              year=2026, organizer_id=body.id, starts_on=date(2026, 5, 20),
                              ends_on=date(2026, 5, 21))
    db.session.add(competition)
    db.session.flush()
    project = Project(competition_id=competition.id, occupation_id=occupation.id,
                      group="EMPLOYEE", name="焊工职工组", award_scheme="MEDALS_PLUS_MERIT")
    db.session.add(project)
    organizer = make_user("ORGANIZER", username="org")
    organizer.roles[0].organization_id = body.id
    admin = make_user("ADMIN", username="root")
    db.session.commit()
    return {"competition": competition, "project": project, "organizer": organizer,
            "body": body, "admin": admin}


def test_admin_adds_a_body_and_an_organizer_from_the_pages(client: Any, setup: Any,
                                                           login: Any) -> None:
    from app.models import Organization

    login(setup["admin"])
    assert client.get("/organizer/bodies").status_code == 200
    answer = client.post("/organizer/bodies", data={
        "name": "福山区人社局", "kind": "HRSS", "region_code": "370611", "site_serial": "",
        "region": "", "parent_id": setup["body"].id})
    assert answer.status_code == 303
    child = Organization.query.filter_by(name="福山区人社局").one()
    assert child.parent_id == setup["body"].id
    bad = client.post("/organizer/bodies", data={
        "name": "坏代码", "kind": "HRSS", "region_code": "999999", "parent_id": 0})
    assert bad.status_code == 303 and Organization.query.filter_by(name="坏代码").count() == 0
    page = client.post(f"/organizer/bodies/{child.id}/organizers",
                       data={"username": "fushan_org", "display_name": "福山组织者"})
    assert page.status_code == 200 and "fushan_org" in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"


def test_organizer_adds_staff_from_the_page(client: Any, setup: Any, login: Any) -> None:
    from app.models import User

    login(setup["organizer"])
    url = f"/organizer/competitions/{setup['competition'].id}/staff"
    assert client.get(url).status_code == 200
    page = client.post(url, data={
        "role": "CHIEF_JUDGE", "username": "chief_wang", "name": "王裁判长",
        "id_number": id_number(7), "qualification_level": "PROVINCIAL",
        "certificate_no": "C-7", "expires_on": "2027-01-01",
        "project_ids": [setup["project"].id]})
    assert page.status_code == 200, page.get_data(as_text=True)[:500]
    assert "chief_wang" in page.get_data(as_text=True)
    assert User.query.filter_by(username="chief_wang").one().person.name == "王裁判长"
    listing = client.get(url).get_data(as_text=True)
    assert "王裁判长" in listing and "焊工职工组" in listing


def test_competition_page_shows_the_checklist_with_links(client: Any, setup: Any,
                                                         login: Any) -> None:
    login(setup["organizer"])
    html = client.get(f"/organizer/competitions/{setup['competition'].id}").get_data(
        as_text=True)
    assert 'id="jx-checklist"' in html
    assert 'data-code="competition.registration_window"' in html
    assert f"/schemes/projects/{setup['project'].id}/judges" in html


def test_checklist_api_lists_what_is_missing(client: Any, setup: Any, login: Any,
                                             db: Any) -> None:
    login(setup["organizer"])
    url = f"/api/v1/competitions/{setup['competition'].id}/checklist"
    body = client.get(url).json
    state = {i["code"]: i["ok"] for i in body["items"]}
    assert state["competition.projects"] is True
    assert state["competition.registration_window"] is False
    assert state["competition.site_serial"] is False
    assert state["project.chief_judge"] is False and state["project.scheme"] is False
    assert body["ready_for_registration"] is False and body["ready_for_judging"] is False
    window = next(i for i in body["items"] if i["code"] == "competition.registration_window")
    assert window["fix_url"].endswith(f"/competitions/{setup['competition'].id}/edit")
    competition = setup["competition"]
    competition.registration_opens_at = datetime(2026, 4, 1, tzinfo=UTC)
    competition.registration_closes_at = datetime(2026, 5, 1, tzinfo=UTC)
    setup["body"].site_serial = "000123"
    db.session.commit()
    assert client.get(url).json["ready_for_registration"] is True


def test_organizer_renews_a_qualification_from_the_page(client: Any, setup: Any,
                                                        login: Any) -> None:
    from app.models import JudgeQualification, User

    login(setup["organizer"])
    url = f"/organizer/competitions/{setup['competition'].id}/staff"
    client.post(url, data={"role": "JUDGE", "username": "judge_li", "name": "李裁判",
                           "id_number": id_number(8), "qualification_level": ""})
    user = User.query.filter_by(username="judge_li").one()
    assert "judge_li" in client.get(url).get_data(as_text=True)
    answer = client.post(f"{url}/{user.id}/qualification",
                         data={"level": "MUNICIPAL", "certificate_no": "SJ-8",
                               "expires_on": "2028-06-30"})
    assert answer.status_code == 303
    row = JudgeQualification.query.one()
    assert (row.level, row.certificate_no, str(row.expires_on)) == (
        "MUNICIPAL", "SJ-8", "2028-06-30")
