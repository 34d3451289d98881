"""A phone and a 1920×1080 big screen watch a project while judges score: rows move live; the
public board freezes on time while the organizer still sees live data; the ceremony reveal."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace
from typing import Any

from tests.browser.conftest import PHONE, TABLET
from tests.browser.full_contest_helpers import log_in
from tests.judging_setup import new_id

SCREEN = {"width": 1920, "height": 1080}


def _seed(live_server: Any) -> dict[str, Any]:
    def make() -> dict[str, Any]:
        from app.extensions import db
        from app.models._types import utcnow
        from app.services.boards import leaderboard_cache
        from app.services.scoring import judging_events
        from tests.judging_setup import build_contest

        judging_events.forget()
        leaderboard_cache.forget()
        contest = build_contest(contestants=6)
        contest.project.ends_at = utcnow() + timedelta(hours=1)
        db.session.commit()
        ids = SimpleNamespace(
            project=contest.project.id, theory=contest.theory.id, m=contest.m.id,
            j=contest.j.id, panel=contest.panel.id, chief=contest.chief.id,
            judges=[u.id for u in contest.judges],
            registrations=[r.id for r in contest.registrations])
        return {"contest": ids, "project_id": contest.project.id,
                "organizer": contest.organizer.username}

    return live_server.seed(make)


def _enter(live_server: Any, contest: Any, index: int, *, theory: int, panel: int,
           judges: int = 3) -> None:
    """Score one contestant through the service (as the tablets do)."""

    def make() -> None:
        from app.extensions import db
        from app.models import User
        from app.models._types import utcnow
        from app.services.scoring.judging import submit_score

        rid = contest.registrations[index]
        chief = db.session.get(User, contest.chief)
        seated = [db.session.get(User, uid) for uid in contest.judges]
        now = utcnow()
        submit_score(client_id=new_id(), judge=chief, registration_id=rid,
                     component_id=contest.theory, value=theory, now=now)
        submit_score(client_id=new_id(), judge=seated[0], registration_id=rid,
                     aspect_id=contest.m, value=40, now=now)
        for number, judge in enumerate(seated[:judges]):
            if index == 2 and number == 2:
                continue  # judge 3 recuses from contestant 3
            submit_score(client_id=new_id(), judge=judge, registration_id=rid,
                         aspect_id=contest.j, value=2, now=now)
            submit_score(client_id=new_id(), judge=judge, registration_id=rid,
                         aspect_id=contest.panel, value=panel, now=now)

    live_server.seed(make)


def _freeze(live_server: Any, pid: int) -> None:
    """Freeze the public board a second ago."""

    def freeze() -> None:
        from app.extensions import db
        from app.models import Project
        from app.models._types import utcnow

        db.session.get(Project, pid).board_freeze_at = utcnow() - timedelta(seconds=1)
        db.session.commit()

    live_server.seed(freeze)


def _last_seq(live_server: Any, pid: int) -> int:
    """The project's latest score sequence number, as committed."""

    def last_seq() -> int:
        from app.extensions import db
        from app.models import Project

        return db.session.get(Project, pid).event_seq

    return live_server.seed(last_seq)


def _first_name(page: Any) -> str:
    return page.locator("#jx-board-rows tr").first.locator(".jx-name").inner_text()


def _wait_first(page: Any, name: str) -> None:
    page.wait_for_function(
        "n => { const r = document.querySelector('#jx-board-rows tr .jx-name');"
        " return r && r.textContent === n; }", arg=name)


def test_phone_and_big_screen_follow_the_scores_and_freeze(live_server, new_page, screenshot):
    seeded = _seed(live_server)
    contest, pid = seeded["contest"], seeded["project_id"]
    base = live_server.url
    phone = new_page(viewport=PHONE)
    big = new_page(viewport=SCREEN)
    phone.goto(f"{base}/live/projects/{pid}")
    big.goto(f"{base}/live/projects/{pid}/screen")
    for page in (phone, big):
        page.wait_for_selector("#jx-board[data-connected='1']")
    # Nothing scored yet: no "provisional results" to promise.
    assert phone.locator("#jx-board-banner").inner_text().startswith("尚无成绩")
    # The big screen opened on a phone reflows: no sideways scrolling.
    small = new_page(viewport=PHONE)
    small.goto(f"{base}/live/projects/{pid}/screen")
    assert small.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    _enter(live_server, contest, 0, theory=70, panel=20)
    _enter(live_server, contest, 1, theory=75, panel=22, judges=2)  # still being scored
    for page in (phone, big):
        _wait_first(page, "选*2")
    assert phone.locator("#jx-board-banner").inner_text().startswith("成绩暂定")
    assert "评分中" in phone.locator("#jx-board-rows").inner_text()
    _enter(live_server, contest, 5, theory=95, panel=28)
    for page in (phone, big):
        _wait_first(page, "选*6")
    assert big.locator("#jx-ticker-list li").first.inner_text().startswith("#1 选*6")
    screenshot(phone, "1-phone-live")
    screenshot(big, "2-big-screen-live")

    staff = new_page(viewport=TABLET)
    log_in(staff, base, seeded["organizer"], f"/live/projects/{pid}")
    staff.wait_for_selector("#jx-board[data-connected='1']")

    _freeze(live_server, pid)
    _enter(live_server, contest, 3, theory=100, panel=30)  # after the freeze
    for page in (phone, big):
        page.wait_for_selector("#jx-board[data-frozen='1']")
        assert _first_name(page) == "选*6"
        assert page.locator("#jx-board-frozen").is_visible()
    _wait_first(staff, "选手4")  # organizers still see live data, names in full
    screenshot(phone, "3-phone-frozen")
    screenshot(big, "4-big-screen-frozen")
    screenshot(staff, "5-organizer-live")


def test_the_ceremony_reveal_reaches_the_big_screen(live_server, new_page, screenshot):
    seeded = _seed(live_server)
    contest, pid = seeded["contest"], seeded["project_id"]
    for index in range(6):
        _enter(live_server, contest, index, theory=70 + 5 * index, panel=20 + index)

    def lock() -> None:
        from app.extensions import db
        from app.models import User
        from app.models._types import utcnow
        from app.services.scoring.chief_judge import lock_project

        lock_project(db.session.get(User, contest.chief), pid, now=utcnow())

    live_server.seed(lock)
    base = live_server.url
    big = new_page(viewport=SCREEN)
    big.goto(f"{base}/live/projects/{pid}/screen")
    big.wait_for_selector("#jx-board[data-connected='1']")
    console = new_page(viewport=TABLET)
    log_in(console, base, seeded["organizer"], f"/live/projects/{pid}/ceremony")
    console.get_by_role("button", name="开始：从最后一名起").click()
    console.wait_for_function(
        "() => document.getElementById('jx-ceremony-state').textContent.includes('0')")
    for _ in range(3):
        console.get_by_role("button", name="揭晓下一名").click()
    big.wait_for_function("() => document.querySelectorAll('.jx-ceremony-row').length === 3")
    assert big.locator("#jx-ceremony").is_visible()
    assert big.locator(".jx-ceremony-new .jx-ceremony-rank").inner_text() == "4"
    big.wait_for_function("() => document.getAnimations().length === 0")
    screenshot(big, "6-ceremony")


def test_a_phone_turned_away_while_judges_work_comes_back_by_itself(live_server, new_page):
    """A busy server's 503 (pacing, the gate) is retried after Retry-After, not dropped."""
    seeded = _seed(live_server)
    contest, pid = seeded["contest"], seeded["project_id"]
    phone = new_page(viewport=PHONE)
    asked: list[int] = []

    def busy_once(route: Any) -> None:
        asked.append(1)
        if len(asked) == 1:
            route.fulfill(status=503, headers={"Retry-After": "1", "Cache-Control": "no-store"},
                          content_type="application/json",
                          body='{"error": {"code": "server.busy", "field": null, "message": ""}}')
        else:
            route.continue_()

    phone.route(f"**/api/v1/projects/{pid}/standings*", busy_once)
    phone.goto(f"{live_server.url}/live/projects/{pid}")
    phone.wait_for_selector("#jx-board[data-connected='1']")

    _freeze(live_server, pid)
    _enter(live_server, contest, 0, theory=70, panel=20)  # the frozen delta asks for a refetch
    phone.wait_for_selector("#jx-board[data-frozen='1']", timeout=10_000)
    assert len(asked) >= 2  # refused once, then fetched again without a reload


# Holds the board's snapshot answers while window.__jxHold is set, and records the highest seq
# of the deltas its socket received, so a test can order a fetch against a later score.
_HOLD_SNAPSHOTS = """
(() => {
  window.__jxHold = false; window.__jxHeld = []; window.__jxSeq = 0;
  const realFetch = window.fetch;
  window.fetch = function (url) {
    const answer = realFetch.apply(this, arguments);
    if (!window.__jxHold || !String(url).includes('/standings')) { return answer; }
    return new Promise((resolve, reject) => {
      window.__jxHeld.push(() => answer.then(resolve, reject));
    });
  };
  window.__jxRelease = () => {
    window.__jxHold = false;
    window.__jxHeld.splice(0).forEach((go) => go());
  };
  let realIo;
  Object.defineProperty(window, 'io', {
    configurable: true,
    get() {
      return realIo && function () {
        const socket = realIo.apply(this, arguments);
        socket.on('standings_changed', (d) => {
          window.__jxSeq = Math.max(window.__jxSeq, d.seq);
        });
        return socket;
      };
    },
    set(value) { realIo = value; },
  });
})();
"""


def test_a_board_whose_fetch_predates_the_last_score_fetches_again(live_server, new_page):
    """A delta that lands while a snapshot is in flight is not lost when that snapshot is older."""
    seeded = _seed(live_server)
    contest, pid = seeded["contest"], seeded["project_id"]
    phone = new_page(viewport=PHONE)
    phone.add_init_script(_HOLD_SNAPSHOTS)
    phone.goto(f"{live_server.url}/live/projects/{pid}")
    phone.wait_for_selector("#jx-board[data-connected='1']")
    # A fetch leaves before any score and its answer is held in the browser.
    phone.evaluate("window.__jxHold = true; void window.JxBoard.refetch();")
    phone.wait_for_function("window.__jxHeld.length === 1")

    _enter(live_server, contest, 4, theory=90, panel=25)

    # Every delta of those scores has reached the page while the old answer was held.
    last = _last_seq(live_server, pid)
    phone.wait_for_function("n => window.__jxSeq >= n", arg=last)
    phone.evaluate("window.__jxRelease()")
    # The old answer may be drawn for a moment (on a busy server it can already show 选*5
    # first: CI seed 1698075136); the fetch it was marked stale for must follow and land.
    phone.wait_for_function("n => window.JxBoard.board().seq === n", arg=last)
    _wait_first(phone, "选*5")


def test_a_board_told_to_come_back_later_waits_even_when_scores_arrive(live_server, new_page):
    """Deltas arriving during a 503's Retry-After do not fetch sooner than the server asked."""
    seeded = _seed(live_server)
    contest, pid = seeded["contest"], seeded["project_id"]
    phone = new_page(viewport=PHONE)
    phone.add_init_script(_HOLD_SNAPSHOTS)
    asked: list[int] = []

    def busy(route: Any) -> None:
        asked.append(1)
        route.fulfill(status=503, headers={"Retry-After": "120", "Cache-Control": "no-store"},
                      content_type="application/json",
                      body='{"error": {"code": "server.busy", "field": null, "message": ""}}')

    phone.route(f"**/api/v1/projects/{pid}/standings*", busy)
    phone.goto(f"{live_server.url}/live/projects/{pid}")
    phone.wait_for_selector("#jx-board[data-connected='1']")
    with phone.expect_response(f"**/api/v1/projects/{pid}/standings*"):
        phone.evaluate("void window.JxBoard.refetch()")
    assert len(asked) == 1

    _freeze(live_server, pid)
    _enter(live_server, contest, 0, theory=70, panel=20)  # frozen deltas ask for a refetch

    phone.wait_for_function("n => window.__jxSeq >= n", arg=_last_seq(live_server, pid))
    assert len(asked) == 1  # the retry, two minutes on, will fetch the latest


def test_a_contestant_set_to_dnf_shows_its_status_and_leaves_the_progress(live_server,
                                                                          new_page):
    """Review B7: a DNF showed as "评分中 0/27" and the overall progress never reached 100 %."""
    seeded = _seed(live_server)
    contest, pid = seeded["contest"], seeded["project_id"]
    phone = new_page(viewport=PHONE)
    phone.goto(f"{live_server.url}/live/projects/{pid}")
    phone.wait_for_selector("#jx-board[data-connected='1']")
    for index in range(5):
        _enter(live_server, contest, index, theory=70 + index, panel=20)

    def dnf() -> None:
        from app.extensions import db
        from app.models import User
        from app.models._types import utcnow
        from app.services.scoring.penalties import set_finish_status

        set_finish_status(db.session.get(User, contest.chief), pid,
                          registration_id=contest.registrations[5], status="DNF",
                          reason="中途退出", now=utcnow())

    live_server.seed(dnf)
    row = phone.locator("#jx-board-rows tr", has=phone.locator(".jx-name", has_text="选*6"))
    row.locator(".jx-progress-status").wait_for()
    assert row.locator(".jx-progress-cell").inner_text() == "未完赛"
    assert "评分中" not in phone.locator("#jx-board-rows").inner_text()
    done, total = phone.locator("#jx-progress-overall").inner_text().split("/")
    assert done == total != "0"
