"""The administrator changes an account's roles on /auth/users, after the confirm dialog."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.confirming import accept_confirm
from tests.browser.full_contest_helpers import Watchdog, log_in

pytestmark = [pytest.mark.browser]


def test_admin_changes_roles_with_confirmation(live_server, new_page, screenshot):
    tag = uuid.uuid4().hex[:6]

    def make() -> None:
        from tests.factories import create_user

        create_user("ADMIN", username=f"root-{tag}", display_name="管理员")
        create_user("JUDGE", username=f"staff-{tag}", display_name="工作人员甲")

    live_server.seed(make)
    watchdog = Watchdog()
    page = watchdog.watch(new_page(), "admin")
    log_in(page, live_server.url, f"root-{tag}")
    page.goto(f"{live_server.url}/auth/users?q={tag}")
    row = page.locator("tr", has_text=f"staff-{tag}")
    row.locator("summary").click()
    row.get_by_label("审批人", exact=True).check()
    row.get_by_label("裁判员", exact=True).uncheck()
    screenshot(page, "01-roles-ticked")
    row.get_by_role("button", name="保存角色").click()
    expect(page.locator("#jx-confirm-text")).to_contain_text(f"staff-{tag}")
    accept_confirm(page)
    expect(page.locator(".alert-success")).to_contain_text(f"已保存 staff-{tag} 的角色")
    roles = page.locator("tr", has_text=f"staff-{tag}").locator("td[data-roles]")
    expect(roles).to_have_attribute("data-roles", "APPROVER")
    expect(roles).to_contain_text("审批人")
    screenshot(page, "02-roles-saved")

    own = page.locator("tr", has_text=f"root-{tag}")
    own.locator("summary").click()
    own.get_by_label("管理员", exact=True).uncheck()
    own.get_by_role("button", name="保存角色").click()
    accept_confirm(page)
    expect(page.locator(".alert")).to_contain_text("不能取消自己的管理员角色")
    expect(page.locator("tr", has_text=f"root-{tag}").locator("td[data-roles]")
           ).to_have_attribute("data-roles", "ADMIN")
    screenshot(page, "03-own-admin-kept")
    watchdog.check("end")
