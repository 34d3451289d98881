"""The judge tablet by keyboard: focus survives every redraw, the live region says one line.

Before, each redraw rebuilt the cards and focus fell to <body> (138 keystrokes for one
contestant); now choosing a contestant puts focus on the sheet heading and a score keeps focus
on the pressed button, with a short status line instead of the whole sheet re-announced.
"""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import TABLET
from tests.browser.full_contest_helpers import log_in
from tests.browser.test_judging_live import _seed

FOCUS_KEY = (
    "document.activeElement && document.activeElement.dataset.focusKey"
    " || document.activeElement.tagName"
)


def _tab_to(page: Any, key: str, limit: int = 60) -> int:
    """Press Tab until the control with data-focus-key `key` has focus; return the presses."""
    for presses in range(limit + 1):
        if page.evaluate(FOCUS_KEY) == key:
            return presses
        page.keyboard.press("Tab")
    raise AssertionError(f"{key} not reached in {limit} Tab presses")


def test_focus_stays_on_the_control_after_each_redraw(live_server, new_page, screenshot):
    data = _seed(live_server)
    page = new_page(viewport=TABLET)
    log_in(page, live_server.url, data["judges"][0])
    page.goto(f"{live_server.url}/judging/projects/{data['project_id']}")
    page.wait_for_selector('#jx-conn[data-state="on"]')
    first = data["codes"][0]

    _tab_to(page, f"c:{first}")
    page.keyboard.press("Enter")
    assert page.evaluate(FOCUS_KEY) == "sheets"
    assert page.evaluate("document.activeElement.id") == "jx-sheets-code"

    j_sheet = f"s:a:{data['j']}"
    _tab_to(page, f"{j_sheet}|v:2")
    page.keyboard.press("Space")
    page.wait_for_selector(f'[data-sheet="a:{data["j"]}"][data-state="synced"]')
    assert page.evaluate(FOCUS_KEY) == f"{j_sheet}|v:2"
    assert page.locator(f'[data-focus-key="{j_sheet}|v:2"]').get_attribute("aria-pressed") == "true"
    status = page.wait_for_function(
        "() => document.getElementById('jx-status').textContent.includes('2')").json_value()
    assert status
    text = page.locator("#jx-status").text_content() or ""
    assert 0 < len(text) <= 40, text
    assert page.locator("#jx-sheets").get_attribute("aria-live") is None

    # The number pad: digits and Save by keyboard, focus stays on Save after the redraw.
    panel = f"s:a:{data['panel']}"
    _tab_to(page, f"{panel}|k:7")
    page.keyboard.press("Enter")
    _tab_to(page, f"{panel}|save")
    page.keyboard.press("Enter")
    page.wait_for_selector(f'[data-sheet="a:{data["panel"]}"][data-state="synced"]')
    assert page.evaluate(FOCUS_KEY) == f"{panel}|save"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineWidth")
    assert outline == "3px"
    screenshot(page, "tablet_focus_on_save")
