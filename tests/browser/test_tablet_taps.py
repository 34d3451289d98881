"""A tap on the judge tablet is never lost to a redraw (review B1).

Each ack and outbox change redrew the tablet by rebuilding the sheets: a tap whose pointerdown
landed on a pad key that the redraw then replaced fired no click, so typing 1, 2 while an
earlier score's ack arrived saved 2 (or 1) instead of 12, and the pad's out-of-range message was
wiped. The tests hold a score's ack and let it land between a key's pointerdown and pointerup.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from tests.browser.test_judging_live import (
    LANDSCAPE,
    _events,
    _open_tablet,
    _pick,
    _seed,
    _sheet,
    _wait_state,
)

pytestmark = pytest.mark.browser

# Keep the next `window.__jxHold` submit_score acks until the test lets them land.
_HOLD_ACKS = """
() => {
  const socket = window.jxTablet.socket;
  const real = socket.timeout.bind(socket);
  window.__jxHold = 0;
  window.__jxHeld = [];
  socket.timeout = function (ms) {
    const timed = real(ms);
    return { emit: function (name, payload, callback) {
      return timed.emit(name, payload, function (err, ack) {
        if (window.__jxHold > 0 && name === "submit_score") {
          window.__jxHold -= 1;
          window.__jxHeld.push(function () { callback(err, ack); });
        } else {
          callback(err, ack);
        }
      });
    } };
  };
}
"""
_LAND_ACKS = "() => window.__jxHeld.splice(0).forEach((land) => land())"


def _score_j_with_held_ack(page: Any, data: dict[str, Any], value: int) -> None:
    """Score the J aspect; its ack reaches the tablet only when the test lands it."""
    page.evaluate("() => { window.__jxHold = 1; }")
    _sheet(page, data["j"]).locator(f'.jx-j-btn[data-value="{value}"]').click()
    page.wait_for_function("() => window.__jxHeld.length === 1")


def _tap_across_ack(page: Any, button: Any) -> None:
    """Press `button`, let the held ack land (a redraw), then lift the finger."""
    button.scroll_into_view_if_needed()
    box = button.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.evaluate(_LAND_ACKS)
    page.mouse.up()


def test_a_digit_tapped_while_an_ack_lands_is_kept_and_saved(live_server, new_page):
    data = _seed(live_server)
    tablet = _open_tablet(new_page, live_server, data, 0, LANDSCAPE)
    _pick(tablet, data["codes"][0])
    tablet.evaluate(_HOLD_ACKS)
    panel = _sheet(tablet, data["panel"])

    _score_j_with_held_ack(tablet, data, 2)
    _tap_across_ack(tablet, panel.locator('.jx-key[data-key="1"]'))
    _wait_state(tablet, data["j"], "synced")
    panel.locator('.jx-key[data-key="2"]').click()
    assert panel.locator(".jx-pad-display").inner_text() == "12"
    panel.locator(".jx-pad-ok").click()
    _wait_state(tablet, data["panel"], "synced")
    assert panel.locator(".jx-value").inner_text() == "12"
    stored = [value for _cid, _judge, _reg, aspect, value in
              _events(live_server, data["project_id"]) if aspect == data["panel"]]
    assert stored == [Decimal("12")]


def test_the_pad_keeps_its_digits_and_error_through_an_ack(live_server, new_page):
    data = _seed(live_server)
    tablet = _open_tablet(new_page, live_server, data, 0, LANDSCAPE)
    _pick(tablet, data["codes"][0])
    tablet.evaluate(_HOLD_ACKS)
    panel = _sheet(tablet, data["panel"])

    for key in "45":  # the panel aspect's range is 0–30
        panel.locator(f'.jx-key[data-key="{key}"]').click()
    panel.locator(".jx-pad-ok").click()
    error = panel.locator(".jx-pad-error")
    assert "30" in error.inner_text()

    _score_j_with_held_ack(tablet, data, 1)
    tablet.evaluate(_LAND_ACKS)
    _wait_state(tablet, data["j"], "synced")
    assert panel.locator(".jx-pad-display").inner_text() == "45"
    assert "30" in error.inner_text()
    # The judge corrects the value: the error goes, the right value is saved.
    for key in "⌫⌫":
        panel.locator(f'.jx-key[data-key="{key}"]').click()
    panel.locator('.jx-key[data-key="9"]').click()
    assert error.inner_text() == ""
    panel.locator(".jx-pad-ok").click()
    _wait_state(tablet, data["panel"], "synced")
    assert panel.locator(".jx-value").inner_text() == "9"


def test_dismissing_a_refusal_hands_focus_to_its_sheet(live_server, new_page):
    """The refusal's note is hidden in place now: focus must not stay on its hidden button."""
    data = _seed(live_server)
    tablet = _open_tablet(new_page, live_server, data, 0, LANDSCAPE)
    _pick(tablet, data["codes"][0])

    def did_not_finish() -> None:
        from app.extensions import db
        from app.models import User
        from app.services.scoring.penalties import set_finish_status
        from tests.judging_setup import NOW

        chief = db.session.scalar(db.select(User).filter_by(username=data["chief"]))
        set_finish_status(chief, data["project_id"], registration_id=data["regs"][0],
                          status="DNF", reason="中途退出", now=NOW)

    live_server.seed(did_not_finish)
    sheet = _sheet(tablet, data["j"])
    sheet.locator('.jx-j-btn[data-value="2"]').click()
    _wait_state(tablet, data["j"], "rejected")
    dismiss = sheet.locator(".jx-dismiss")
    dismiss.focus()
    tablet.keyboard.press("Enter")
    _wait_state(tablet, data["j"], "empty")
    assert dismiss.is_hidden()
    assert tablet.evaluate("() => document.activeElement.dataset.focusKey") == f"s:a:{data['j']}"
