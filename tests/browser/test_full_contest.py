"""A whole small contest played through the UI in real browsers (Debian chromium).

The organizer sets up a municipal 电工 project feeding a provincial one, five contestants come
(one signs up and registers, four by the .xlsx import) and are approved, check in by QR (the
admission ticket's QR shown to a fake camera) and by typed ticket number, the lot is drawn;
three judges score on tablets while a phone and a big screen watch live; the chief judge
resolves a flag and locks; the results are published, an appeal is upheld and re-marked, the
results are published again and finalised; the approver approves the promotions, certificates
are issued, downloaded and verified; the qualified finishers appear in the provincial project.
Every step saves a screenshot in test-artifacts/test_whole_contest_through_the_ui/, and any
console error, page error, failed request or 5xx answer fails the test.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.confirming import accept_confirm
from tests.browser.conftest import PHONE, TABLET
from tests.browser.contest_steps import (
    ContestPages,
    approve_all_promotions,
    check_in_typed,
    create_competition,
    draw_lots,
    end_publication_period,
    fill_registration,
    import_theory,
    issue_certificates,
    lock_scores,
    needs_poppler_and_zbar,  # noqa: F401  (autouse fixture)
    score,
    sheet,
    sign_up,
    verify_downloaded_certificate,
    write_scheme,
)
from tests.browser.full_contest_helpers import (
    accept_link_request,
    birth,
    download,
    log_in,
    nav,
    qr_of_pdf,
    registration_sheet,
    seed,
)
from tests.browser.test_checkin import camera_browser, write_y4m  # noqa: F401  (fixture)
from tests.registration_data import id_number

pytestmark = [pytest.mark.browser]

SCREEN = {"width": 1920, "height": 1080}
PORTRAIT = {"width": 800, "height": 1280}
SELF = "王晓明"  # signs up and registers on the public pages; appeals; downloads a certificate
IMPORTED = ["李建国", "张海涛", "刘志强", "陈立新"]
# theory, A1.1 (M 40), A1.2 J by judges 1-3, B1.1 (M 30). Before the appeal 王晓明's A1.1 is 20
# (total 73, 4th); corrected to 40 he is 2nd (87) and takes the second provincial place.
MARKS = {
    "王晓明": (80, 20, (2, 2, 2), 30),
    "李建国": (90, 40, (2, 2, 0), 15),  # judge 3's 0 is flagged (spread 2) and re-scored to 2
    "张海涛": (70, 40, (3, 3, 3), 15),
    "刘志强": (75, 20, (1, 1, 1), 15),
    "陈立新": (85, 40, (2, 2, 2), 30),
}


def masked(name: str) -> str:
    """The public boards mask the middle of a name."""
    return name[0] + "*" + name[-1]


class Contest(ContestPages):
    """The pages in play and what the test has learnt through them."""

    def __init__(self, live_server: Any, new_page: Any, screenshot: Any, tmp: Any) -> None:
        super().__init__(live_server.url, new_page, screenshot, tmp)
        self.live_server = live_server
        self.data = seed(live_server)

    def page(self, name: str, viewport: dict[str, int] | None = None, user: str | None = None,
             target: str = "/home") -> Any:
        page = super().page(name, viewport)
        if user:
            log_in(page, self.base, user, target)
        return page


def test_whole_contest_through_the_ui(live_server, new_page, screenshot,
                                      camera_browser, tmp_path):  # noqa: F811
    c = Contest(live_server, new_page, screenshot, tmp_path)
    pid = set_up(c)
    register(c)
    check_in_and_draw(c, pid, camera_browser)
    judge_and_watch(c, pid)
    publish_appeal_remark(c, pid)
    finalise_approve_certify(c, pid)
    provincial_sees_qualified(c)
    c.watchdog.check("end")


def set_up(c: Contest) -> int:
    """1. The city organizer sets up the contest, its project, the scheme and the judges."""
    org = c.organizer = c.page("organizer", user=c.data["city"])
    nav(org, "赛事")
    org.get_by_role("link", name="新建赛事").first.click()
    now = create_competition(c, org, f"市职业技能大赛{c.data['tag']}", site_serial="000001",
                             feeds=c.data["provincial"])
    # The provincial contest is another organizer's: it is fed only once they accept.
    expect(org.locator("[data-pending-links]")).to_be_visible()
    prov = c.page("provincial organizer (links)", user=c.data["province"])
    accept_link_request(prov, c.base)
    c.shot(prov, "competition-link-accepted")
    org.reload()

    org.get_by_role("link", name="新建赛项").click()
    org.get_by_label("职业（工种）", exact=True).select_option(
        label=f"电工（{c.data['occupation']}）")
    org.get_by_label("名称").fill("电工（职工组）")
    org.locator("input[name=starts_at]").fill(f"{now - timedelta(hours=1):%Y-%m-%dT%H:%M}")
    org.locator("input[name=ends_at]").fill(f"{now + timedelta(hours=3):%Y-%m-%dT%H:%M}")
    org.get_by_label("衔接的赛项").select_option(
        label=f"电工（职工组） — {c.data['provincial']}")
    org.get_by_label("晋级名额").fill("2")
    org.get_by_label("奖项方案").select_option("PERCENT_PRIZES")
    org.get_by_label("一等奖").fill("20")
    org.get_by_label("二等奖").fill("20")
    org.get_by_label("三等奖").fill("20")
    c.shot(org, "new-project")
    org.get_by_role("button", name="保存").click()
    org.get_by_text("赛项已创建，并复制了预设的晋升规则。").wait_for()
    pid = int(re.search(r"/projects/(\d+)/", org.url).group(1))
    # Feeding the provincial project is a second request, accepted the same way.
    accept_link_request(prov, c.base)
    c.shot(prov, "project-link-accepted")

    # The competition page leads to the marking scheme.
    org.goto(c.competition_url)
    org.locator("main").get_by_role("link", name="评分标准", exact=True).click()
    org.wait_for_url(f"{c.base}/schemes/projects/{pid}")
    write_scheme(org)
    c.shot(org, "marking-scheme")

    org.get_by_role("link", name="裁判与评分分工").click()
    people = [(u, "JUDGE") for u in c.data["judges"]] + [(c.data["chief"], "CHIEF_JUDGE")]
    for username, role in people:
        org.locator("select[name=user_id]").select_option(
            label=next(o for o in org.locator("select[name=user_id] option").all_inner_texts()
                       if f"({username})" in o))
        org.locator("select[name=role]").select_option(role)
        org.get_by_role("button", name="选派", exact=True).click()
        org.locator(".alert-success").wait_for()
    for number, seats in ((1, ("A1.1", "A1.2", "B1.1")), (2, ("A1.2",)), (3, ("A1.2",))):
        card = org.locator("section.card", has=org.get_by_role("heading", name=f"裁判{number}"))
        for seat in seats:
            card.get_by_label(re.compile(rf"^{re.escape(seat)} ")).check()
        card.get_by_role("button", name="保存评分分工").click()
        org.locator(".alert-success").wait_for()
    c.shot(org, "judges-and-seats")
    return pid


def register(c: Contest) -> None:
    """2. One contestant signs up and registers; four come by the import; all are approved."""
    me = c.contestant = c.page("contestant", viewport=PHONE)
    sign_up(me, c.base, f"wxm-{c.data['tag']}", SELF, "Electric-2026!")
    number = id_number(birth=birth(30))
    fill_registration(me, SELF, number,
                      lambda option: c.data["occupation"] in option or option.strip() == "电工")
    me.get_by_role("checkbox", name=re.compile(f"电工（职工组）.*市职业技能大赛{c.data['tag']}")
                   ).check()
    me.get_by_role("button", name="核查参赛资格").click()
    expect(me.locator("#eligibility")).to_be_visible()
    c.shot(me, "self-registration")
    me.get_by_role("button", name="提交报名").click()
    me.wait_for_url(f"{c.base}/registrations/mine")
    expect(me.locator("[data-registration]")).to_have_count(1)

    org = c.organizer
    nav(org, "报名")
    org.get_by_role("link", name=f"市职业技能大赛{c.data['tag']}").click()
    org.get_by_role("link", name="导入").first.click()
    sheet = c.tmp / "报名表.xlsx"
    c.id_numbers = {name: id_number(birth=birth(28 + k)) for k, name in enumerate(IMPORTED)}
    sheet.write_bytes(registration_sheet(
        [(name, c.id_numbers[name], f"1391234{5670 + k}") for k, name in enumerate(IMPORTED)]))
    org.locator("input[type=file]").set_input_files(str(sheet))
    org.get_by_role("button", name="上传并导入").click()
    accept_confirm(org)
    expect(org.locator(".alert-success")).to_contain_text("4")
    expect(org.locator("tr[data-registration]")).to_have_count(5)
    org.locator("#check-all").check()
    org.locator("select[name=action]").select_option("approve")
    org.locator("#decide-form").get_by_role("button", name="执行").click()
    expect(org.locator("tr[data-registration]", has_text="已报名")).to_have_count(0)
    c.tickets = {}
    for name in [SELF, *IMPORTED]:
        row = org.locator("tr[data-registration]", has_text=name)
        c.tickets[name] = row.locator("td").nth(6).locator("div.small").first.inner_text()
    c.shot(org, "registrations-approved")


def check_in_and_draw(c: Contest, pid: int, launch_camera: Any) -> None:
    """3. The contestant's ticket QR is shown to the (fake) camera; the others are typed."""
    from app.documents.qr import qr_png

    me = c.contestant
    nav(me, "我的准考证")
    pdf = download(me, me.get_by_role("link", name="下载准考证（PDF）"),
                   c.tmp / "ticket.pdf")
    tokens = qr_of_pdf(pdf, c.tmp)
    assert len(tokens) == 1, tokens
    video = write_y4m(qr_png(tokens[0]), c.tmp / "ticket.y4m")
    context = launch_camera(video).new_context(viewport=PHONE, locale="zh-CN")
    context.grant_permissions(["camera"], origin=c.base)
    desk = c.watchdog.watch(context.new_page(), "check-in desk")
    log_in(desk, c.base, c.data["city"])
    nav(desk, "检录")
    desk.locator("main").get_by_role("link", name="检录", exact=True).first.click()
    desk.wait_for_url(f"{c.base}/checkin/projects/{pid}")
    expect(desk.locator("#jx-count-all")).to_have_text("5")
    desk.get_by_role("button", name="打开摄像头").click()
    expect(desk.locator("#jx-name")).to_have_text(SELF, timeout=30_000)
    expect(desk.locator("#jx-result")).to_have_class(re.compile("jx-result-ok"))
    c.shot(desk, "check-in-camera-qr")
    desk.get_by_role("button", name="停止").click()
    check_in_typed(c, desk, IMPORTED, first=2)
    c.shot(desk, "check-in-typed")

    draw_lots(c, desk, MARKS)
    context.close()


def _tablet(c: Contest, number: int, viewport: dict[str, int], pid: int) -> Any:
    page = c.page(f"judge {number}", viewport=viewport, user=c.data["judges"][number - 1])
    nav(page, "我的评分")
    page.get_by_role("link", name="打开评分平板").click()
    page.wait_for_url(f"{c.base}/judging/projects/{pid}")
    expect(page.locator("#jx-conn")).to_have_attribute("data-state", "on")
    return page


def _score(c: Contest, tablet: Any, name: str, judge: int, *, wait: bool = True) -> None:
    score(c, tablet, name, MARKS[name], judge, wait=wait)


def _first_row(page: Any, name: str) -> None:
    expect(page.locator("#jx-board-rows tr").first.locator(".jx-name")).to_have_text(
        masked(name))


def judge_and_watch(c: Contest, pid: int) -> None:
    """4–5. Theory import, three tablets, live boards, an offline judge, a flag, the lock."""
    org = c.organizer
    import_theory(c, org, pid, MARKS)
    c.shot(org, "theory-imported")

    phone = c.page("spectator phone", viewport=PHONE)
    big = c.page("big screen", viewport=SCREEN)
    phone.goto(f"{c.base}/live")
    phone.get_by_role("link", name=f"市职业技能大赛{c.data['tag']}").click()
    phone.get_by_role("link", name="电工（职工组）").click()
    phone.get_by_role("link", name="大屏").wait_for()
    big.goto(phone.url + "/screen")
    for page in (phone, big):
        expect(page.locator("#jx-board")).to_have_attribute("data-connected", "1")
        expect(page.locator("#jx-board-rows tr")).to_have_count(5)

    chief = c.page("chief judge", viewport=TABLET, user=c.data["chief"])
    nav(chief, "裁判长控制台")
    chief.get_by_role("link", name="打开控制台").first.click()
    expect(chief.locator("#jx-conn")).to_have_attribute("data-state", "on")
    t1 = c.tablets = [_tablet(c, 1, PORTRAIT, pid), _tablet(c, 2, TABLET, pid),
                      _tablet(c, 3, PORTRAIT, pid)]
    assert SELF not in t1[0].content()  # judges see anonymous codes only

    for name in ("张海涛", "李建国", "王晓明"):
        for number, tablet in enumerate(t1, start=1):
            _score(c, tablet, name, number)
        if name == "张海涛":
            for page in (phone, big):
                _first_row(page, "张海涛")  # 80.5: from last to first, live
            c.shot(phone, "phone-live")
    flagged = chief.locator(".jx-cell.is-flagged")
    expect(flagged).to_have_count(1)
    expect(flagged).to_contain_text("2 / 2 / 0")
    expect(chief.locator("#jx-lock")).to_be_disabled()

    # Judge 3 loses the network and goes on scoring; the tablet keeps the marks.
    c.watchdog.quiet.add(id(t1[2]))
    t1[2].context.set_offline(True)
    expect(t1[2].locator("#jx-conn")).to_have_attribute("data-state", "off")
    for name in ("刘志强", "陈立新"):
        _score(c, t1[2], name, 3, wait=False)
    expect(t1[2].locator("#jx-pending")).to_have_attribute("data-count", "2")
    c.shot(t1[2], "tablet-offline")
    for name in ("刘志强", "陈立新"):
        for number, tablet in enumerate(t1[:2], start=1):
            _score(c, tablet, name, number)
    t1[2].context.set_offline(False)
    # Socket.IO's reconnection back-off (up to 5 s, randomised) decides when it comes back.
    expect(t1[2].locator("#jx-conn")).to_have_attribute("data-state", "on", timeout=30_000)
    expect(t1[2].locator("#jx-pending")).to_have_attribute("data-count", "0", timeout=15_000)
    c.watchdog.quiet.discard(id(t1[2]))
    for page in (phone, big):
        _first_row(page, "陈立新")
    c.shot(big, "big-screen-live")

    # The chief asks judge 3 to re-score the flagged J aspect; it comes back clean; lock.
    flagged.click()
    chief.locator("#jx-rescore").click()
    expect(t1[2].locator(f'.jx-contestant.is-rescore[data-code="{c.codes["李建国"]}"]')
           ).to_be_visible()
    c.shot(chief, "console-flag")
    t1[2].locator(f'.jx-contestant[data-code="{c.codes["李建国"]}"]').click()
    sheet(t1[2], "A1.2").locator('.jx-j-btn[data-value="2"]').click()
    expect(chief.locator(".jx-cell.is-flagged, .jx-cell.is-rescore")).to_have_count(0)
    lock_scores(chief)
    c.shot(chief, "console-locked")
    c.chief, c.phone, c.big = chief, phone, big



def _cell(c: Contest, name: str, aspect: str) -> str:
    """The chief console's cell key of a contestant's aspect (the tablet shows codes only)."""
    tablet = c.tablets[0]
    registration = c.chief.locator(f'tr[data-code="{c.codes[name]}"]'
                                   ).get_attribute("data-registration-id")
    sheet_id = sheet(tablet, aspect).get_attribute("data-sheet")
    return f'.jx-cell[data-key="{registration}|{sheet_id}"]'


def publish_appeal_remark(c: Contest, pid: int) -> None:
    """6. Publish; the contestant appeals; upheld; judge 1 re-marks on request; re-publish."""
    org, me, phone = c.organizer, c.contestant, c.phone
    org.goto(c.competition_url)
    org.locator("main").get_by_role("link", name="实时成绩", exact=True).click()
    org.get_by_role("button", name="发布公示").click()
    accept_confirm(org)
    expect(org.locator(".alert-success")).to_be_visible()
    expect(phone.locator("#jx-board-banner")).to_contain_text("公示中")
    before = phone.locator("#jx-board-rows tr", has_text=masked(SELF)).locator(".jx-total")
    old_total = before.inner_text()
    c.shot(org, "published")

    nav(me, "申诉")
    me.get_by_role("link", name="提出申诉").click()
    me.locator("select[name=subject]").select_option("SCORE")
    me.locator("select[name=aspect_id]").select_option(
        label=next(o for o in me.locator("select[name=aspect_id] option").all_inner_texts()
                   if "A1.1" in o))
    me.locator("textarea[name=text]").fill("A1.1 接线全部正确，测量记录为 20 分有误，请求复核。")
    c.shot(me, "appeal-form")
    me.get_by_role("button", name="提交申诉").click()
    me.wait_for_url(f"{c.base}/appeals/")
    expect(me.get_by_text("审理中").first).to_be_visible()
    expect(phone.locator("#jx-board-banner")).to_contain_text("申诉处理中")

    arb = c.page("arbitrator", user=c.data["arbitrator"])
    nav(arb, "申诉")
    arb.get_by_role("link", name="查看案卷").first.click()
    arb.get_by_label("申诉成立：重新开放评分").check()
    arb.locator("textarea[name=reason]").fill("测量记录有误，准予对 A1.1 重新评分。")
    arb.get_by_role("button", name="记录裁决").click()
    expect(arb.locator(".alert-success")).to_be_visible()
    c.shot(arb, "appeal-upheld")

    # The uphold unlocked the scores; the chief asks judge 1 to re-mark A1.1, then re-locks.
    chief, judge = c.chief, c.tablets[0]
    expect(chief.locator("#jx-lock")).to_be_visible()
    cell = _cell(c, SELF, "A1.1")
    chief.locator(cell).click()
    chief.locator("#jx-rescore-reason").fill("申诉成立，请重新测量 A1.1。")
    chief.locator("#jx-rescore").click()
    expect(judge.locator(f'.jx-contestant.is-rescore[data-code="{c.codes[SELF]}"]')
           ).to_be_visible()
    judge.locator(f'.jx-contestant[data-code="{c.codes[SELF]}"]').click()
    sheet(judge, "A1.1").locator('.jx-m-btn[data-value="40"]').click()
    expect(chief.locator(f"{cell}:not(.is-rescore) .jx-mark")).to_have_text("40")
    lock_scores(chief)
    c.shot(chief, "console-relocked")

    org.reload()
    org.get_by_role("button", name="重新公示").click()
    accept_confirm(org)
    expect(org.locator(".alert-success")).to_be_visible()
    expect(phone.locator("#jx-board-banner")).to_contain_text("公示中")
    expect(phone.locator("#jx-board-rows tr").nth(1).locator(".jx-name")).to_have_text(
        masked(SELF))
    assert before.inner_text() != old_total
    c.shot(phone, "board-after-remark")


def finalise_approve_certify(c: Contest, pid: int) -> None:
    """7. Finalise; the approver approves the promotions; certificates; download; verify."""
    org = c.organizer
    org.goto(c.competition_url)
    org.locator("main").get_by_role("link", name="竞赛结果", exact=True).click()
    # Right after re-publishing the 公示 still runs: finalising is refused with its end.
    expect(org.locator("#refusal")).to_contain_text("公示期")

    end_publication_period(c.live_server, pid)
    org.reload()
    org.get_by_role("button", name="终审成绩").click()
    accept_confirm(org)
    expect(org.locator("#result-status")).to_have_text(re.compile("最终|终审"))
    expect(org.locator("#q-h")).to_be_visible()
    qualified = org.locator("#q-h + ul li")
    expect(qualified).to_have_count(2)
    expect(qualified.first).to_contain_text("陈立新")
    expect(qualified.nth(1)).to_contain_text(SELF)
    expect(org.locator("tr[data-registration]", has_text="陈立新")).to_contain_text("一等奖")
    c.shot(org, "finalised")

    approver = c.page("approver", user=c.data["approver"])
    nav(approver, "等级晋升")
    approver.get_by_role("link", name=re.compile("电工（职工组）")).first.click()
    cards = approver.locator("#decide .card")
    expect(cards.first).to_be_visible()
    assert cards.count() >= 1
    first = cards.first.locator("details")
    first.locator("summary").click()
    expect(first.locator("li").first).to_be_visible()  # the gates of the explanation
    # 地级市 preset: ranks 1–2 may apply for 技师 (no approval); the 中级工 below are promoted.
    approve_all_promotions(c, approver, "promotions-explained")

    org.goto(c.competition_url)
    org.locator("main").get_by_role("link", name="证书", exact=True).click()
    issue_certificates(c, org, SELF)

    me = c.contestant
    nav(me, "我的证书")
    expect(me.get_by_role("link", name="下载 PDF").first).to_be_visible()
    c.shot(me, "my-certificates")
    award = me.locator(".list-group-item", has_text="获奖证书")
    expect(award).to_contain_text("二等奖")
    stranger = verify_downloaded_certificate(c, me, award.get_by_role("link", name="下载 PDF"))
    expect(stranger.get_by_text(masked(SELF)).first).to_be_visible()
    expect(stranger.locator("main")).to_contain_text("获奖证书")
    c.shot(stranger, "certificate-verified")


def provincial_sees_qualified(c: Contest) -> None:
    """8. The provincial organizer sees the two qualified finishers and where they came from."""
    prov = c.page("provincial organizer", user=c.data["province"])
    nav(prov, "赛事")
    prov.get_by_role("link", name=c.data["provincial"]).first.click()
    prov.locator("main").get_by_role("link", name="竞赛结果", exact=True).click()
    origins = prov.locator("#origin-h + table tbody tr")
    expect(origins).to_have_count(2)
    for name in ("陈立新", SELF):
        row = origins.filter(has_text=name)
        expect(row).to_contain_text(f"市职业技能大赛{c.data['tag']}")
        expect(row).to_contain_text("已晋级")
    c.shot(prov, "provincial-origins")
    nav(prov, "报名")
    prov.get_by_role("link", name=c.data["provincial"]).click()
    prov.locator("form.jx-filter-bar select[name=status]").select_option("QUALIFIED")
    prov.get_by_role("button", name="筛选").click()
    expect(prov.locator("tr[data-registration]")).to_have_count(2)
    c.shot(prov, "provincial-registrations")
