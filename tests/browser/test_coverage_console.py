"""The chief judge's console names a cell nobody may score (every seated judge recuses) and
keeps the lock button disabled, though every cell a judge may score is in."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.browser.conftest import TABLET
from tests.browser.full_contest_helpers import log_in


def test_the_console_names_a_coverage_gap_and_keeps_the_lock_off(live_server, new_page):
    def make() -> dict[str, Any]:
        from app.extensions import db
        from tests.judging_setup import build_contest
        from tests.services.test_coverage import _conflict, score_what_may_be_scored

        contest = build_contest()
        _conflict(db, contest, "employer")  # judge 1, alone on A1.1, works where J001 works
        score_what_may_be_scored(contest)
        return {"project_id": contest.project.id, "chief": contest.chief.username}

    data = live_server.seed(make)
    chief = new_page(viewport=TABLET)
    log_in(chief, live_server.url, data["chief"])
    chief.goto(f"{live_server.url}/judging/projects/{data['project_id']}/console")
    chief.wait_for_selector('#jx-conn[data-state="on"]')
    expect(chief.locator("#jx-lock-reason")).to_contain_text(
        "A1.1 没有可评 J001 的裁判（全部须回避），请增派裁判")
    expect(chief.locator("#jx-lock")).to_be_disabled()
