"""An organizer uploads a sheet with bad rows, sees every one, fixes the file and imports it."""

from __future__ import annotations

import pytest

from app.services.entry.registration_sheets import COLUMNS
from tests.browser.confirming import accept_confirm
from tests.documents.helpers import xlsx_bytes
from tests.registration_data import id_number

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("frozen_clock")]
HEADER = [c.header for c in COLUMNS]


def _row(name, number, phone="13912345678", group="职工组", project="电工（职工组）"):
    return [name, number, phone, "沧州恒通机械", "", group, project, "电工", "中级工", ""]


def test_import_error_report_fix_and_import(live_server, new_page, screenshot, tmp_path):
    from tests.factories import PASSWORD, create_user
    from tests.registration_data import make_competition

    def seed():
        from app.extensions import db
        from app.models import RoleAssignment

        competition = make_competition(name="2026年沧州市电工技能大赛")
        user = create_user(username="import-org", display_name="刘组织")
        user.roles = [RoleAssignment(role="ORGANIZER", organization_id=competition.organizer_id)]
        db.session.commit()
        return competition.id

    competition_id = live_server.seed(seed)
    good = [_row(f"选手{i}", id_number()) for i in range(5)]
    valid = id_number()
    bad_id, bad_phone = valid[:17] + ("1" if valid[17] != "1" else "2"), "12345"
    rows = [good[0], _row("错号", bad_id), good[1], _row("错手机", id_number(), phone=bad_phone),
            good[2], _row("学生", id_number(), group="学生组")]
    first = tmp_path / "名单.xlsx"
    first.write_bytes(xlsx_bytes([HEADER, *rows]))

    page = new_page()
    page.goto(f"{live_server.url}/auth/login")
    page.locator("input[name=username]").fill("import-org")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form").get_by_role("button", name="登录").click()
    page.goto(f"{live_server.url}/registrations/competitions/{competition_id}/import")
    screenshot(page, "1-import-page")
    page.locator("input[type=file]").set_input_files(str(first))
    page.get_by_role("button", name="上传并导入").click()
    accept_confirm(page)
    page.locator("#report-summary").wait_for()
    summary = page.locator("#report-summary").inner_text()
    assert "没有导入任何数据" in summary
    bad_rows = page.locator("table.jx-import-errors tbody tr")
    assert sorted({int(r) for r in bad_rows.evaluate_all(
        "rows => rows.map(r => r.dataset.row)")}) == [3, 5, 7]
    table = page.locator("table.jx-import-errors").inner_text()
    assert "校验码" in table and "手机" in table and "组别不符" in table
    screenshot(page, "2-report-with-bad-rows")

    fixed_rows = [good[0], _row("错号", id_number()), good[1], _row("错手机", id_number()),
                  good[2], _row("学生", id_number(), group="学生组", project="电工（学生组）")]
    fixed = tmp_path / "名单-已改正.xlsx"
    fixed.write_bytes(xlsx_bytes([HEADER, *fixed_rows]))
    page.locator("input[type=file]").set_input_files(str(fixed))
    page.get_by_role("button", name="上传并导入").click()
    accept_confirm(page)
    page.wait_for_url(f"{live_server.url}/registrations/competitions/{competition_id}")
    assert "6" in page.locator(".alert-success").inner_text()
    assert page.locator("tr[data-registration]").count() == 6
    screenshot(page, "3-imported-list")
