"""What the two whole-contest browser tests do the same way.

`test_full_contest.py` (on the shared live server, seeded) and `test_contest_from_empty.py` (on
an empty server, set up by hand) play a contest through the UI: both keep their pages in a
`ContestPages`, import the theory marks from the downloaded sheet, type tickets at the check-in
desk, draw the lot, score on the judges' tablets, lock, let the 公示 period pass, approve the
promotions, issue the certificates and verify one by its QR.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.confirming import accept_confirm
from tests.browser.conftest import PHONE, TABLET
from tests.browser.full_contest_helpers import Watchdog, download, fill_theory_sheet, qr_of_pdf
from tests.fixtures.services import require_tools

#: A contestant's marks: (theory, A1.1 M, (A1.2 J of judges 1, 2, 3), B1.1 M).
Marks = tuple[int, int, tuple[int, int, int], int]


@pytest.fixture(autouse=True)
def needs_poppler_and_zbar() -> None:
    """The tests read QR codes out of downloaded PDFs (import it into the test module)."""
    require_tools("pdftoppm", "zbarimg")


class ContestPages:
    """The pages in play and what the test has learnt through them."""

    def __init__(self, base: str, new_page: Any, screenshot: Any, tmp: Any) -> None:
        self.base, self.tmp = base, tmp
        self._new_page, self._shot = new_page, screenshot
        self.watchdog = Watchdog()
        self.step = 0
        self.codes: dict[str, str] = {}  # contestant name → anonymous code
        self.tickets: dict[str, str] = {}  # contestant name → admission ticket number
        self.id_numbers: dict[str, str] = {}

    def page(self, name: str, viewport: dict[str, int] | None = None) -> Any:
        """Open a page in a fresh context, watched for console errors and 5xx answers."""
        return self.watchdog.watch(self._new_page(viewport=viewport or TABLET), name)

    def shot(self, page: Any, name: str) -> None:
        """Save the numbered screenshot of a step, then fail on any problem a page reported."""
        self.step += 1
        self._shot(page, f"{self.step:02d}-{name}")
        self.watchdog.check(name)


def import_theory(c: ContestPages, org: Any, pid: int, marks: dict[str, Marks]) -> None:
    """The organizer fills the downloaded theory sheet with the marks and imports it."""
    org.goto(f"{c.base}/schemes/projects/{pid}")
    org.get_by_role("link", name="导入理论成绩").click()
    blank = download(org, org.get_by_role("link", name="下载成绩表（.xlsx）"),
                     c.tmp / "theory-blank.xlsx")
    filled = c.tmp / "理论成绩.xlsx"
    filled.write_bytes(fill_theory_sheet(blank, {n: m[0] for n, m in marks.items()}))
    org.locator("input[type=file]").set_input_files(str(filled))
    org.get_by_role("button", name="上传并导入").click()
    accept_confirm(org)
    expect(org.locator(".alert-success")).to_be_visible()


def check_in_typed(c: ContestPages, desk: Any, names: Iterable[str], first: int) -> None:
    """Type each ticket number and ID tail; the desk names them and counts `first`, `first+1`…"""
    for k, name in enumerate(names, start=first):
        desk.locator("#jx-ticket-no").fill(c.tickets[name])
        desk.locator("#jx-id-last4").fill(c.id_numbers[name][-4:])
        desk.get_by_role("button", name="检录", exact=True).click()
        expect(desk.locator("#jx-name")).to_have_text(name)
        expect(desk.locator("#jx-count-in")).to_have_text(str(k))


def draw_lots(c: ContestPages, desk: Any, names: Iterable[str]) -> None:
    """Seed and draw the lot; note every contestant's anonymous code."""
    expected = set(names)
    desk.get_by_role("link", name="抽签").click()
    desk.get_by_role("button", name="提交抽签种子").click()
    accept_confirm(desk)
    desk.get_by_role("button", name="开始抽签").click()
    accept_confirm(desk)
    expect(desk.locator(".alert-success")).to_contain_text("抽签完成")
    rows = desk.locator("table tbody tr")
    expect(rows).to_have_count(len(expected))
    for cells in rows.evaluate_all("rs => rs.map(r => [...r.cells].map(c => c.innerText))"):
        c.codes[cells[2]] = cells[1]
    assert set(c.codes) == expected
    c.shot(desk, "lot-draw")


def sheet(tablet: Any, code: str) -> Any:
    """The tablet's marking sheet of one aspect (by its code, e.g. A1.2)."""
    return tablet.locator(".jx-sheet", has=tablet.locator(f".jx-aspect-code:text-is('{code}')"))


def score(c: ContestPages, tablet: Any, name: str, marks: Marks, judge: int, *,
          wait: bool = True) -> None:
    """Enter one contestant's marks on a judge's tablet (the sheets this judge holds)."""
    _theory, m1, j, m2 = marks
    code = c.codes[name]
    tablet.locator(f'.jx-contestant[data-code="{code}"]').click()
    expect(tablet.locator(".jx-sheets-code")).to_have_text(code)
    entries = [("A1.2", ".jx-j-btn", j[judge - 1])]
    if judge == 1:
        entries += [("A1.1", ".jx-m-btn", m1), ("B1.1", ".jx-m-btn", m2)]
    for aspect, button, value in entries:
        sheet(tablet, aspect).locator(f'{button}[data-value="{value}"]').click()
        if wait:
            expect(sheet(tablet, aspect)).to_have_attribute("data-state", "synced")


def lock_scores(chief: Any) -> None:
    """The chief judge locks the scores from the console (nothing may be left open)."""
    expect(chief.locator("#jx-lock")).to_be_enabled()
    chief.locator("#jx-lock").click()
    accept_confirm(chief)
    expect(chief.locator("#jx-lock-state")).to_contain_text("成绩已锁定")


def end_publication_period(server: Any, pid: int) -> None:
    """Let the project's 公示 period be over (a minute ago), straight in the server's database."""

    def period_passes() -> None:
        from app.extensions import db
        from app.models import Project
        from app.models._types import utcnow

        db.session.get(Project, pid).publication_ends_at = utcnow() - timedelta(minutes=1)
        db.session.commit()

    server.seed(period_passes)


def approve_all_promotions(c: ContestPages, approver: Any, shot: str) -> None:
    """Tick every promotion on the approver's page, approve them, and see it done."""
    expect(approver.locator("#decide input[name=ids]").first).to_be_visible()
    for box in approver.locator("#decide input[name=ids]").all():
        box.check()
    approver.locator("#action").select_option("approve")
    c.shot(approver, shot)
    approver.get_by_role("button", name="应用于所选").click()
    expect(approver.locator(".alert-success")).to_be_visible()
    c.shot(approver, "promotions-approved")


def issue_certificates(c: ContestPages, org: Any, holder: str) -> None:
    """On the project's certificates page: issue them; `holder`'s row is listed."""
    org.get_by_role("button", name="颁发").click()
    expect(org.locator(".alert-success")).to_be_visible()
    expect(org.locator("tbody tr", has_text=holder).first).to_be_visible()
    c.shot(org, "certificates-issued")


def verify_downloaded_certificate(c: ContestPages, owner: Any, link: Any) -> Any:
    """`owner` downloads a certificate by `link`; its QR opened on a stranger's phone says
    valid. Return that phone's page."""
    pdf = download(owner, link, c.tmp / "certificate.pdf")
    links = [t for t in qr_of_pdf(pdf, c.tmp) if "/verify/" in t]
    assert links, "the certificate carries no verification QR"
    token = links[0].rsplit("/verify/", 1)[1]
    stranger = c.page("verifier", viewport=PHONE)
    stranger.goto(f"{c.base}/verify/{token}")
    expect(stranger.locator("[data-verdict]")).to_have_attribute("data-verdict", "valid")
    return stranger
