"""The appeal flow in real browsers: the organizer publishes, a contestant appeals, the
arbitrator upholds, the score is re-marked and re-locked, the organizer publishes again, the
board shows the new result and the 公示 PDF carries it (checked with pdftotext)."""

from __future__ import annotations

import subprocess
from datetime import timedelta
from typing import Any

from tests.browser.confirming import accept_confirm
from tests.browser.conftest import PHONE, TABLET
from tests.browser.full_contest_helpers import log_in
from tests.fixtures.services import require_tools
from tests.judging_setup import new_id


def _seed(live_server: Any) -> dict[str, Any]:
    def make() -> dict[str, Any]:
        from app.extensions import db
        from app.models._types import utcnow
        from app.services.boards import leaderboard_cache
        from app.services.scoring import judging_events
        from app.services.scoring.chief_judge import lock_project
        from tests.board_setup import arbitrator
        from tests.factories import create_user
        from tests.judging_setup import build_contest, score_all

        judging_events.forget()
        leaderboard_cache.forget()
        contest = build_contest()
        contest.project.ends_at = utcnow() - timedelta(minutes=10)
        db.session.commit()
        score_all(contest)
        lock_project(contest.chief, contest.project.id, now=utcnow())
        third = contest.registrations[2]
        user = create_user("CONTESTANT", username=f"appellant{contest.project.id}",
                           person_id=third.person_id)
        arb = arbitrator(f"arbitrator{contest.project.id}")
        return {"project_id": contest.project.id, "organizer": contest.organizer.username,
                "contestant": user.username, "arbitrator": arb.username,
                "registration_id": third.id, "judge_id": contest.judges[0].id,
                "chief_id": contest.chief.id, "m_id": contest.m.id, "j_id": contest.j.id}

    return live_server.seed(make)


def _pdf_text(page: Any, url: str, tmp_path: Any) -> str:
    response = page.request.get(url)
    assert response.ok and response.body().startswith(b"%PDF")
    path = tmp_path / "publication.pdf"
    path.write_bytes(response.body())
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def test_publish_appeal_uphold_remark_republish(live_server, new_page, screenshot, tmp_path):
    require_tools("pdftotext")
    seeded = _seed(live_server)
    base, pid = live_server.url, seeded["project_id"]
    board_url = f"/live/projects/{pid}"

    organizer = new_page(viewport=TABLET)
    log_in(organizer, base, seeded["organizer"], board_url)
    organizer.get_by_role("button", name="发布公示").click()
    accept_confirm(organizer)
    organizer.wait_for_selector(".alert-success")
    assert "公示中" in organizer.locator("#jx-board-banner").inner_text()
    before = _pdf_text(organizer, f"{base}/live/projects/{pid}/publication.pdf", tmp_path)
    assert "成绩公示" in before and "选手3" in before
    screenshot(organizer, "1-published")

    contestant = new_page(viewport=PHONE)
    log_in(contestant, base, seeded["contestant"], "/appeals/new")
    contestant.locator("select[name=subject]").select_option("SCORE")
    contestant.locator("textarea[name=text]").fill("尺寸测量记录有误，我的工件尺寸合格，请求复核。")
    contestant.locator("input[name=attachment]").set_input_files(
        files=[{"name": "measure.txt", "mimeType": "text/plain", "buffer": b"40mm"}])
    screenshot(contestant, "2-appeal-form")
    contestant.get_by_role("button", name="提交申诉").click()
    contestant.wait_for_url(base + "/appeals/")
    assert "审理中" in contestant.content()

    public = new_page(viewport=PHONE)
    public.goto(base + board_url)
    public.wait_for_selector("#jx-board[data-connected='1']")
    assert "申诉处理中" in public.locator("#jx-board-banner").inner_text()

    arbiter = new_page(viewport=TABLET)
    log_in(arbiter, base, seeded["arbitrator"], "/appeals/")
    arbiter.get_by_role("link", name="查看案卷").first.click()
    assert "appeal.filed" in arbiter.content()
    arbiter.get_by_label("申诉成立：重新开放评分").check()
    arbiter.locator("textarea[name=reason]").fill("尺寸测量记录有误，准予对该项重新评分。")
    screenshot(arbiter, "3-case-file")
    arbiter.get_by_role("button", name="记录裁决").click()
    arbiter.wait_for_selector(".alert-success")
    public.wait_for_function(
        "() => document.querySelector('#jx-board-banner').textContent.includes('成绩暂定')")

    def remark() -> None:
        from app.extensions import db
        from app.models import User
        from app.models._types import utcnow
        from app.services.scoring.chief_judge import lock_project
        from app.services.scoring.judging import submit_score

        judge = db.session.get(User, seeded["judge_id"])
        submit_score(client_id=new_id(), judge=judge, registration_id=seeded["registration_id"],
                     aspect_id=seeded["m_id"], value=0, now=utcnow())
        lock_project(db.session.get(User, seeded["chief_id"]), pid, now=utcnow())

    old_total = public.locator("#jx-board-rows tr", has_text="选*3").locator(
        ".jx-total").inner_text()
    live_server.seed(remark)
    public.wait_for_function(
        "t => { const row = [...document.querySelectorAll('#jx-board-rows tr')]"
        ".find(r => r.textContent.includes('选*3'));"
        " return row && row.querySelector('.jx-total').textContent !== t; }", arg=old_total)
    new_total = public.locator("#jx-board-rows tr", has_text="选*3").locator(
        ".jx-total").inner_text()
    assert new_total != old_total

    organizer.goto(base + board_url)
    organizer.get_by_role("button", name="重新公示").click()
    accept_confirm(organizer)
    organizer.wait_for_selector(".alert-success")
    public.wait_for_function(
        "() => document.querySelector('#jx-board-banner').textContent.includes('公示中')")
    screenshot(public, "4-board-after-remark")
    after = _pdf_text(organizer, f"{base}/live/projects/{pid}/publication.pdf", tmp_path)
    line_before = next(line for line in before.splitlines() if "选手3" in line)
    line_after = next(line for line in after.splitlines() if "选手3" in line)
    # 名次 姓名 单位 理论 技能 总分 奖项: the total column carries the corrected result.
    assert line_before.split()[5] == old_total and line_after.split()[5] == new_total
