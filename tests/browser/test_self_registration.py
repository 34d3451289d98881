"""A visitor creates a contestant account, registers and sees every eligibility reason."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from tests.browser.conftest import PHONE
from tests.registration_data import NOW, id_number

# The data sits around the literal NOW (registration window, age): the app reads that clock.
pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("frozen_clock")]


def test_self_registration_shows_eligibility_reasons(live_server, new_page, screenshot):
    from tests.registration_data import make_competition

    live_server.seed(lambda: make_competition(name="2026年沧州市焊工技能大赛").id)
    page = new_page(viewport=PHONE)
    page.goto(f"{live_server.url}/registrations/signup")
    page.locator("input[name=username]").fill("xiaoming")
    page.locator("input[name=display_name]").fill("王小明")
    page.locator("input[name=password]").fill("Welder-2026!")
    page.locator("input[name=confirm]").fill("Welder-2026!")
    screenshot(page, "1-signup")
    page.get_by_role("button", name="创建账号").click()
    page.wait_for_url(f"{live_server.url}/registrations/register")

    id_box = page.locator("input[name=id_number]")
    id_box.fill("110101199003070012")
    feedback = page.locator("#id-feedback")
    feedback.locator("text=校验码").wait_for()
    screenshot(page, "2-bad-id-live")
    # A 15-year-old: too young on the contest day, and not in the employee group.
    young = id_number(birth=(NOW - timedelta(days=365 * 15)).date())
    id_box.fill(young)
    feedback.locator(f"text={young[6:10]}").wait_for()
    assert "text-success" in (feedback.get_attribute("class") or "")
    page.locator("input[name=name]").fill("王小明")
    page.locator("input[name=phone]").fill("13612345678")
    page.locator("select[name=group]").select_option("EMPLOYEE")
    page.locator("input[name=organization_name]").fill("沧州技师学院")
    page.get_by_role("checkbox", name=re.compile("电工（学生组）.*焊工技能大赛")).check()
    page.get_by_role("button", name="核查参赛资格").click()
    reasons = page.locator("#eligibility .jx-reasons li")
    reasons.first.wait_for()
    codes = set(reasons.evaluate_all("items => items.map(i => i.dataset.code)"))
    assert {"eligibility.age_min", "eligibility.group"} <= codes
    assert page.locator("#eligibility .badge.text-bg-danger").is_visible()
    screenshot(page, "3-eligibility-reasons")

    page.get_by_role("button", name="提交报名").click()
    page.wait_for_url(f"{live_server.url}/registrations/mine")
    card = page.locator("[data-registration]")
    assert card.count() == 1
    assert "未满16周岁" in card.inner_text() or "未满" in card.inner_text()
    screenshot(page, "4-my-registrations")

    # Withdrawing asks first, by keyboard: Escape keeps the registration, confirming withdraws.
    withdraw = card.get_by_role("button", name="退出报名")
    withdraw.focus()
    page.keyboard.press("Enter")
    dialog = page.locator("#jx-confirm[open]")
    dialog.wait_for()
    assert "电工（学生组）" in dialog.inner_text() and "不可撤销" in dialog.inner_text()
    assert page.evaluate("document.activeElement.id") == "jx-confirm-cancel"
    screenshot(page, "5-confirm-withdraw")
    page.keyboard.press("Escape")
    dialog.wait_for(state="detached")
    assert page.evaluate("document.activeElement.textContent.trim()") == "退出报名"
    assert page.url == f"{live_server.url}/registrations/mine"
    page.keyboard.press("Enter")
    dialog.wait_for()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "jx-confirm-ok"
    page.keyboard.press("Enter")
    page.locator(".alert-info").wait_for()
    assert "已退出该报名" in page.locator(".alert-info").inner_text()
