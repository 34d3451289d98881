"""An organizer filters, sorts, pages and exports the registration list, on a desk and a phone."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("frozen_clock")]
EXTRA = 40  # registrations beyond the twelve of the list world: T13 … T52


def _seed() -> int:
    from datetime import date

    from app.extensions import db
    from app.models import Person, Registration
    from tests.factories import create_user
    from tests.fixtures.lists import make_lists_world
    from tests.fixtures.people import id_number

    world = make_lists_world(create_user)
    project = world.mine.projects[0]
    for n in range(13, 13 + EXTRA):
        person = Person(name=f"选手{n}", id_number=id_number(serial=300 + n), gender="M",
                        birth_date=date(1990, 3, 7), organization_id=world.orgs[n % 2].id)
        db.session.add(Registration(project=project, person=person, group=project.group,
                                    organization_id=world.orgs[n % 2].id,
                                    status="APPROVED" if n % 3 else "SUBMITTED",
                                    ticket_no=f"T{n}", eligibility={"ok": True}))
    db.session.commit()
    return world.mine.id


def _log_in(page, url: str) -> None:
    from tests.factories import PASSWORD

    page.goto(f"{url}/auth/login")
    page.locator("input[name=username]").fill("list-org")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form").get_by_role("button", name="登录").click()
    page.wait_for_url(f"{url}/home")


def _tickets(page) -> list[str]:
    return page.locator("table.jx-registrations tbody tr[data-registration]").evaluate_all(
        "rows => rows.map(r => r.querySelectorAll('td')[6].querySelector('div').textContent"
        ".trim())")


def test_filter_page_and_export_registrations(live_server, new_page, screenshot):
    competition_id = live_server.seed(_seed)
    approved = sorted((f"T{n}" for n in range(1, 13 + EXTRA) if n % 3),
                      key=lambda t: int(t[1:]), reverse=True)

    page = new_page(viewport={"width": 1366, "height": 900})
    _log_in(page, live_server.url)
    page.goto(f"{live_server.url}/registrations/competitions/{competition_id}")
    bar = page.get_by_role("search")
    bar.locator("select[name=status]").select_option("APPROVED")
    bar.locator("select[name=sort]").select_option("-ticket_no")
    bar.locator("select[name=per_page]").select_option("20")
    bar.get_by_role("button", name="筛选").click()
    page.wait_for_url("**status=APPROVED**")
    total = page.locator("[data-total]").first
    assert total.get_attribute("data-total") == str(len(approved))
    assert _tickets(page) == approved[:20]
    screenshot(page, "1-filtered-1366")

    page.get_by_role("link", name="下一页").first.click()
    page.wait_for_url("**page=2**")
    assert "status=APPROVED" in page.url and "sort=-ticket_no" in page.url
    assert _tickets(page) == approved[20:40]
    assert page.locator('[aria-current="page"]', has_text="2").count() >= 1
    screenshot(page, "2-page-two-1366")

    with page.expect_download() as caught:
        page.locator("a[data-export]").click()
    sheet = load_workbook(io.BytesIO(Path(caught.value.path()).read_bytes())).active
    rows = list(sheet.iter_rows(values_only=True))
    column = rows[0].index("准考证号")
    assert [r[column] for r in rows[1:]] == approved  # every filtered row, the page's order

    phone = new_page(viewport={"width": 390, "height": 844})
    _log_in(phone, live_server.url)
    phone.goto(page.url)
    assert _tickets(phone) == approved[20:40]
    overflow = phone.evaluate("document.documentElement.scrollWidth")
    assert overflow <= 390, overflow  # the wide table scrolls inside its own box
    screenshot(phone, "3-page-two-390")

    tablet = new_page(viewport={"width": 1024, "height": 768})
    _log_in(tablet, live_server.url)
    tablet.goto(page.url)
    assert tablet.evaluate("document.documentElement.scrollWidth") <= 1024
    screenshot(tablet, "4-page-two-1024")

    # The other lists share the bar and pager and stay inside a phone's width too.
    for path, name in (("/people/?q=赵", "people"), ("/organizer/judges", "judges"),
                       ("/certificates/?sort=serial", "certificates"), ("/audit/", "audit"),
                       ("/appeals/", "appeals")):
        phone.goto(live_server.url + path)
        assert phone.get_by_role("search").is_visible(), path
        screenshot(phone, f"5-{name}-390")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390, path
