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
