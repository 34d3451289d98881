"""An organizer sets up a municipal contest feeding a provincial one, in a real browser."""

from __future__ import annotations

import pytest

from tests.browser.conftest import PHONE, TABLET
from tests.browser.full_contest_helpers import accept_link_request, log_in

pytestmark = pytest.mark.browser


def _seed_provincial() -> None:
    """A provincial contest with an electrician project, and a city organizer below it."""
    from datetime import date

    from app.extensions import db
    from app.models import Occupation, Organization, RoleAssignment
    from app.services.setup import competition_projects as projects
    from app.services.setup import competitions as svc
    from tests.factories import create_user

    province = Organization(name="河北省人社厅（浏览器）", kind="ORGANIZER")
    db.session.add(province)
    db.session.flush()
    city = Organization(name="唐山市人社局（浏览器）", kind="ORGANIZER", parent_id=province.id)
    electrician = Occupation(code="B-6-31-01-03", name="电工")
    db.session.add_all([city, electrician])
    db.session.commit()
    admin = create_user("ADMIN", username="setup-admin")
    provincial = svc.create_competition(admin, svc.CompetitionData(
        name="河北省职业技能大赛", tier="PROVINCIAL", category="CLASS_1", year=2026,
        organizer_id=province.id, starts_on=date(2026, 9, 1), ends_on=date(2026, 9, 3)))
    projects.create_project(admin, provincial.id, projects.ProjectData(
        occupation_id=electrician.id, group="EMPLOYEE", name="电工（职工组）"))
    organizer = create_user(username="city-organizer", display_name="赵组织")
    organizer.roles = [RoleAssignment(role="ORGANIZER", organization_id=city.id)]
    provincial_organizer = create_user(username="province-organizer", display_name="钱组织")
    provincial_organizer.roles = [RoleAssignment(role="ORGANIZER", organization_id=province.id)]
    db.session.commit()


def test_organizer_sets_up_a_feeding_contest(live_server, new_page, screenshot):
    from tests.factories import PASSWORD

    live_server.seed(_seed_provincial)
    page = new_page(viewport=TABLET)
    page.goto(live_server.url + "/auth/login")
    page.locator("input[name=username]").fill("city-organizer")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form").get_by_role("button", name="登录").click()
    page.wait_for_url(live_server.url + "/home")

    # The role navigation leads to the competitions page.
    page.locator("#jx-nav").get_by_role("link", name="赛事", exact=True).click()
    page.wait_for_url(live_server.url + "/organizer/")
    page.get_by_role("link", name="新建赛事").first.click()

    page.get_by_label("名称").fill("唐山市职业技能大赛")
    page.get_by_label("级别").select_option("MUNICIPAL")
    page.get_by_label("地区").fill("河北省唐山市")
    page.get_by_label("年份").fill("2026")
    page.get_by_label("衔接的上级赛事").select_option(label="河北省职业技能大赛 · 省级 · 2026")
    page.get_by_label("报名开始").fill("2026-04-01T09:00")
    page.get_by_label("报名截止").fill("2026-05-01T17:00")
    page.get_by_label("比赛首日").fill("2026-06-01")
    page.get_by_label("比赛末日").fill("2026-06-02")
    page.get_by_label("等级证书发证机构类型").select_option("S")
    page.get_by_label("评价机构代码（4 位数字）").fill("1302")
    page.get_by_label("省份代码（2 位数字）").fill("13")
    page.get_by_label("评价机构（站点）序列码（6 位数字）").fill("000126")
    screenshot(page, "1-new-competition")
    page.get_by_role("button", name="保存").click()
    page.get_by_text("赛事已创建，请添加赛项。").wait_for()
    assert page.get_by_role("heading", level=1).inner_text() == "唐山市职业技能大赛"
    # The provincial contest is another organizer's: the link waits for their yes.
    assert "等待" in page.locator("[data-pending-links]").inner_text()
    screenshot(page, "2-competition")
    province = new_page(viewport=TABLET)
    log_in(province, live_server.url, "province-organizer")
    accept_link_request(province, live_server.url)
    page.reload()

    page.get_by_role("link", name="新建赛项").click()
    page.get_by_label("职业（工种）", exact=True).select_option(label="电工（B-6-31-01-03）")
    page.get_by_label("名称").fill("电工（职工组）")
    page.get_by_label("衔接的赛项").select_option(label="电工（职工组） — 河北省职业技能大赛")
    page.get_by_label("晋级名额").fill("3")
    page.get_by_label("奖项方案").select_option("PERCENT_PRIZES")
    page.get_by_label("一等奖").fill("10")
    page.get_by_label("二等奖").fill("20")
    page.get_by_label("三等奖").fill("30")
    assert page.get_by_label("晋升规则预设").input_value() == "PREFECTURE_CITY"
    screenshot(page, "3-new-project")
    page.get_by_role("button", name="保存").click()
    page.get_by_text("赛项已创建，并复制了预设的晋升规则。").wait_for()

    # The rows came from a [LOCAL] preset; a bad band is refused by row and field.
    first = page.locator("tr[data-row='1']")
    assert first.locator(".jx-source").inner_text() == "LOCAL"
    first.get_by_label("名次区间").fill("1-十")
    page.get_by_role("button", name="保存规则").click()
    error = first.locator(".invalid-feedback")
    assert "不是有效的名次区间" in error.inner_text()
    assert "第 1 行，名次区间" in page.locator(".alert-danger").inner_text()
    screenshot(page, "4-rules-error")
    first.get_by_label("名次区间").fill("1-8")
    page.get_by_role("button", name="保存规则").click()
    page.get_by_text("晋升规则已保存。").wait_for()
    first = page.locator("tr[data-row='1']")
    assert first.get_by_label("名次区间").input_value() == "1-8"
    assert first.locator(".jx-source").inner_text() == "已修改"
    assert page.locator("tr[data-row='2'] .jx-source").inner_text() == "LOCAL"
    screenshot(page, "5-rules-saved")
    # Feeding the provincial project is a second request the provincial organizer accepts.
    accept_link_request(province, live_server.url)

    # The tree shows the municipal contest, what it feeds and where its project goes.
    page.get_by_role("link", name="赛事", exact=True).first.click()
    node = page.locator(".jx-tree-node").first
    assert "唐山市职业技能大赛" in node.inner_text()
    assert "衔接： 河北省职业技能大赛 (省级)" in node.inner_text()
    assert "前 3 名进入 电工（职工组）（河北省职业技能大赛）" in node.inner_text()
    screenshot(page, "6-tree")

    phone = new_page(viewport=PHONE)
    phone.context.add_cookies(page.context.cookies())
    phone.goto(page.url)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(phone, "7-tree-phone")
