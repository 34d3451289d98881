"""Helpers for the browser tests (the full-contest ones first): seed data, a console/network
watchdog, log-in, QR decoding of downloaded PDFs, and the few spreadsheets users fill in by
hand."""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from tests.factories import PASSWORD

LOCAL = ZoneInfo("Asia/Shanghai")


@dataclass
class Watchdog:
    """Collect console errors, page errors, failed requests and 5xx answers of every page."""

    problems: list[str] = field(default_factory=list)
    quiet: set[int] = field(default_factory=set)  # pages allowed to fail (offline on purpose)

    def watch(self, page: Any, name: str) -> Any:
        """Attach the listeners to `page` and return it."""

        def record(kind: str, text: str) -> None:
            if id(page) not in self.quiet:
                self.problems.append(f"[{name}] {kind}: {text}")

        page.on("console", lambda m: m.type == "error" and record(
            "console", f"{m.text} @ {m.location.get('url', '')}"))
        page.on("pageerror", lambda e: record("pageerror", str(e)))
        page.on("requestfailed", lambda r: _aborted(r) or record(
            "requestfailed", f"{r.method} {r.url} {r.failure}"))
        page.on("response", lambda r: r.status >= 500 and record(
            "response", f"{r.status} {r.url}"))
        return page

    def check(self, step: str) -> None:
        """Fail the test when a page reported a problem (naming the step)."""
        assert not self.problems, f"browser problems by step {step}:\n" + "\n".join(self.problems)


def _aborted(request: Any) -> bool:
    """The browser itself cancelled it (a form submitted while a board fetch was in flight,
    a download link): not a failure of the app, which would show as 5xx or a refused socket."""
    return "ERR_ABORTED" in (request.failure or "")


def log_in(page: Any, base: str, username: str, target: str = "/home") -> None:
    """Log in through the form and land on `target`."""
    page.goto(f"{base}/auth/login?next={target}")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form").get_by_role("button", name="登录").click()
    page.wait_for_url(base + target)


def accept_link_request(page: Any, base: str) -> None:
    """The fed side's organizer accepts the newest pending link request on /organizer/links."""
    page.goto(f"{base}/organizer/links")
    page.locator("tr[data-link]").get_by_role("button", name="同意").first.click()
    page.get_by_text("已同意关联。").wait_for()


def local_now() -> datetime:
    """Return the wall clock in the app's display time zone (what the forms take)."""
    return datetime.now(LOCAL).replace(second=0, microsecond=0)


def seed(live_server: Any) -> dict[str, Any]:
    """A provincial contest with its 电工 project and organizer; a city body below it with its
    organizer; judge, chief judge, approver and arbitrator accounts (there is no user admin UI)."""

    # UI gap: there is no page to create staff accounts (organizers, judges, approver,
    # arbitrator) or organizing bodies; an administrator would need one. The provincial contest
    # is given (the brief's starting point).
    def make() -> dict[str, Any]:
        from app.extensions import db
        from app.models import Occupation, Organization, RoleAssignment
        from app.services.setup import competition_projects as projects
        from app.services.setup import competitions as svc
        from tests.factories import create_user

        tag = uuid.uuid4().hex[:6]
        province = Organization(name=f"省人社厅{tag}", kind="ORGANIZER")
        db.session.add(province)
        db.session.flush()
        city = Organization(name=f"市人社局{tag}", kind="ORGANIZER", parent_id=province.id)
        occupation = Occupation(code=f"6-31-01-03-{tag}", name="电工")
        db.session.add_all([city, occupation])
        db.session.commit()
        admin = create_user("ADMIN", username=f"admin-{tag}")
        today = local_now().date()
        provincial = svc.create_competition(admin, svc.CompetitionData(
            name=f"省职业技能大赛{tag}", tier="PROVINCIAL", category="CLASS_1", year=today.year,
            organizer_id=province.id, starts_on=today + timedelta(days=60),
            ends_on=today + timedelta(days=62)))
        target = projects.create_project(admin, provincial.id, projects.ProjectData(
            occupation_id=occupation.id, group="EMPLOYEE", name="电工（职工组）"))

        def organizer(username: str, name: str, body: Any) -> str:
            user = create_user(username=username, display_name=name)
            user.roles = [RoleAssignment(role="ORGANIZER", organization_id=body.id)]
            db.session.commit()
            return username

        names = {
            "city": organizer(f"city-{tag}", "市组织员", city),
            "province": organizer(f"prov-{tag}", "省组织员", province),
            "chief": create_user("CHIEF_JUDGE", "JUDGE", username=f"chief-{tag}",
                                 display_name="周裁判长").username,
            "approver": create_user("APPROVER", username=f"approver-{tag}",
                                    display_name="核准员").username,
            "arbitrator": create_user("ARBITRATOR", username=f"arb-{tag}",
                                      display_name="仲裁员").username,
        }
        judges = [create_user("JUDGE", username=f"judge{i}-{tag}", display_name=f"裁判{i}")
                  for i in (1, 2, 3)]
        return {"tag": tag, "occupation": occupation.code, "provincial": provincial.name,
                "provincial_id": provincial.id, "target_id": target.id,
                "judges": [j.username for j in judges], **names}

    return live_server.seed(make)


def registration_sheet(rows: list[tuple[str, str, str]]) -> bytes:
    """Return the registration .xlsx an organizer fills in: (name, ID number, phone) rows."""
    from app.services.entry.registration_sheets import COLUMNS
    from tests.documents.helpers import xlsx_bytes

    header = [c.header for c in COLUMNS]
    # 中级工, not 高级工: under the 地级市 preset a 高级工 placed 2–10 only becomes eligible to
    # apply for 技师 (no grade change, nothing to approve); a 中级工 there is promoted.
    body = [[name, number, phone, "唐山供电公司", "", "职工组", "电工（职工组）", "电工", "中级工",
             f"ZJ{number[-6:]}"] for name, number, phone in rows]
    return xlsx_bytes([header, *body])


def fill_theory_sheet(template: bytes, marks: dict[str, int]) -> bytes:
    """Fill the downloaded theory score sheet: the mark for each row's contestant name."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(template))
    sheet = book.active
    header = [c.value for c in sheet[1]]
    name_col, score_col = header.index("姓名") + 1, header.index("理论成绩") + 1
    for row in range(2, sheet.max_row + 1):
        name = sheet.cell(row, name_col).value
        if name in marks:
            sheet.cell(row, score_col).value = marks[name]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def qr_of_pdf(pdf: bytes, tmp_path: Path) -> list[str]:
    """Render the PDF (pdftoppm) and decode its QR codes (zbarimg)."""
    from tests.documents.helpers import decode_qr_png, render_pdf

    folder = tmp_path / uuid.uuid4().hex[:6]
    folder.mkdir()
    found: list[str] = []
    for png in render_pdf(pdf, folder, dpi=200):
        found.extend(decode_qr_png(png))
    return found


def download(page: Any, link: Any, path: Path) -> bytes:
    """Fetch what a link points at with the page's session (a PDF shown inline opens no
    download in headless chromium); save it to `path` and return its bytes."""
    from urllib.parse import urljoin

    response = page.request.get(urljoin(page.url, link.get_attribute("href")))
    assert response.ok, f"{response.status} {response.url}"
    path.write_bytes(response.body())
    return path.read_bytes()


def birth(years: int) -> date:
    """Return a birth date `years` years ago (adults, so eligibility passes)."""
    today = local_now().date()
    return today.replace(year=today.year - years, day=min(today.day, 28))


def nav(page: Any, label: str) -> None:
    """Follow a main-navigation link, opening the collapsed menu first on narrow screens, and
    wait until the browser is on its page."""
    from urllib.parse import urljoin, urlsplit

    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    menu = page.locator("#jx-nav")
    link = menu.get_by_role("link", name=label, exact=True)

    def show_menu() -> None:
        # A collapsed menu's links are not in the accessibility tree: open it first.
        toggler = page.locator("button.navbar-toggler")
        if toggler.is_visible() and not menu.is_visible():
            toggler.click()

    show_menu()
    path = urlsplit(urljoin(page.url, link.get_attribute("href"))).path
    link.click()
    try:
        page.wait_for_url(lambda url: urlsplit(url).path == path, timeout=10_000)
    except PlaywrightTimeout:
        # Once in CI a click on a plain <a href> under load started no request at all (the
        # server saw none): a lost click, not the page's. Click once more, then fail loudly.
        show_menu()
        link.click()
        page.wait_for_url(lambda url: urlsplit(url).path == path)
