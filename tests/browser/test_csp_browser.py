"""The Content-Security-Policy breaks nothing: no page reports a violation in Chromium."""

from __future__ import annotations

from typing import Any

from tests.factories import PASSWORD


def _watch(page: Any) -> list[str]:
    """Collect every CSP violation the page reports (securitypolicyviolation + console)."""
    seen: list[str] = []
    page.on("console", lambda msg: seen.append(msg.text)
            if "Content Security Policy" in msg.text else None)
    return seen


def test_pages_and_the_api_docs_run_under_the_csp(live_server, new_page, screenshot):
    from tests.factories import create_user

    live_server.seed(lambda: create_user("ADMIN", username="csp.admin"))
    page = new_page()
    violations = _watch(page)
    page.goto(live_server.url + "/auth/login")
    page.fill("#username", "csp.admin")
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    for path in ("/", "/auth/users", "/auth/password", "/auth/tokens", "/live/"):
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
    page.goto(live_server.url + "/api/v1/docs")
    page.wait_for_selector(".swagger-ui .info", timeout=30_000)
    screenshot(page, "api-docs")
    assert violations == []
