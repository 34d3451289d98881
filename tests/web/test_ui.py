"""The base layout, role navigation, role home cards and error pages."""

from __future__ import annotations

from datetime import date

import pytest

from app.models import (
    Appeal,
    Competition,
    JudgeAssignment,
    Occupation,
    Organization,
    Person,
    Project,
    Registration,
    RoleAssignment,
)


@pytest.fixture()
def contest(db):  # noqa: ANN001, ANN201
    """One municipal competition with one project and three registrations."""
    org = Organization(name="市人社局", kind="ORGANIZER")
    occupation = Occupation(code="6-31-01-03", name="电工")
    db.session.add_all([org, occupation])
    db.session.flush()
    competition = Competition(
        name="2026 年市职工职业技能大赛", tier="MUNICIPAL", category="CLASS_2", year=2026,
        organizer_id=org.id, starts_on=date(2026, 6, 1), ends_on=date(2026, 6, 2),
    )
    project = Project(competition=competition, occupation_id=occupation.id, group="EMPLOYEE",
                      name="电工（职工组）", award_scheme="PERCENT")
    people = [
        Person(name=f"选手{i}", id_number=f"11010119900101{i:03d}X", gender="M",
               birth_date=date(1990, 1, 1))
        for i in range(3)
    ]
    db.session.add_all([competition, project, *people])
    db.session.flush()
    for person, status in zip(people, ["SUBMITTED", "APPROVED", "APPROVED"], strict=True):
        db.session.add(Registration(project_id=project.id, person_id=person.id,
                                    group="EMPLOYEE", status=status, ticket_no=f"T-{person.id}"))
    db.session.commit()
    return {"org": org, "competition": competition, "project": project, "people": people}


def _page(client, path: str = "/home") -> str:  # noqa: ANN001
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def test_landing_page_offers_log_in_and_explains_the_product(client):
    page = _page(client, "/")
    assert '<meta name="csrf-token"' in page
    assert 'name="viewport"' in page
    assert "匠心" in page
    assert 'href="/auth/login"' in page
    assert "/locale/en?next=/" in page


def test_logged_in_user_is_sent_to_the_role_home(make_user, login, client):
    login(make_user("JUDGE"))
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/home"


def test_role_home_needs_log_in(client):
    response = client.get("/home")
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]


def test_organizer_sees_their_competition_with_counts_by_status(contest, make_user, login,
                                                                 client):
    user = make_user()
    user.roles.append(RoleAssignment(role="ORGANIZER", organization_id=contest["org"].id))
    from app.extensions import db

    db.session.commit()
    page = _page(login(user))
    assert "2026 年市职工职业技能大赛" in page
    assert "1 个赛项" in page
    assert "3 份报名" in page
    assert "已提交 1" in page
    assert "已审核 2" in page
    # The log-out form posts with a CSRF token, never a GET link.
    assert 'action="/auth/logout"' in page
    assert 'name="csrf_token"' in page


def test_organizer_outside_scope_gets_an_empty_state(contest, make_user, login, client):
    other = Organization(name="另一市人社局", kind="ORGANIZER")
    from app.extensions import db

    db.session.add(other)
    db.session.commit()
    user = make_user()
    user.roles.append(RoleAssignment(role="ORGANIZER", organization_id=other.id))
    db.session.commit()
    page = _page(login(user))
    assert "2026 年市职工职业技能大赛" not in page
    assert "您的管理范围内还没有赛事" in page


def test_judge_sees_assigned_projects(contest, make_user, login, client):
    judge = make_user("JUDGE", "CHIEF_JUDGE")
    from app.extensions import db

    db.session.add(JudgeAssignment(project_id=contest["project"].id, user_id=judge.id,
                                   role="CHIEF_JUDGE"))
    db.session.commit()
    page = _page(login(judge))
    assert "电工（职工组）" in page
    assert "裁判长" in page
    assert "组织方" not in page  # no organizer card for a judge


def test_contestant_sees_own_registration_and_ticket(contest, make_user, login, client):
    person = contest["people"][1]
    page = _page(login(make_user("CONTESTANT", person_id=person.id)))
    assert "电工（职工组）" in page
    assert f"准考证 T-{person.id}" in page
    assert "已审核" in page


def test_contestant_without_registrations_reads_well(make_user, login, client):
    page = _page(login(make_user("CONTESTANT")))
    assert "您还没有报名任何赛项" in page


def test_arbitrator_and_approver_see_counts(contest, make_user, login, client):
    from app.extensions import db

    registration = db.session.query(Registration).first()
    filer = make_user("CONTESTANT")
    db.session.add(Appeal(project_id=contest["project"].id, registration_id=registration.id,
                          filed_by_id=filer.id, subject="SCORE", text="复核 A1"))
    db.session.commit()
    page = _page(login(make_user("ARBITRATOR", "APPROVER")))
    assert "件申诉待处理" in page
    assert "目前没有待审批的等级晋升" in page


def test_admin_sees_totals_and_every_card(contest, make_user, login, client):
    page = _page(login(make_user("ADMIN")))
    for heading in ("组织方", "评分", "选手", "审批人", "仲裁员", "管理员"):
        assert heading in page
    assert "2026 年市职工职业技能大赛" in page


def test_user_without_roles_is_told_what_to_do(make_user, login, client):
    page = _page(login(make_user()))
    assert "尚未分配角色" in page


def test_navigation_links_only_to_registered_endpoints(app, make_user, login, client):
    page = _page(login(make_user("ADMIN")))
    registered = {rule.rule for rule in app.url_map.iter_rules()}
    import re

    for href in re.findall(r'class="nav-link[^"]*" href="([^"]+)"', page):
        assert href.split("?")[0] in registered


def test_nav_link_appears_once_the_endpoint_exists(app):
    from app.web.context import first_url

    with app.test_request_context("/"):
        assert first_url("nowhere.index") is None
        assert first_url("nowhere.index", "public.home") == "/"
        # An endpoint that needs arguments cannot be linked without them.
        assert first_url("public.set_locale") is None


def test_forbidden_page_explains_and_offers_a_way_back(app, db):
    from werkzeug.exceptions import Forbidden

    from app.web.errors import handle_http_error

    with app.test_request_context("/organizer/secret"):
        page, status = handle_http_error(Forbidden())
    assert status == 403
    assert "无权访问" in page
    assert "联系赛事组织方" in page
    assert 'href="/auth/login?next=/organizer/secret"' in page


@pytest.mark.parametrize(("status", "title"), [(404, "页面不存在"), (405, "不支持的请求方式")])
def test_error_pages_are_html_in_chinese(client, status, title):
    response = client.get("/no-such-page") if status == 404 else client.post("/")
    assert response.status_code == status
    assert title in response.get_data(as_text=True)
