"""Logging out clears the judge tablet's cached pages, but never silently drops unsent scores.

The tablet's service worker keeps the tablet page in CacheStorage (for an offline reload); the
outbox keeps unacknowledged scores in localStorage. Log-out deletes the cached pages and the
answer carries Clear-Site-Data ("cache", plus "storage" only when no outbox holds a score).
With a score still waiting, the log-out asks first; cancelling keeps the judge logged in, going
on keeps the score on the device, and it is stored once the judge logs in there again.
"""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import TABLET
from tests.browser.full_contest_helpers import log_in

CACHED = """async () => { const keys = await caches.keys();
  let n = 0; for (const k of keys) { n += (await (await caches.open(k)).keys()).length; }
  return {keys, n}; }"""
OUTBOX = """() => Object.keys(localStorage).filter(k => k.startsWith('jx-outbox:'))
  .reduce((n, k) => n + JSON.parse(localStorage.getItem(k) || '[]').length, 0)"""


def _seed(live_server: Any) -> dict[str, Any]:
    def make() -> dict[str, Any]:
        from tests.judging_setup import build_contest

        contest = build_contest(contestants=2)
        return {"project_id": contest.project.id, "j": contest.j.id,
                "code": contest.registrations[0].anonymous_code,
                "registration_id": contest.registrations[0].id,
                "judge": contest.judges[0].username}

    return live_server.seed(make)


def _stored(live_server: Any, registration_id: int) -> int:
    def read() -> int:
        from sqlalchemy import func, select

        from app.extensions import db
        from app.models import ScoreEvent

        n = db.session.scalar(select(func.count(ScoreEvent.id)).where(
            ScoreEvent.registration_id == registration_id))
        db.session.rollback()
        return int(n or 0)

    return live_server.seed(read)


def _wait_until(page: Any, script: str, timeout_ms: int) -> None:
    """Poll a page function until it returns something true.

    Polled from here with page.evaluate: wait_for_function's in-page polling compiles the
    function from a string, which the app's CSP (no 'unsafe-eval') refuses.
    """
    for _ in range(timeout_ms // 100):
        if page.evaluate(script):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"not true within {timeout_ms} ms: {script}")


def _tablet(page: Any, url: str, data: dict[str, Any]) -> None:
    """Open the tablet and wait until the service worker has cached it."""
    page.goto(f"{url}/judging/projects/{data['project_id']}")
    page.wait_for_selector("#jx-tablet")
    _wait_until(page, "() => Boolean(navigator.serviceWorker?.controller)", 10_000)
    page.reload()  # now through the worker, which keeps a copy
    _wait_until(page, "async () => (await caches.keys()).length > 0", 10_000)
    page.wait_for_timeout(300)


def _is_logout(response: Any) -> bool:
    # Waited for with expect_response: a page.on("response") listener may not have run yet
    # when the redirect's target has loaded (CI seed 2875585544 read an empty list).
    return response.request.method == "POST" and response.url.endswith("/auth/logout")


def _open_logout(page: Any) -> None:
    page.locator("button.jx-user").click()
    page.locator("form[data-jx-logout] button[type=submit]").click()


def test_logout_with_nothing_unsent_clears_the_cached_tablet(live_server, new_page):
    data = _seed(live_server)
    page = new_page(viewport=TABLET)
    log_in(page, live_server.url, data["judge"])
    _tablet(page, live_server.url, data)
    assert page.evaluate(CACHED)["n"] >= 1
    with page.expect_response(_is_logout) as logout:
        _open_logout(page)
    page.wait_for_url(live_server.url + "/")
    assert logout.value.header_value("clear-site-data") == '"cache", "storage"'
    assert page.evaluate(CACHED) == {"keys": [], "n": 0}
    # Nothing of the tablet answers any more: the page needs a log-in again.
    page.goto(f"{live_server.url}/judging/projects/{data['project_id']}")
    assert "/auth/login" in page.url


def test_unsent_scores_warn_first_and_stay_until_the_judge_is_back(live_server, new_page):
    data = _seed(live_server)
    page = new_page(viewport=TABLET)
    log_in(page, live_server.url, data["judge"])
    _tablet(page, live_server.url, data)
    # The venue Wi-Fi drops for scores: neither the socket nor the HTTP fallback gets through.
    page.route("**/socket.io/**", lambda route: route.abort())
    page.route("**/api/v1/scores", lambda route: route.abort())
    page.evaluate("window.jxTablet.socket && window.jxTablet.socket.disconnect()")
    page.evaluate(f"""window.jxTablet.outbox.add({{registration_code: "{data['code']}",
                     aspect_id: {data['j']}, value: 2}})""")
    page.wait_for_timeout(300)
    assert page.evaluate(OUTBOX) == 1

    _open_logout(page)
    dialog = page.locator("#jx-confirm")
    dialog.wait_for(state="visible")
    assert "1" in page.locator("#jx-confirm-text").inner_text()
    page.locator("#jx-confirm-cancel").click()  # stay: still logged in, the score kept
    assert "/judging/projects/" in page.url and page.evaluate(OUTBOX) == 1

    _open_logout(page)
    dialog.wait_for(state="visible")
    with page.expect_response(_is_logout) as logout:
        page.locator("#jx-confirm-ok").click()
    page.wait_for_url(live_server.url + "/")
    assert logout.value.header_value("clear-site-data") == '"cache"'  # the outbox survives
    assert page.evaluate(OUTBOX) == 1
    assert page.evaluate(CACHED)["n"] == 0  # the cached tablet page is gone all the same
    assert _stored(live_server, data["registration_id"]) == 0

    # Back online, the same judge logs in on this tablet: the kept score is sent.
    page.unroute("**/socket.io/**")
    page.unroute("**/api/v1/scores")
    log_in(page, live_server.url, data["judge"])
    page.goto(f"{live_server.url}/judging/projects/{data['project_id']}")
    _wait_until(page, OUTBOX.replace("() =>", "() => 0 ===", 1), 15_000)
    assert _stored(live_server, data["registration_id"]) == 1
