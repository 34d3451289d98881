"""The navigation stays readable from a phone to the big screen, for every role (issue #17, 2).

At 1366 and 1024 px the admin's many links used to squeeze into one-character columns. Each
role's home is screenshot at four widths; every visible nav link must be one line high.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

WIDTHS = (390, 1024, 1366, 1920)
ROLES = {
    "admin": ("ADMIN", "ORGANIZER", "JUDGE", "CHIEF_JUDGE", "ARBITRATOR", "APPROVER",
              "CONTESTANT"),
    "organizer": ("ORGANIZER",),
    "judge": ("JUDGE",),
    "chief": ("CHIEF_JUDGE",),
    "contestant": ("CONTESTANT",),
}

# Rendered heights of every visible nav link and the line height of its text.
_MEASURE = """() => [...document.querySelectorAll('#jx-nav .nav-link, .jx-navbar .navbar-brand')]
  .filter(a => a.offsetParent !== null)
  .map(a => { const s = getComputedStyle(a); const r = a.getBoundingClientRect();
    return {text: a.textContent.trim(), height: r.height, width: r.width,
            line: parseFloat(s.lineHeight) || parseFloat(s.fontSize) * 1.5,
            pad: parseFloat(s.paddingTop) + parseFloat(s.paddingBottom)}; })"""


def test_every_nav_link_stays_on_one_line_at_every_width(live_server, new_page, screenshot):
    from tests.factories import PASSWORD, create_user

    def seed() -> None:
        for name, roles in ROLES.items():
            create_user(*roles, username=f"nav-{name}", display_name=f"导航{name}")

    live_server.seed(seed)
    for name in ROLES:
        for width in WIDTHS:
            page = new_page(viewport={"width": width, "height": 900})
            page.goto(live_server.url + "/auth/login")
            page.locator("input[name=username]").fill(f"nav-{name}")
            page.locator("input[name=password]").fill(PASSWORD)
            page.locator("form").get_by_role("button", name="登录").click()
            page.wait_for_url(live_server.url + "/home")
            toggler = page.locator(".navbar-toggler")
            if toggler.is_visible():
                toggler.click()
                page.locator("#jx-nav.show").wait_for()
            screenshot(page, f"{name}-{width}")
            links = page.evaluate(_MEASURE)
            assert links, (name, width)
            for link in links:
                # One line of text plus padding; a wrapped label is at least twice as tall.
                assert link["height"] < 1.6 * link["line"] + link["pad"], (name, width, link)
            page.close()
