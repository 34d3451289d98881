"""Count the keystrokes a keyboard-only judge needs to score one contestant on the tablet.

    .venv/bin/python scripts/bench/bench_tablet_keys.py [--source PATH] [--tab-only]

Serves the README's demo from the checkout at --source (as bench_weak_wifi.py does), opens
judge01's tablet (唐山 焊工) in Debian's Chromium and chooses the second contestant card (Tab,
Enter). Then, with the shortcuts (default): Enter = full marks on an M sheet, 2 on a J sheet,
7 + Enter on a number pad, the down arrow only when focus is not already on the sheet. With
--tab-only (the way a11y measured before the shortcuts): Tab to the first score button (M, J)
or to 7 and Save (number pad) and press it. Waits until each sheet says saved, checks after
every key that focus is not on <body>, prints the keystrokes and aspects × 3.
Bounded: at most 200 presses to reach any control.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from bench_weak_wifi import ARGS, CHROMIUM, ROOT, _log_in, project_id, start_demo

SECOND_CARD = ("document.activeElement.matches('.jx-contestant[data-code]')"
               " && document.activeElement.previousElementSibling !== null"
               " && document.activeElement.previousElementSibling.previousElementSibling === null")


def _has_focus(css: str) -> str:
    return "document.activeElement.matches(" + json.dumps(css) + ")"


ON_BODY = "document.activeElement === null || document.activeElement === document.body"
# Focus on the sheet, or on the heading whose keys go to the first sheet still to score.
READY = ("name => { const a = document.activeElement; if (a.id === 'jx-sheets-code') {"
         " const o = document.querySelector('.jx-sheet[data-state=\"empty\"],"
         " .jx-sheet[data-state=\"rejected\"]'); return !!o && o.dataset.sheet === name; }"
         " const s = a.closest && a.closest('.jx-sheet');"
         " return !!s && s.dataset.sheet === name; }")
SHORTCUTS = {"J": ["2"], "M": ["Enter"], "PAD": ["7", "Enter"]}


def count_keys(page: Any, tab_only: bool) -> tuple[int, list[str]]:
    """Score one contestant by keyboard; return (keystrokes, sheet kinds)."""
    presses = 0

    def press(key: str) -> None:
        nonlocal presses
        page.keyboard.press(key)
        presses += 1
        if page.evaluate(ON_BODY):
            raise RuntimeError(f"focus fell to <body> after {key} (press {presses})")

    def until(key: str, predicate: str, arg: Any = None) -> None:
        for _ in range(200):
            if page.evaluate(predicate, arg):
                return
            press(key)
        raise RuntimeError(f"not reached with 200 × {key}: {predicate}")

    until("Tab", SECOND_CARD)
    press("Enter")
    page.wait_for_timeout(300)
    sheets = page.evaluate(
        "Array.from(document.querySelectorAll('.jx-sheet')).map(s => [s.dataset.sheet,"
        " s.querySelector('.jx-j-btn') ? 'J' : s.querySelector('.jx-m-btn') ? 'M' : 'PAD'])")
    for name, kind in sheets:
        sheet = f'[data-sheet="{name}"]'
        if not tab_only:
            until("ArrowDown", READY, name)
            for key in SHORTCUTS[kind]:
                press(key)
        elif kind == "PAD":
            until("Tab", _has_focus(f'{sheet} .jx-key[data-key="7"]'))
            press("Enter")
            until("Tab", _has_focus(f"{sheet} .jx-pad-ok"))
            press("Enter")
        else:
            until("Tab", _has_focus(f"{sheet} {'.jx-j-btn' if kind == 'J' else '.jx-m-btn'}"))
            press("Space")
        page.wait_for_selector(f'.jx-sheet{sheet}[data-state="synced"]', timeout=20_000)
        page.wait_for_timeout(200)
    return presses, [kind for _, kind in sheets]


def main() -> None:
    """Serve the demo, count, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=ROOT, help="checkout to serve")
    parser.add_argument("--tab-only", action="store_true", help="Tab and Enter/Space only")
    options = parser.parse_args()

    from playwright.sync_api import sync_playwright

    server, url, instance = start_demo(options.source.resolve())
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            _log_in(context, url, "judge01", "judge123")
            page = context.new_page()
            page.goto(f"{url}/judging/projects/{project_id(options.source, instance)}")
            page.wait_for_selector('#jx-conn[data-state="on"]')
            presses, kinds = count_keys(page, options.tab_only)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    how = "Tab only" if options.tab_only else "shortcuts"
    print(f"SUMMARY tablet keyboard ({how}): {presses} keystrokes for one contestant "
          f"({len(kinds)} sheets: {' '.join(kinds)}; aspects × 3 = {3 * len(kinds)})")


if __name__ == "__main__":
    main()
