"""Issue #13's Done-when: a real contest from an empty database, through pages alone.

The database holds only what `flask --app wsgi db upgrade` and `flask create-admin` leave: the
schema and one administrator (made by the very service the CLI calls). Everything else happens
in Chromium: the administrator adds an organizing body, an occupation and an organizer; the
organizer (after the forced password change) sets up a competition with two projects, imports
twenty judges from an .xlsx, adds chief judges, an approver and an arbitrator; one contestant
signs up and registers, three are imported and one of them claims the record with a claim code;
check-in, the lot draw, three judges on tablets, a tie the chain cannot break ordered by the
chief judge with a reason, lock, publication, finalisation (the 公示 made to end by moving its
end time, the only write outside the pages), approval of the promotions, certificates issued,
one verified. Each step saves a screenshot in test-artifacts/test_contest_from_empty/, and a
console error, page error, failed request or 5xx answer fails the test.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.confirming import accept_confirm
from tests.browser.conftest import (
    PHONE,
    TABLET,
    LiveServer,
    serving,
    use_server,
)
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
    sign_up,
    verify_downloaded_certificate,
    write_scheme,
)
from tests.browser.full_contest_helpers import (
    birth,
    nav,
    registration_sheet,
)
from tests.fixtures.people import id_number

pytestmark = [pytest.mark.browser]

ADMIN, ADMIN_PASSWORD = "admin", "Forge-Anvil-2026"
OWN_PASSWORD = "Chosen-By-Me-2026"  # what each staff member picks at the first log-in
OCCUPATION = ("6-31-01-03", "电工")
COMPETITION = "唐山市电工职业技能大赛"
PROJECTS = ("电工（职工组）", "电工（学生组）")
SELF = "王晓明"  # signs up and registers on the public pages
CLAIMER = "李建国"  # imported by the organizer, then claims the record with a claim code
IMPORTED = [CLAIMER, "张海涛", "刘志强"]
# theory, A1.1 (M 40), A1.2 (J 30) by judges 1–3, B1.1 (M 30). 李建国 and 张海涛 are equal on
# the total (78.00) and on every tie-break: practical 75, no working time, theory 85, criterion
# A 60. Only the chief judge's order separates them.
MARKS = {
    SELF: (80, 40, (2, 2, 2), 30),
    CLAIMER: (85, 40, (2, 2, 2), 15),
    "张海涛": (85, 40, (2, 2, 2), 15),
    "刘志强": (70, 20, (1, 1, 1), 15),
}


@pytest.fixture()
def empty_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """Start the app on a new SQLite file holding the schema and nothing else.

    Its own server, not the session's live_server: other browser tests seed that one, and
    this test must start from an empty database whatever ran before it. Its ids start again
    at 1: `use_server` forgets what the process remembers per project id (board caches, last
    announced standings) for the other server's projects of the same ids, on the way in and
    on the way back.
    """
    # what `db upgrade` leaves: the tables, no rows
    with serving(tmp_path_factory.mktemp("empty") / "jiangxin.sqlite") as server:
        yield server


class Contest(ContestPages):
    """The pages in play and what the test has learnt through them."""

    def __init__(self, server: LiveServer, new_page: Any, screenshot: Any, tmp: Any) -> None:
        super().__init__(server.url, new_page, screenshot, tmp)
        self.server = server
        self.passwords: dict[str, str] = {}  # one-time passwords handed over on pages

    def log_in(self, page: Any, username: str, password: str) -> None:
        page.goto(f"{self.base}/auth/login")
        page.locator("input[name=username]").fill(username)
        page.locator("input[name=password]").fill(password)
        page.locator("form").get_by_role("button", name="登录").click()

    def first_log_in(self, name: str, username: str, viewport: dict[str, int] | None = None,
                     shoot: bool = False) -> Any:
        """Log in with a one-time password: the change-password page comes first."""
        page = self.page(name, viewport)
        self.log_in(page, username, self.passwords[username])
        page.wait_for_url(f"{self.base}/auth/password")
        expect(page.locator("[data-must-change]")).to_be_visible()
        page.goto(f"{self.base}/home")  # no other page opens before the change
        page.wait_for_url(f"{self.base}/auth/password")
        if shoot:
            self.shot(page, "forced-password-change")
        page.locator("input[name=current_password]").fill(self.passwords[username])
        page.locator("input[name=new_password]").fill(OWN_PASSWORD)
        page.locator("input[name=confirm]").fill(OWN_PASSWORD)
        page.get_by_role("button", name="修改密码").click()
        page.wait_for_url(f"{self.base}/home")
        return page

    def read_passwords(self, page: Any) -> None:
        """Note the one-time passwords a page shows once."""
        expect(page.locator("#jx-passwords")).to_be_visible()
        for cells in page.locator("#jx-passwords tbody tr").evaluate_all(
                "rs => rs.map(r => [...r.cells].map(c => c.innerText.trim()))"):
            self.passwords[cells[0]] = cells[2]


def test_contest_from_empty(empty_server, new_page, screenshot, tmp_path):
    use_server(empty_server.socketio_binding)
    c = Contest(empty_server, new_page, screenshot, tmp_path)
    c.server.seed(_create_admin)
    administrator_sets_up(c)
    pid = organizer_sets_up(c)
    contestants_come(c, pid)
    check_in_and_draw(c, pid)
    judge_and_order_the_tie(c, pid)
    publish_finalise_certify(c, pid)
    c.watchdog.check("end")


def _create_admin() -> None:
    """`flask create-admin`: the service its command calls, on an empty database."""
    from app.demo.demo_accounts import create_admin
    from app.extensions import db
    from app.models import User

    assert db.session.query(User).count() == 0
    create_admin(ADMIN, ADMIN_PASSWORD)


def administrator_sets_up(c: Contest) -> None:
    """1. The administrator adds the organizing body, the occupation and the organizer."""
    admin = c.admin = c.page("administrator")
    c.log_in(admin, ADMIN, ADMIN_PASSWORD)
    admin.wait_for_url(f"{c.base}/home")  # chose their own password: not forced
    nav(admin, "组织机构")
    form = admin.locator("form[action$='/organizer/bodies']")
    form.locator("input[name=name]").fill("唐山市人力资源和社会保障局")
    form.locator("select[name=kind]").select_option("HRSS")
    form.locator("input[name=region]").fill("河北省唐山市")
    form.locator("input[name=region_code]").fill("130200")
    form.locator("input[name=site_serial]").fill("000101")
    form.get_by_role("button", name="添加").click()
    expect(admin.locator("#jx-bodies")).to_contain_text("唐山市人力资源和社会保障局")
    c.shot(admin, "body-added")

    admin.goto(f"{c.base}/home")
    admin.locator("main").get_by_role("link", name="职业目录").first.click()
    form = admin.locator("form[action$='/organizer/occupations']")
    form.locator("input[name=code]").fill(OCCUPATION[0])
    form.locator("input[name=name]").fill(OCCUPATION[1])
    form.locator("input[name=name_en]").fill("Electrician")
    form.locator("select[name=top_grade]").select_option("L1")
    form.get_by_role("button", name="添加职业（工种）").click()
    expect(admin.locator("main table")).to_contain_text(OCCUPATION[0])
    c.shot(admin, "occupation-added")

    nav(admin, "组织机构")
    admin.locator("#jx-bodies tr", has_text="唐山市人力资源和社会保障局").get_by_role(
        "link", name="编辑").click()
    form = admin.locator("form[action*='/organizers']")
    form.locator("input[name=username]").fill("ts_org")
    form.locator("input[name=display_name]").fill("唐山市竞赛办")
    form.get_by_role("button", name="创建并显示密码").click()
    c.read_passwords(admin)
    c.shot(admin, "organizer-one-time-password")


def organizer_sets_up(c: Contest) -> int:
    """2. The organizer changes the password, sets up the contest, its projects and staff."""
    org = c.organizer = c.first_log_in("organizer", "ts_org", shoot=True)
    nav(org, "赛事")
    org.get_by_role("link", name="新建赛事").first.click()
    now = create_competition(c, org, COMPETITION, site_serial="000101")

    pids = []
    for name, group in zip(PROJECTS, ("EMPLOYEE", "STUDENT"), strict=True):
        org.goto(c.competition_url)
        org.get_by_role("link", name="新建赛项").click()
        org.get_by_label("职业（工种）", exact=True).select_option(
            label=f"{OCCUPATION[1]}（{OCCUPATION[0]}）")
        org.locator("select[name=group]").select_option(group)
        org.get_by_label("名称").fill(name)
        org.locator("input[name=starts_at]").fill(f"{now - timedelta(hours=1):%Y-%m-%dT%H:%M}")
        org.locator("input[name=ends_at]").fill(f"{now + timedelta(hours=3):%Y-%m-%dT%H:%M}")
        org.get_by_role("button", name="保存").click()
        org.get_by_text("赛项已创建，并复制了预设的晋升规则。").wait_for()
        pids.append(int(re.search(r"/projects/(\d+)/", org.url).group(1)))
    for pid in pids:
        _scheme(c, pid)
    c.shot(org, "marking-scheme")

    # Twenty judges from a sheet built here, ten for each project.
    org.goto(c.competition_url)
    org.locator("main").get_by_role("link", name="工作人员", exact=True).click()
    c.staff_url = org.url
    sheet = c.tmp / "裁判名单.xlsx"
    sheet.write_bytes(_judges_sheet())
    org.locator("input[type=file]").set_input_files(str(sheet))
    org.get_by_role("button", name="导入", exact=True).click()
    c.read_passwords(org)
    assert len([u for u in c.passwords if u.startswith("ts_judge")]) == 20
    c.shot(org, "judges-imported")

    people = ((f"ts_chief{k + 1}", "CHIEF_JUDGE", f"裁判长{k + 1}", PROJECTS[k], 900 + k)
              for k in range(2))
    others = (("ts_approver", "APPROVER", "核准员", None, 910),
              ("ts_arbitrator", "ARBITRATOR", "仲裁员", None, 911))
    for username, role, name, project, serial in (*people, *others):
        org.goto(c.staff_url)
        form = org.locator("form[action$='/staff']")
        form.locator("select[name=role]").select_option(role)
        form.locator("input[name=username]").fill(username)
        form.locator("input[name=name]").fill(name)
        form.locator("input[name=id_number]").fill(id_number(date(1975, 5, 5), serial=serial))
        form.locator("input[name=employer]").fill("唐山市职业技能鉴定中心")
        if project:
            form.locator("select[name=qualification_level]").select_option("PROVINCIAL")
            form.locator("input[name=certificate_no]").fill(f"HB-C-{serial}")
            form.locator("input[name=expires_on]").fill("2030-12-31")
            form.locator("select[name=project_ids]").select_option(label=project)
        form.get_by_role("button", name="创建并显示密码").click()
        c.read_passwords(org)
    org.goto(c.staff_url)
    expect(org.locator("#jx-staff tbody tr")).to_have_count(24)
    c.shot(org, "staff")

    # Seats: in each project three judges mark the J aspect, the first also the M ones. The
    # theory marks come from a sheet, so no judge holds the theory component.
    seating = [(project_id, ((f"裁判{10 * k + 1:02d}", ("A1.1", "A1.2", "B1.1")),
                             (f"裁判{10 * k + 2:02d}", ("A1.2",)),
                             (f"裁判{10 * k + 3:02d}", ("A1.2",))))
               for k, project_id in enumerate(pids)]
    for project_id, judges in seating:
        org.goto(f"{c.base}/schemes/projects/{project_id}")
        org.get_by_role("link", name="裁判与评分分工").click()
        for heading, seats in judges:
            card = org.locator("section.card", has=org.get_by_role("heading", name=heading))
            for seat in seats:
                card.get_by_label(re.compile(rf"^{re.escape(seat)} ")).check()
            card.get_by_role("button", name="保存评分分工").click()
            org.locator(".alert-success").wait_for()
        if project_id == pids[0]:
            c.shot(org, "judges-and-seats")
    org.goto(c.competition_url)
    expect(org.locator("#jx-checklist li[data-code]")).not_to_have_count(0)
    c.shot(org, "checklist")
    # Both projects are set up: nothing is left open (theory comes from the imported sheet,
    # so it needs no seated judge).
    missing = org.locator("#jx-checklist li:has(.text-danger)").all_inner_texts()
    assert missing == [], missing
    c.pids = pids
    return pids[0]


def _scheme(c: Contest, pid: int) -> None:
    """Write the marking scheme on its page: theory 30 %, practical 70 % with three aspects."""
    org = c.organizer
    org.goto(f"{c.base}/schemes/projects/{pid}")
    write_scheme(org)


def _judges_sheet() -> bytes:
    """The staff sheet: twenty judges, the first ten for project 1, the others for project 2."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["角色", "用户名", "姓名", "身份证号", "工作单位", "裁判员资格等级",
                  "资格证书编号", "资格有效期至", "赛项"])
    for n in range(1, 21):
        sheet.append(["裁判员", f"ts_judge{n:02d}", f"裁判{n:02d}",
                      id_number(date(1980, 1, 1) + timedelta(days=n), serial=800 + n),
                      "唐山市技师学院", "市级", f"TS-J-{n:02d}", "2030-12-31",
                      PROJECTS[0] if n <= 10 else PROJECTS[1]])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def contestants_come(c: Contest, pid: int) -> None:
    """3. One signs up and registers; three are imported; one of them claims the record."""
    me = c.contestant = c.page("contestant", viewport=PHONE)
    sign_up(me, c.base, "wxm2026", SELF, "Electric-2026!")
    number = id_number(birth=birth(30))
    fill_registration(me, SELF, number, lambda option: OCCUPATION[1] in option)
    me.get_by_role("checkbox", name=re.compile(f"{PROJECTS[0]}.*{COMPETITION}")).check()
    me.get_by_role("button", name="核查参赛资格").click()
    expect(me.locator("#eligibility")).to_be_visible()
    me.get_by_role("button", name="提交报名").click()
    me.wait_for_url(f"{c.base}/registrations/mine")
    expect(me.locator("[data-registration]")).to_have_count(1)
    c.shot(me, "self-registration")

    org = c.organizer
    nav(org, "报名")
    org.get_by_role("link", name=COMPETITION).click()
    c.registrations_url = org.url
    org.get_by_role("link", name="导入").first.click()
    sheet = c.tmp / "报名表.xlsx"
    c.id_numbers = {name: id_number(birth=birth(28 + k)) for k, name in enumerate(IMPORTED)}
    c.id_numbers[SELF] = number
    sheet.write_bytes(registration_sheet(
        [(name, c.id_numbers[name], f"1391234{5670 + k}") for k, name in enumerate(IMPORTED)]))
    org.locator("input[type=file]").set_input_files(str(sheet))
    org.get_by_role("button", name="上传并导入").click()
    accept_confirm(org)
    expect(org.locator(".alert-success")).to_contain_text("3")
    expect(org.locator("tr[data-registration]")).to_have_count(4)
    org.locator("#check-all").check()
    org.locator("select[name=action]").select_option("approve")
    org.locator("#decide-form").get_by_role("button", name="执行").click()
    expect(org.locator("tr[data-registration]", has_text="已报名")).to_have_count(0)
    for name in MARKS:
        row = org.locator("tr[data-registration]", has_text=name)
        c.tickets[name] = row.locator("td").nth(6).locator("div.small").first.inner_text()
    c.shot(org, "registrations-approved")

    # The organizer hands 李建国 a claim code; he signs up and claims the imported record.
    org.locator("tr[data-registration]", has_text=CLAIMER).locator(
        "a[data-person-record]").click()
    org.get_by_role("button", name="发放认领码").click()
    code = org.locator("[data-claim-code]").inner_text().strip()
    c.shot(org, "claim-code")
    claimer = c.page("claiming contestant", viewport=PHONE)
    sign_up(claimer, c.base, "ljg2026", CLAIMER, "Copper-Wire-2026")
    nav(claimer, "我的报名")
    claimer.get_by_role("link", name="认领我的档案").first.click()
    claimer.locator("input[name=code]").fill(code)
    claimer.get_by_role("button", name="认领").click()
    claimer.wait_for_url(f"{c.base}/registrations/mine")
    expect(claimer.locator("[data-registration]")).to_have_count(1)
    expect(claimer.locator("[data-registration]")).to_contain_text(PROJECTS[0])
    c.shot(claimer, "record-claimed")
    claimer.context.close()


def check_in_and_draw(c: Contest, pid: int) -> None:
    """4. Tickets typed at the check-in desk; the lot draw gives the anonymous codes."""
    desk = c.organizer
    nav(desk, "检录")
    desk.locator("main").get_by_role("link", name="检录", exact=True).first.click()
    desk.wait_for_url(f"{c.base}/checkin/projects/{pid}")
    expect(desk.locator("#jx-count-all")).to_have_text("4")
    check_in_typed(c, desk, MARKS, first=1)
    c.shot(desk, "check-in")
    draw_lots(c, desk, MARKS)


def judge_and_order_the_tie(c: Contest, pid: int) -> None:
    """5. Theory imported; three tablets; the chief judge orders the tie with a reason, locks."""
    import_theory(c, c.organizer, pid, MARKS)

    chief = c.chief = c.first_log_in("chief judge", "ts_chief1")
    nav(chief, "裁判长控制台")
    chief.get_by_role("link", name="打开控制台").first.click()
    expect(chief.locator("#jx-conn")).to_have_attribute("data-state", "on")
    tablets = []
    for number in (1, 2, 3):
        tablet = c.first_log_in(f"judge {number}", f"ts_judge{number:02d}", TABLET,
                                )
        nav(tablet, "我的评分")
        tablet.get_by_role("link", name="打开评分平板").click()
        tablet.wait_for_url(f"{c.base}/judging/projects/{pid}")
        expect(tablet.locator("#jx-conn")).to_have_attribute("data-state", "on")
        tablets.append(tablet)
    assert SELF not in tablets[0].content()  # judges see anonymous codes only
    for name in MARKS:
        for number, tablet in enumerate(tablets, start=1):
            score(c, tablet, name, MARKS[name], number)
    c.shot(tablets[0], "tablet")
    # Every mark reached the console live: nothing left to score, the tie is listed.
    expect(chief.locator("#jx-lock")).to_be_enabled()
    expect(chief.locator("#jx-tie-count")).to_have_text("1")
    c.shot(chief, "console-tie")

    chief.get_by_role("link", name=re.compile("^并列")).click()
    expect(chief.locator("section.card")).to_have_count(1)
    expect(chief.locator("section.card tbody tr")).to_have_count(2)
    order = f"{c.codes['张海涛']}, {c.codes[CLAIMER]}"
    chief.locator("input[name=order]").fill(order)
    chief.locator("textarea[name=reason]").fill("两人总分及各项决胜指标均相同，经裁判组合议，"
                                                "以实操接线工艺复核结果排序。")
    chief.get_by_role("button", name="记录排序").click()
    expect(chief.locator(".alert-success")).to_be_visible()
    expect(chief.locator("section.card")).to_contain_text("已排序")
    c.shot(chief, "tie-ordered")

    chief.get_by_role("link", name="裁判长控制台").last.click()
    lock_scores(chief)
    c.shot(chief, "console-locked")
    for tablet in tablets:
        tablet.context.close()


def publish_finalise_certify(c: Contest, pid: int) -> None:
    """6. Publish; the 公示 ends; finalise; the approver approves; certificates; verify."""
    org = c.organizer
    org.goto(c.competition_url)
    org.locator("tr", has_text=PROJECTS[0]).get_by_role("link", name="实时成绩").click()
    org.get_by_role("button", name="发布公示").click()
    accept_confirm(org)
    expect(org.locator(".alert-success")).to_be_visible()
    c.shot(org, "published")

    org.goto(c.competition_url)
    org.locator("tr", has_text=PROJECTS[0]).get_by_role("link", name="竞赛结果").click()
    expect(org.locator("#refusal")).to_contain_text("公示期")
    end_publication_period(c.server, pid)
    org.reload()
    org.get_by_role("button", name="终审成绩").click()
    accept_confirm(org)
    expect(org.locator("#result-status")).to_have_text(re.compile("最终|终审"))
    rows = org.locator("tr[data-registration]")
    expect(rows.nth(0)).to_contain_text(SELF)
    expect(rows.nth(1)).to_contain_text("张海涛")
    expect(rows.nth(2)).to_contain_text(CLAIMER)
    for n in (1, 2):
        expect(rows.nth(n)).to_contain_text("裁判长裁定")
        expect(rows.nth(n)).to_contain_text("以实操接线工艺复核结果排序")
    expect(rows.nth(0)).to_contain_text("决定名次的依据: 总分")
    c.shot(org, "finalised")

    approver = c.first_log_in("approver", "ts_approver")
    nav(approver, "等级晋升")
    approver.get_by_role("link", name=re.compile(PROJECTS[0])).first.click()
    approve_all_promotions(c, approver, "promotions-to-approve")

    org.goto(c.competition_url)
    org.locator("tr", has_text=PROJECTS[0]).get_by_role("link", name="证书").click()
    issue_certificates(c, org, SELF)

    me = c.contestant
    nav(me, "我的证书")
    award = me.locator(".list-group-item", has_text="获奖证书")
    expect(award.first).to_be_visible()
    stranger = verify_downloaded_certificate(
        c, me, award.first.get_by_role("link", name="下载 PDF"))
    expect(stranger.locator("main")).to_contain_text("获奖证书")
    c.shot(stranger, "certificate-verified")
