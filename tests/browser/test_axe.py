"""axe-core on the pages of every role, in Chinese and English, at 1× and 200% zoom.

The README's demo season is loaded into a server of its own (the shared live server keeps the
other browser tests' data). One browser context per role logs in once, opens each page in
Chinese, then switches to English and opens them again; after each axe run at 1280 px wide the
viewport halves to 640 px (what 200% browser zoom gives the layout) and axe runs again. Any
serious or critical WCAG 2.0/2.1 A/AA violation fails, and so does a page that scrolls sideways
at 200% (WCAG 1.4.10). axe-core comes bundled with axe-playwright-python (pinned).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import use_server
from tests.browser.demo_server import DemoServer, serve_demo

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDE = {"width": 1280, "height": 800}
ZOOMED = {"width": 640, "height": 400}  # 1280×800 at 200% zoom
BLOCKING = {"serious", "critical"}


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoServer]:
    """Start the app on a fresh SQLite file holding `flask demo`'s data."""
    yield from serve_demo(tmp_path_factory.mktemp("axe"))


# Role → (log-in, pages). `{w}` is the live welders project, `{e}` the locked electricians,
# `{c}` the city contest.
ROLES: dict[str, tuple[tuple[str, str] | None, list[str]]] = {
    "public": (None, ["/", "/live/", "/live/projects/{w}", "/live/projects/{e}/screen",
                      "/live/competitions/{c}", "/verify", "/auth/login", "#failed-login"]),
    "organizer": (("org_tangshan", "organizer123"), [
        "/home", "/organizer/", "/organizer/competitions/{c}", "/registrations/competitions/{c}",
        "/checkin/", "/checkin/projects/{w}", "/schemes/projects/{w}",
        "/schemes/projects/{w}/judges", "/outcomes/projects/{e}", "/live/projects/{e}",
        "/judging/projects/{e}/stats", "/people/", "/organizer/judges", "/certificates/",
        "/audit/", "/appeals/", "/registrations/competitions/{c}?status=x&page=0"]),
    "judge": (("judge01", "judge123"), ["/judging/", "/judging/projects/{w}"]),
    "chief": (("chief02", "chief123"), ["/judging/chief", "/judging/projects/{e}/console"]),
    "contestant": (("contestant01", "contestant123"), [
        "/home", "/registrations/mine", "/certificates/mine", "/checkin/my-tickets",
        "/people/me", "/appeals/"]),
    "approver": (("approver", "approver123"), ["/approvals/"]),
    "arbitrator": (("arbitrator", "arbitrator123"), ["/appeals/"]),
}


def _axe_problems(page: Any, axe: Any, where: str) -> list[str]:
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": TAGS},
                                     "resultTypes": ["violations"]})
    problems = []
    for violation in results.response["violations"]:
        if violation["impact"] in BLOCKING:
            targets = ", ".join(str(n["target"]) for n in violation["nodes"][:3])
            problems.append(f"{where}: {violation['id']} ({violation['impact']}) "
                            f"×{len(violation['nodes'])} e.g. {targets}")
    return problems


def _visit(page: Any, base: str, path: str) -> None:
    if path == "#failed-login":
        # A form after a failed submit: errors must be tied to fields and readable.
        page.goto(f"{base}/auth/login")
        page.locator("form button[type=submit]").last.click()
        page.wait_for_load_state()
        return
    response = page.goto(base + path)
    status = response.status if response else None
    assert status == 200, f"{path}: {status}"


@pytest.mark.parametrize("role", list(ROLES))
def test_pages_have_no_serious_axe_violations(demo_server: DemoServer, browser: Any,
                                              role: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    use_server(demo_server.binding)
    login, paths = ROLES[role]
    axe = Axe()
    context = browser.new_context(viewport=WIDE, locale="zh-CN")
    page = context.new_page()
    base = demo_server.url
    problems: list[str] = []
    try:
        if login:
            page.goto(f"{base}/auth/login")
            page.locator("input[name=username]").fill(login[0])
            page.locator("input[name=password]").fill(login[1])
            page.locator("form button[type=submit]").last.click()
            page.wait_for_url(f"{base}/home")
        for locale in ("zh_CN", "en"):
            page.goto(f"{base}/locale/{locale}")
            for raw in paths:
                path = raw.format(w=demo_server.ids["welders"], e=demo_server.ids["electricians"],
                                  c=demo_server.ids["city"])
                page.set_viewport_size(WIDE)
                _visit(page, base, path)
                if path == "#failed-login":
                    assert page.locator('[aria-invalid="true"]').count() >= 1
                    focused = page.evaluate("document.activeElement.getAttribute('aria-invalid')")
                    assert focused == "true", "focus is not on the first field with an error"
                problems += _axe_problems(page, axe, f"{locale} 1× {path}")
                page.set_viewport_size(ZOOMED)
                page.wait_for_timeout(250)  # app.js re-marks scrolling tables 100 ms after resize
                problems += _axe_problems(page, axe, f"{locale} 200% {path}")
                overflow = page.evaluate(
                    "document.documentElement.scrollWidth - document.documentElement.clientWidth")
                if overflow > 1:
                    problems.append(f"{locale} 200% {path}: scrolls sideways by {overflow}px")
    finally:
        context.close()
    assert not problems, "\n".join(problems)
