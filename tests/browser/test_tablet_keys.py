"""The judge tablet by keyboard, and the chief judge's announcement arriving live (issue #17, 3)."""

from __future__ import annotations

import pytest

from tests.browser.full_contest_helpers import log_in
from tests.browser.test_judging_live import (
    LANDSCAPE,
    _open_tablet,
    _pick,
    _seed,
    _sheet,
    _wait_state,
)

pytestmark = pytest.mark.browser


def test_keyboard_scoring_and_a_live_announcement(live_server, new_page, screenshot):
    data = _seed(live_server)
    tablet = _open_tablet(new_page, live_server, data, 0, LANDSCAPE)
    _pick(tablet, data["codes"][0])

    # Digits score a J aspect; the down arrow moves on to the panel aspect, typed then Enter.
    j = _sheet(tablet, data["j"])
    j.focus()
    tablet.keyboard.press("2")
    _wait_state(tablet, data["j"], "synced")
    assert j.locator('.jx-j-btn[data-value="2"]').get_attribute("aria-pressed") == "true"
    _sheet(tablet, data["j"]).focus()
    tablet.keyboard.press("ArrowDown")
    focused = tablet.evaluate("document.activeElement.closest('.jx-sheet').dataset.sheet")
    assert focused != f"a:{data['j']}"
    panel = _sheet(tablet, data["panel"])
    panel.focus()
    for key in "7.5":
        tablet.keyboard.press(key)
    assert panel.locator(".jx-pad-display").inner_text() == "7.5"
    tablet.keyboard.press("Enter")
    _wait_state(tablet, data["panel"], "synced")
    screenshot(tablet, "1-keyboard-scored")

    # The chief judge posts an announcement on the console; the tablet shows it at once.
    chief = new_page(viewport=LANDSCAPE)
    log_in(chief, live_server.url, data["chief"])
    chief.goto(f"{live_server.url}/judging/projects/{data['project_id']}/console")
    chief.locator("#jx-announce textarea").fill("10:30 起暂停十分钟，请停止评分")
    chief.get_by_role("button", name="发送到全部平板").click()
    chief.locator(".alert-success").wait_for()
    banner = tablet.locator("#jx-banner:not(.d-none)")
    banner.wait_for()
    assert "10:30 起暂停十分钟" in banner.inner_text()
    screenshot(tablet, "2-announcement")


def test_reloading_the_tablet_offline_opens_it_with_the_outbox_intact(live_server, new_page,
                                                                     screenshot):
    data = _seed(live_server)
    tablet = _open_tablet(new_page, live_server, data, 0, LANDSCAPE)
    assert tablet.evaluate("navigator.serviceWorker.ready.then(r => r.active.scriptURL)") \
        .endswith("/judging/sw.js")
    # The first visit installs the worker; the next one (still online) fills its cache.
    tablet.reload()
    tablet.wait_for_function("navigator.serviceWorker.controller !== null")
    tablet.wait_for_selector('#jx-conn[data-state="on"]')

    tablet.context.set_offline(True)
    _pick(tablet, data["codes"][1])
    _sheet(tablet, data["j"]).locator('.jx-j-btn[data-value="3"]').click()
    _wait_state(tablet, data["j"], "pending")
    tablet.reload()
    tablet.wait_for_selector("#jx-tablet")
    _pick(tablet, data["codes"][1])
    _wait_state(tablet, data["j"], "pending")
    assert tablet.locator("#jx-pending").get_attribute("data-count") == "1"
    screenshot(tablet, "3-offline-reload")

    tablet.context.set_offline(False)
    _wait_state(tablet, data["j"], "synced")
