"""Organizer set-up pages: Chinese forms, field errors, scope as 404, the pyramid tree."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from app.models import Competition, Occupation, Organization, Project, RoleAssignment
from app.services.identity import link_requests
from app.services.setup import competition_projects as projects
from app.services.setup import competitions as svc


@pytest.fixture()
def setup(db, make_user):
    province = Organization(name="省人社厅", kind="ORGANIZER")
    db.session.add(province)
    db.session.flush()
    city = Organization(name="市人社局", kind="ORGANIZER", parent_id=province.id)
    electrician = Occupation(code="6-31-01-03", name="电工")
    db.session.add_all([city, electrician])
    db.session.commit()
    prov = make_user(username="prov")
    prov.roles = [RoleAssignment(role="ORGANIZER", organization_id=province.id)]
    city_org = make_user(username="cityorg")
    city_org.roles = [RoleAssignment(role="ORGANIZER", organization_id=city.id)]
    db.session.commit()
    from datetime import date

    provincial = svc.create_competition(prov, svc.CompetitionData(
        name="省职业技能大赛", tier="PROVINCIAL", category="CLASS_1", year=2026,
        organizer_id=province.id, starts_on=date(2026, 9, 1), ends_on=date(2026, 9, 3)))
    target = projects.create_project(prov, provincial.id, projects.ProjectData(
        occupation_id=electrician.id, group="EMPLOYEE", name="电工（职工组）"))
    return {"province": province, "city": city, "electrician": electrician, "prov": prov,
            "city_org": city_org, "provincial": provincial, "target": target}


def competition_form(setup, **changes):
    data = {
        "name": "市职业技能大赛", "tier": "MUNICIPAL", "category": "CLASS_1", "region": "唐山",
        "year": "2026", "organizer_id": str(setup["city"].id),
        "parent_id": str(setup["provincial"].id),
        "registration_opens_at": "2026-04-01T09:00", "registration_closes_at": "2026-05-01T17:00",
        "starts_on": "2026-06-01", "ends_on": "2026-06-02", "appeal_window_minutes": "120",
        "publication_working_days": "5", "public_visibility": "LIVE", "mask_names": "y",
        "issuer_kind": "S", "issuer_body_code": "1301", "issuer_province_code": "13",
        "issuer_site_serial": "000126",
    }
    data.update(changes)
    return data


def test_new_competition_form_is_chinese(setup, login):
    client = login(setup["city_org"])
    page = client.get("/organizer/competitions/new").get_data(as_text=True)
    assert "新建赛事" in page and "报名开始" in page and "省职业技能大赛" in page
    assert "市人社局" in page and "省人社厅" not in page.split('id="organizer_id"')[1][:400]


def test_create_competition_stores_beijing_time_as_utc(setup, login, db):
    client = login(setup["city_org"])
    response = client.post("/organizer/competitions/new", data=competition_form(setup))
    assert response.status_code == 302
    comp = db.session.query(Competition).filter_by(name="市职业技能大赛").one()
    assert comp.registration_opens_at == datetime(2026, 4, 1, 1, 0, tzinfo=UTC)
    # The province's competition is outside the city's scope: linked once the province accepts.
    assert comp.parent_id is None
    _accept_all(setup["prov"], comp.id)
    assert comp.parent_id == setup["provincial"].id
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "市职业技能大赛" in page and "S130113000126" in page
    # The edit form shows the time back in Beijing time.
    edit = client.get(f"/organizer/competitions/{comp.id}/edit").get_data(as_text=True)
    assert 'value="2026-04-01T09:00"' in edit


def test_parent_of_same_tier_is_shown_on_its_field(setup, login, db):
    client = login(setup["prov"])
    response = client.post("/organizer/competitions/new", data=competition_form(
        setup, tier="PROVINCIAL", organizer_id=str(setup["province"].id)))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "所衔接的上级赛事的级别必须更高" in page
    assert db.session.query(Competition).count() == 1


def test_bad_fields_are_explained_in_chinese(setup, login):
    client = login(setup["city_org"])
    page = client.post("/organizer/competitions/new", data=competition_form(
        setup, name="", issuer_body_code="12")).get_data(as_text=True)
    assert "请修正下面标出的字段" in page
    assert "此字段为必填项" in page or "必填" in page


def test_scope_hides_other_competitions(setup, login):
    client = login(setup["city_org"])
    comp_id = setup["provincial"].id
    assert client.get(f"/organizer/competitions/{comp_id}").status_code == 404
    assert client.get(f"/organizer/competitions/{comp_id}/edit").status_code == 404
    assert client.get(f"/organizer/projects/{setup['target'].id}/rules").status_code == 404
    assert client.get("/organizer/competitions/999999").status_code == 404


def test_project_and_rules_pages(setup, login, db):
    client = login(setup["city_org"])
    client.post("/organizer/competitions/new", data=competition_form(setup))
    comp = db.session.query(Competition).filter_by(name="市职业技能大赛").one()
    _accept_all(setup["prov"], comp.id)
    page = client.get(f"/organizer/competitions/{comp.id}/projects/new").get_data(as_text=True)
    assert "衔接的赛项" in page and "电工（职工组） — 省职业技能大赛" in page
    assert '<option selected value="PREFECTURE_CITY">' in page
    response = client.post(f"/organizer/competitions/{comp.id}/projects/new", data={
        "occupation_id": str(setup["electrician"].id), "group": "EMPLOYEE", "name": "电工",
        "team_size": "1", "advances_to_id": str(setup["target"].id), "quota": "3",
        "min_grade": "", "max_grade": "", "pass_mark": "60", "shares_ranks": "",
        "award_scheme": "PERCENT_PRIZES", "first": "10", "second": "20", "third": "30",
        "promotion_preset": "MUNICIPALITY_CLASS_1"})
    assert response.status_code == 302
    project = db.session.query(Project).filter_by(competition_id=comp.id).one()
    assert project.award_params == {"percents": ["0.1", "0.2", "0.3"]}
    _accept_all(setup["prov"], comp.id)
    rules_page = client.get(f"/organizer/projects/{project.id}/rules").get_data(as_text=True)
    assert "晋升规则" in rules_page and "LOCAL" in rules_page
    # A bad band is refused, named by row and field, and nothing changes.
    form = _rules_form(rules_page)
    form["rows-0-band"] = "1-十"
    response = client.post(f"/organizer/projects/{project.id}/rules", data=form)
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "第 1 行" in text and "名次区间" in text
    form["rows-0-band"] = "1-8"
    assert client.post(f"/organizer/projects/{project.id}/rules", data=form).status_code == 302
    db.session.refresh(project)
    assert project.promotion_rules[0]["band"]["end"] == 8
    tree = client.get("/organizer/").get_data(as_text=True)
    assert "省职业技能大赛" in tree and "市职业技能大赛" in tree and "前 3 名进入" in tree


def _accept_all(owner, competition_id: int) -> None:
    """Accept, as the province, every link request the city's competition filed."""
    from app.extensions import db

    for request in link_requests.pending_for_competition(competition_id):
        link_requests.accept_link_request(owner, request.id, now=datetime.now(UTC))
    db.session.expire_all()


def _rules_form(page: str) -> dict[str, str]:
    """Collect the rule rows' current values from the page."""
    data: dict[str, str] = {"save": "1"}
    for name, value in re.findall(r'name="(rows-\d+-\w+)"[^>]*value="([^"]*)"', page):
        if not name.endswith("-remove"):  # an unticked box is not sent
            data[name] = value
    for name, body in re.findall(r'<select[^>]*name="(rows-\d+-\w+)"[^>]*>(.*?)</select>', page,
                                 re.S):
        chosen = re.search(r'<option selected value="([^"]*)"|<option value="([^"]*)" selected',
                           body)
        data[name] = next(g for g in chosen.groups() if g is not None) if chosen else ""
    return data


def test_edit_project_and_add_a_blank_row(setup, login, db):
    client = login(setup["prov"])
    project = setup["target"]
    page = client.get(f"/organizer/projects/{project.id}/edit").get_data(as_text=True)
    assert "编辑赛项" in page and 'value="电工（职工组）"' in page
    assert "晋升规则预设" not in page  # changed on the rules page only
    response = client.post(f"/organizer/projects/{project.id}/edit", data={
        "occupation_id": str(setup["electrician"].id), "group": "EMPLOYEE",
        "name": "电工（职工组）", "team_size": "1", "advances_to_id": "0", "quota": "0",
        "min_grade": "L4", "max_grade": "", "pass_mark": "60", "shares_ranks": "1",
        "award_scheme": "FIXED_COUNT", "first": "2", "second": "4", "third": "6",
        "venue": "石家庄实训基地", "starts_at": "2026-09-01T08:30"})
    assert response.status_code == 302
    db.session.refresh(project)
    assert project.award_params == {"counts": [2, 4, 6]} and project.shares_ranks is True
    assert project.starts_at == datetime(2026, 9, 1, 0, 30, tzinfo=UTC)
    rules_page = client.get(f"/organizer/projects/{project.id}/rules").get_data(as_text=True)
    form = _rules_form(rules_page)
    rows = len({k.split("-")[1] for k in form if k.startswith("rows-")})
    form.pop("save")
    form["add"] = "1"
    page = client.post(f"/organizer/projects/{project.id}/rules", data=form)
    assert page.status_code == 200
    assert f'name="rows-{rows}-band"' in page.get_data(as_text=True)


def _project_form(setup, **changes):
    data = {"occupation_id": str(setup["electrician"].id), "group": "EMPLOYEE",
            "name": "电工（职工组）", "team_size": "1", "advances_to_id": "0", "quota": "0",
            "pass_mark": "60", "shares_ranks": "", "award_scheme": "MEDALS_PLUS_MERIT",
            "min_grade": "", "max_grade": "", "min_age": "16"}
    data.update(changes)
    return data


def test_the_board_freeze_is_set_shown_refused_and_cleared_on_the_project_page(setup, login,
                                                                               db):
    from app.models import AuditEntry

    client = login(setup["prov"])
    project = setup["target"]
    url = f"/organizer/projects/{project.id}/edit"
    page = client.get(url).get_data(as_text=True)
    assert "公开榜单封榜时间" in page and 'name="board_freeze_at"' in page
    # The competition runs 2026-09-01 to 03; the project has no times of its own.
    refused = client.post(url, data=_project_form(setup, board_freeze_at="2026-09-04T10:00"))
    text = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert "封榜时间须在赛项时间之内：2026-09-01 00:00 至 2026-09-04 00:00（北京时间）" in text
    assert text.index("封榜时间须在赛项时间之内") > text.index('name="board_freeze_at"')
    db.session.refresh(project)
    assert project.board_freeze_at is None

    saved = client.post(url, data=_project_form(setup, board_freeze_at="2026-09-02T15:30"))
    assert saved.status_code == 302
    db.session.refresh(project)
    assert project.board_freeze_at == datetime(2026, 9, 2, 7, 30, tzinfo=UTC)
    assert 'value="2026-09-02T15:30"' in client.get(url).get_data(as_text=True)
    entry = db.session.query(AuditEntry).filter_by(action="project.update").one()
    assert "board_freeze_at" in entry.new

    assert client.post(url, data=_project_form(setup, board_freeze_at="")).status_code == 302
    db.session.refresh(project)
    assert project.board_freeze_at is None
