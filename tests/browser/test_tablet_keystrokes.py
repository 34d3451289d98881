"""Issue #18 "Done when": a whole contestant by keyboard in at most aspects × 3 keystrokes.

A count, not a time. From the page as loaded: Tab to the second contestant and Enter, then each
sheet with its shortcut (a J digit, digits + Enter on a number pad, Enter = full marks on an M
aspect), moving with the down arrow only when focus is not already on the sheet. After every
keystroke focus must be on a control of the page, never on <body>.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import TABLET
from tests.browser.full_contest_helpers import log_in
from tests.browser.test_judging_live import _seed

pytestmark = pytest.mark.browser

ON_BODY = "document.activeElement === null || document.activeElement === document.body"
FOCUS_KEY = "document.activeElement.dataset.focusKey || document.activeElement.tagName"
# Focus on the sheet (or on the heading, whose keys go to the first sheet still to score).
READY = ("name => { const a = document.activeElement; if (a.id === 'jx-sheets-code') return"
         " document.querySelector('.jx-sheet[data-state=\"empty\"]').dataset.sheet === name;"
         " const s = a.closest && a.closest('.jx-sheet');"
         " return !!s && s.dataset.sheet === name; }")
SHEETS = ("Array.from(document.querySelectorAll('.jx-sheet')).map(s => [s.dataset.sheet,"
          " s.querySelector('.jx-j') ? 'J' : s.querySelector('.jx-m') ? 'M' : 'PAD'])")


class Keyboard:
    """Press keys on a page, counting them and checking focus after each one."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.presses = 0

    def press(self, key: str) -> None:
        """Press one key; fail if focus fell to <body>."""
        self.page.keyboard.press(key)
        self.presses += 1
        assert not self.page.evaluate(ON_BODY), f"<body> after {key} (press {self.presses})"

    def until(self, key: str, predicate: str, arg: Any = None, limit: int = 60) -> None:
        """Press `key` until the predicate holds (bounded)."""
        for _ in range(limit):
            if self.page.evaluate(predicate, arg):
                return
            self.press(key)
        raise AssertionError(f"not reached with {limit} × {key}: {predicate}")

    def contestant(self, code: str, keys: dict[str, list[str]]) -> list[tuple[str, str]]:
        """Choose `code` (Tab to its card, Enter), then score every sheet; return the sheets."""
        self.until("Tab", "code => document.activeElement.dataset.code === code", code)
        self.press("Enter")
        self.page.wait_for_selector(f".jx-sheets-code:text-is('{code}')")
        sheets = [tuple(s) for s in self.page.evaluate(SHEETS)]
        for name, kind in sheets:
            self.until("ArrowDown", READY, name, limit=len(sheets))
            for key in keys[kind]:
                self.press(key)
            self.page.wait_for_selector(f'.jx-sheet[data-sheet="{name}"][data-state="synced"]')
            assert not self.page.evaluate(ON_BODY)
        return sheets


@pytest.mark.parametrize(
    ("card", "keys", "values"),
    [
        # Full marks on M by Enter, a J digit, 7 + Enter on the number pad.
        (1, {"M": ["Enter"], "J": ["2"], "PAD": ["7", "Enter"]}, ["40", "2", "7"]),
        # Zero on M by its digit, 7.5 on the pad (the longest: 4 keys).
        (0, {"M": ["0"], "J": ["3"], "PAD": ["7", ".", "5", "Enter"]}, ["0", "3", "7.5"]),
        # A two-digit M value beside a longer one's prefix: 2, 0 presses 20 (not 2 or full).
        (2, {"M": ["2", "0"], "J": ["0"], "PAD": ["3", "0", "Enter"]}, ["20", "0", "30"]),
    ],
)
def test_a_whole_contestant_by_keyboard_in_at_most_aspects_times_three(
        live_server, new_page, screenshot, card, keys, values):
    data = _seed(live_server)
    page = new_page(viewport=TABLET)
    log_in(page, live_server.url, data["judges"][0])
    page.goto(f"{live_server.url}/judging/projects/{data['project_id']}")
    page.wait_for_selector('#jx-conn[data-state="on"]')
    code = data["codes"][card]
    board = Keyboard(page)
    assert page.locator("#jx-keys").inner_text().startswith("键盘：J 评价分按 0–3")

    sheets = board.contestant(code, keys)

    assert [kind for _, kind in sheets] == ["M", "J", "PAD"]
    shown = [page.locator(f'.jx-sheet[data-sheet="{name}"] .jx-value').inner_text()
             for name, _ in sheets]
    assert shown == values
    assert "is-done" in (page.locator(f'.jx-contestant[data-code="{code}"]').get_attribute("class")
                         or "")
    assert board.presses <= 3 * len(sheets), board.presses
    # Done: focus waits on the next contestant still to finish, one Enter away.
    following = data["codes"][(card + 1) % 3]
    assert page.evaluate(FOCUS_KEY) == f"c:{following}"
    screenshot(page, f"whole-contestant-by-keyboard-{card}")


def _scored_and_sent_back(live_server: Any, data: dict[str, Any]) -> None:
    """Judge 1 scores every sheet of the first contestant; the chief sends the J sheet back."""

    def make() -> None:
        from sqlalchemy import select

        from app.extensions import db
        from app.models import User
        from app.services.scoring.chief_judge import request_rescore
        from app.services.scoring.judging import submit_score
        from tests.judging_setup import NOW, new_id

        def user(name: str) -> Any:
            return db.session.scalar(select(User).where(User.username == name))

        judge, reg = user(data["judges"][0]), data["regs"][0]
        for aspect, value in ((data["m"], "40"), (data["j"], "2"), (data["panel"], "7")):
            submit_score(client_id=new_id(), judge=judge, registration_id=reg, aspect_id=aspect,
                         value=value, now=NOW)
        request_rescore(user(data["chief"]), data["project_id"], registration_id=reg,
                        key=(data["j"], None), reason="分差过大", judge_ids=[judge.id], now=NOW)

    live_server.seed(make)


def test_keys_on_the_heading_go_to_the_sheet_sent_back_for_a_re_score(live_server, new_page):
    data = _seed(live_server)
    _scored_and_sent_back(live_server, data)
    page = new_page(viewport=TABLET)
    log_in(page, live_server.url, data["judges"][0])
    page.goto(f"{live_server.url}/judging/projects/{data['project_id']}")
    page.wait_for_selector('#jx-conn[data-state="on"]')
    first = data["codes"][0]
    page.wait_for_selector(f'.jx-contestant.is-rescore[data-code="{first}"]')
    board = Keyboard(page)

    # The page starts on the first contestant still to finish (the second); back one, Enter.
    board.until("Shift+Tab", "code => document.activeElement.dataset.code === code", first)
    board.press("Enter")
    page.wait_for_selector(f".jx-sheets-code:text-is('{first}')")
    board.press("3")
    j = page.locator(f'.jx-sheet[data-sheet="a:{data["j"]}"]')
    page.wait_for_selector(f'.jx-sheet[data-sheet="a:{data["j"]}"][data-state="synced"]'
                           ':not(.is-rescore)')

    assert j.locator(".jx-value").inner_text() == "3"
    assert board.presses == 3
    assert page.evaluate(FOCUS_KEY) == f"c:{data['codes'][1]}"
