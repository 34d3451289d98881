"""Organizer pages for issue #16: 直辖市 and once-a-year settings, age range, honour bar, rows."""

from __future__ import annotations

from datetime import date

import pytest

from app.models import Competition, Occupation, Organization, Project, RoleAssignment
from app.services.setup import competition_projects as projects
from app.services.setup import competitions as svc


@pytest.fixture()
def city(db, make_user):
    org = Organization(name="天津市人社局", kind="ORGANIZER")
    welder = Occupation(code="6-18-02-04", name="焊工")
    db.session.add_all([org, welder])
    db.session.commit()
    user = make_user(username="tj")
    user.roles = [RoleAssignment(role="ORGANIZER", organization_id=org.id)]
    db.session.commit()
    return {"org": org, "user": user, "welder": welder}


def test_competition_form_stores_municipality_and_once_a_year(city, login, db):
    client = login(city["user"])
    page = client.get("/organizer/competitions/new").get_data(as_text=True)
    assert "由直辖市主办" in page and "每人每年最多一次竞赛晋升" in page and "专项赛" in page
    response = client.post("/organizer/competitions/new", data={
        "name": "天津市职业技能大赛", "tier": "MUNICIPAL", "category": "GENERAL",
        "region": "天津市", "year": "2026", "organizer_id": str(city["org"].id),
        "parent_id": "0", "starts_on": "2026-06-01", "ends_on": "2026-06-02",
        "appeal_window_minutes": "120", "publication_working_days": "5",
        "public_visibility": "LIVE", "issuer_kind": "", "is_municipality": "y"})
    assert response.status_code == 302
    comp = db.session.query(Competition).one()
    assert (comp.is_municipality, comp.once_a_year) == (True, False)
    form = client.get(f"/organizer/competitions/{comp.id}/projects/new").get_data(as_text=True)
    assert '<option selected value="MUNICIPALITY_CLASS_1">' in form
    assert "天津市人力资源和社会保障局" in form  # the preset's source is shown where it is chosen


def test_project_form_age_range_and_rules_page(city, login, db):
    user = city["user"]
    comp = svc.create_competition(user, svc.CompetitionData(
        name="唐山市职业技能大赛", tier="MUNICIPAL", category="CLASS_1", year=2026,
        organizer_id=city["org"].id, starts_on=date(2026, 9, 1), ends_on=date(2026, 9, 2),
        region="唐山市"))
    client = login(user)
    response = client.post(f"/organizer/competitions/{comp.id}/projects/new", data={
        "occupation_id": str(city["welder"].id), "group": "EMPLOYEE", "name": "焊工",
        "team_size": "1", "advances_to_id": "0", "quota": "0", "min_grade": "",
        "max_grade": "", "pass_mark": "60", "shares_ranks": "", "award_scheme":
        "MEDALS_PLUS_MERIT", "promotion_preset": "PREFECTURE_CITY", "min_age": "18",
        "max_age": "50", "barred_honours": ["CHINA_SKILLS_AWARD",
                                            "MUNICIPAL_TECHNICAL_EXPERT"]})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    project = db.session.query(Project).one()
    assert (project.min_age, project.max_age) == (18, 50)
    assert project.barred_honours == ["CHINA_SKILLS_AWARD", "MUNICIPAL_TECHNICAL_EXPERT"]
    page = client.get(f"/organizer/projects/{project.id}/rules").get_data(as_text=True)
    assert "石家庄市人力资源和社会保障局" in page
    assert 'value="{region}{occupation}技术状元"' in page and "须合格" in page


def test_editing_a_project_keeps_the_settings(city, login, db):
    user = city["user"]
    comp = svc.create_competition(user, svc.CompetitionData(
        name="赛", tier="COUNTY", category="SPECIAL", year=2026, organizer_id=city["org"].id,
        starts_on=date(2026, 9, 1), ends_on=date(2026, 9, 2)))
    project = projects.create_project(user, comp.id, projects.ProjectData(
        occupation_id=city["welder"].id, group="EMPLOYEE", name="焊工", min_age=18,
        barred_honours=["CHINA_SKILLS_AWARD"]))
    assert project.promotion_preset == "ENTERPRISE"
    page = login(user).get(f"/organizer/projects/{project.id}/edit").get_data(as_text=True)
    assert 'value="18"' in page and 'selected value="CHINA_SKILLS_AWARD"' in page
