"""What the two whole-contest browser tests do the same way.

`test_full_contest.py` (on the shared live server, seeded) and `test_contest_from_empty.py` (on
an empty server, set up by hand) play a contest through the UI: both keep their pages in a
`ContestPages`, import the theory marks from the downloaded sheet, type tickets at the check-in
desk, draw the lot, score on the judges' tablets, lock, let the 公示 period pass, approve the
promotions, issue the certificates and verify one by its QR.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.confirming import accept_confirm
from tests.browser.conftest import PHONE, TABLET
from tests.browser.full_contest_helpers import (
    Watchdog,
    download,
    fill_theory_sheet,
    local_now,
    qr_of_pdf,
)
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
        self.competition_url = ""

    def page(self, name: str, viewport: dict[str, int] | None = None) -> Any:
        """Open a page in a fresh context, watched for console errors and 5xx answers."""
        return self.watchdog.watch(self._new_page(viewport=viewport or TABLET), name)

    def shot(self, page: Any, name: str) -> None:
        """Save the numbered screenshot of a step, then fail on any problem a page reported."""
        self.step += 1
        self._shot(page, f"{self.step:02d}-{name}")
        self.watchdog.check(name)


def create_competition(c: ContestPages, org: Any, name: str, *, site_serial: str,
                       feeds: str | None = None) -> datetime:
    """On the new-competition page: a municipal contest in 唐山 (feeding the provincial contest
    `feeds` this year, if given), registration from a day ago to a day ahead, contest days two
    and three days ahead; save it and note its URL. Return the local time the dates are from."""
    now = local_now()
    org.get_by_label("名称").fill(name)
    org.get_by_label("级别").select_option("MUNICIPAL")
    org.get_by_label("地区").fill("河北省唐山市")
    org.get_by_label("年份").fill(str(now.year))
    if feeds is not None:
        org.get_by_label("衔接的上级赛事").select_option(label=f"{feeds} · 省级 · {now.year}")
    org.get_by_label("报名开始").fill(f"{now - timedelta(days=1):%Y-%m-%dT%H:%M}")
    org.get_by_label("报名截止").fill(f"{now + timedelta(days=1):%Y-%m-%dT%H:%M}")
    # Registration closes before the first contest day (issue #17, item 4); a project's own
    # session time is what the day's check-in and marking follow.
    org.get_by_label("比赛首日").fill(f"{now + timedelta(days=2):%Y-%m-%d}")
    org.get_by_label("比赛末日").fill(f"{now + timedelta(days=3):%Y-%m-%d}")
    org.get_by_label("等级证书发证机构类型").select_option("S")
    org.get_by_label("评价机构代码（4 位数字）").fill("1302")
    org.get_by_label("省份代码（2 位数字）").fill("13")
    org.locator("input[name=issuer_site_serial]").fill(site_serial)
    c.shot(org, "new-competition")
    org.get_by_role("button", name="保存").click()
    org.get_by_text("赛事已创建，请添加赛项。").wait_for()
    c.competition_url = org.url
    return now


def sign_up(page: Any, base: str, username: str, name: str, password: str) -> None:
    """Create an account on the public sign-up page, which leads on to registering."""
    page.goto(f"{base}/registrations/signup")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=display_name]").fill(name)
    page.locator("input[name=password]").fill(password)
    page.locator("input[name=confirm]").fill(password)
    page.get_by_role("button", name="创建账号").click()
    page.wait_for_url(f"{base}/registrations/register")


def fill_registration(me: Any, name: str, number: str,
                      occupation: Callable[[str], bool]) -> None:
    """Fill the registration form: an employee of 唐山供电公司 holding an L3 certificate in the
    first occupation whose option `occupation` accepts."""
    me.locator("input[name=id_number]").fill(number)
    expect(me.locator("#id-feedback")).to_contain_text(number[6:10])
    me.locator("input[name=name]").fill(name)
    me.locator("input[name=phone]").fill("13612345678")
    me.locator("select[name=group]").select_option("EMPLOYEE")
    me.locator("input[name=organization_name]").fill("唐山供电公司")
    me.locator("select[name='grades-0-occupation_id']").select_option(
        label=next(o for o in me.locator("select[name='grades-0-occupation_id'] option")
                   .all_inner_texts() if occupation(o)))
    me.locator("select[name='grades-0-grade']").select_option("L3")
    me.locator("input[name='grades-0-certificate_no']").fill("GJ2019001234")


def write_scheme(org: Any) -> None:
    """On the project's scheme page: theory 30 %, practical 70 % with three aspects (A1.1 M 40,
    A1.2 J 30 by every judge, B1.1 M 30); save it."""
    for code, kind, name, weight in (("T", "THEORY", "理论知识", "0.3"),
                                     ("P", "PRACTICAL", "技能操作", "0.7")):
        org.get_by_role("button", name="添加成绩组成").click()
        row = org.locator("#jx-components tbody tr").last
        row.locator("[name=code]").fill(code)
        row.locator("[name=kind]").select_option(kind)
        row.locator("[name=name]").fill(name)
        row.locator("[name=weight]").fill(weight)
    aspects = (("A", "质量", "A1", "接线", "A1.1", "M", "40", "尺寸与接线正确", "40;20;0"),
               ("A", "质量", "A1", "接线", "A1.2", "J", "30", "工艺美观", None),
               ("B", "安全", "B1", "操作", "B1.1", "M", "30", "安全操作规范", "30;15;0"))
    for cr, cr_name, sub, sub_name, code, kind, top, text, allowed in aspects:
        org.get_by_role("button", name="添加评分项").click()
        row = org.locator("#jx-aspects tbody tr").last
        for field, value in (("component", "P"), ("criterion_code", cr),
                             ("criterion_name", cr_name), ("sub_code", sub),
                             ("sub_name", sub_name), ("code", code), ("max_mark", top),
                             ("description", text)):
            row.locator(f"[name={field}]").fill(value)
        row.locator("[name=kind]").select_option(kind)
        if allowed:
            row.locator("[name=allowed]").fill(allowed)
        else:
            for n, words in enumerate(("不合格", "基本合格", "良好", "优秀")):
                row.locator(f"[name=j{n}]").fill(words)
    expect(org.locator("#jx-sums")).to_contain_text("100")
    org.get_by_role("button", name="保存评分标准").click()
    expect(org.locator("#jx-scheme-result")).to_have_text("评分标准已保存。")


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
