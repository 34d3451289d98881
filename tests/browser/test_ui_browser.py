"""The home page and role home in a real browser, on a phone and a tablet-sized screen."""

from __future__ import annotations

import pytest

from tests.browser.conftest import PHONE, TABLET

pytestmark = pytest.mark.browser


def test_home_in_chinese_then_english_then_organizer_dashboard(live_server, new_page,
                                                               screenshot):
    from tests.factories import PASSWORD, create_user

    live_server.seed(lambda: create_user("ORGANIZER", username="organizer1",
                                         display_name="王组织"))

    phone = new_page(viewport=PHONE)
    phone.goto(live_server.url + "/")
    assert phone.locator("html").get_attribute("lang") == "zh-CN"
    assert phone.get_by_role("heading", level=1).inner_text().startswith("匠心")
    # On a phone the menu collapses behind the toggler.
    toggler = phone.get_by_role("button", name="展开或收起导航")
    assert toggler.is_visible()
    screenshot(phone, "1-phone-home-zh")
    toggler.click()
    # Bootstrap swaps "collapsing" for "show" when the slide-down animation ends.
    phone.locator("#jx-nav.show").wait_for()
    screenshot(phone, "2-phone-menu-open")

    page = new_page(viewport=TABLET)
    page.goto(live_server.url + "/")
    assert page.get_by_role("link", name="登录").first.is_visible()
    assert page.locator(".jx-lang .active").inner_text() == "中文"
    screenshot(page, "3-tablet-home-zh")

    page.get_by_role("link", name="English").click()
    page.wait_for_url(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator(".jx-lang .active").inner_text() == "English"
    screenshot(page, "4-tablet-home-en")

    page.get_by_role("link", name="Log in").first.click()
    page.locator("input[name=username]").fill("organizer1")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form").get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server.url + "/home")
    assert "Hello, 王组织" in page.get_by_role("heading", level=1).inner_text()
    assert page.get_by_role("heading", name="Organizer").is_visible()
    assert page.get_by_text("No competitions in your scope yet.").is_visible()
    screenshot(page, "5-tablet-dashboard-en")

    # The user menu holds the log-out form; logging out returns to the landing page.
    page.get_by_role("button", name="王组织").click()
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(live_server.url + "/")
    assert page.get_by_role("link", name="Log in").first.is_visible()


def _seed_contest_for(username: str) -> None:
    """Create a competition with registrations, and an admin who sees every card."""
    from datetime import date

    from app.extensions import db
    from app.models import Competition, Occupation, Organization, Person, Project, Registration
    from tests.factories import create_user

    org = Organization(name=f"{username} 市人社局", kind="ORGANIZER")
    occupation = Occupation(code=f"{username}-6-31", name="电工")
    db.session.add_all([org, occupation])
    db.session.flush()
    competition = Competition(
        name="2026 年市职工职业技能大赛", tier="MUNICIPAL", category="CLASS_2", year=2026,
        organizer_id=org.id, starts_on=date(2026, 6, 1), ends_on=date(2026, 6, 2),
    )
    project = Project(competition=competition, occupation_id=occupation.id, group="EMPLOYEE",
                      name="电工（职工组）", award_scheme="PERCENT")
    db.session.add_all([competition, project])
    db.session.flush()
    for i, status in enumerate(["SUBMITTED", "APPROVED", "APPROVED", "CHECKED_IN"]):
        person = Person(name=f"选手{i}", id_number=f"{username[:6]:0>6}19900101{i:03d}X"[-18:],
                        gender="M", birth_date=date(1990, 1, 1))
        db.session.add(person)
        db.session.flush()
        db.session.add(Registration(project_id=project.id, person_id=person.id,
                                    group="EMPLOYEE", status=status))
    db.session.commit()
    create_user("ADMIN", username=username, display_name="李管理")


def test_admin_dashboard_on_a_phone_in_chinese(live_server, new_page, screenshot):
    from tests.factories import PASSWORD

    live_server.seed(lambda: _seed_contest_for("admin1"))
    page = new_page(viewport=PHONE)
    page.goto(live_server.url + "/auth/login")
    page.locator("input[name=username]").fill("admin1")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form").get_by_role("button", name="登录").click()
    page.wait_for_url(live_server.url + "/home")
    assert page.get_by_role("heading", level=1).inner_text() == "李管理，您好"
    organizer = page.locator("section", has=page.get_by_role("heading", name="组织方"))
    assert "2026 年市职工职业技能大赛" in organizer.inner_text()
    assert "已审核 2" in organizer.inner_text()
    for heading in ("评分", "选手", "审批人", "仲裁员", "管理员"):
        assert page.get_by_role("heading", name=heading, exact=True).is_visible()
    # No horizontal scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "phone-dashboard-zh")
