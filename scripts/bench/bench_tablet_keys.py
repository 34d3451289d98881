"""Count the keystrokes a keyboard-only judge needs to score one contestant on the tablet.

    .venv/bin/python scripts/bench/bench_tablet_keys.py [--source PATH]

Serves the README's demo from the checkout at --source (as bench_weak_wifi.py does), opens
judge01's tablet (唐山 焊工) in Debian's Chromium and, with Tab and Enter/Space only: chooses the
second contestant card, then on every sheet in order presses the first score button (M, J) or
types 7 and Save (number pad), waiting until the sheet says saved. Prints the keystrokes.
Bounded: at most 200 Tab presses to reach any control.
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


def count_keys(page: Any) -> tuple[int, list[str]]:
    """Score one contestant by keyboard; return (keystrokes, sheet kinds)."""
    presses = 0

    def tab_until(predicate: str) -> None:
        nonlocal presses
        for _ in range(200):
            page.keyboard.press("Tab")
            presses += 1
            if page.evaluate(predicate):
                return
        raise RuntimeError(f"not reached with 200 Tab presses: {predicate}")

    def press(key: str) -> None:
        nonlocal presses
        page.keyboard.press(key)
        presses += 1

    tab_until(SECOND_CARD)
    press("Enter")
    page.wait_for_timeout(300)
    sheets = page.evaluate(
        "Array.from(document.querySelectorAll('.jx-sheet')).map(s => [s.dataset.sheet,"
        " s.querySelector('.jx-j-btn') ? 'J' : s.querySelector('.jx-m-btn') ? 'M' : 'PAD'])")
    for name, kind in sheets:
        sheet = f'[data-sheet="{name}"]'
        if kind == "PAD":
            tab_until(_has_focus(f'{sheet} .jx-key[data-key="7"]'))
            press("Enter")
            tab_until(_has_focus(f"{sheet} .jx-pad-ok"))
            press("Enter")
        else:
            tab_until(_has_focus(f"{sheet} {'.jx-j-btn' if kind == 'J' else '.jx-m-btn'}"))
            press("Space")
        page.wait_for_selector(f'.jx-sheet{sheet}[data-state="synced"]', timeout=20_000)
        page.wait_for_timeout(200)
    return presses, [kind for _, kind in sheets]


def main() -> None:
    """Serve the demo, count, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=ROOT, help="checkout to serve")
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
            presses, kinds = count_keys(page)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"SUMMARY tablet keyboard: {presses} keystrokes for one contestant "
          f"({len(kinds)} sheets: {' '.join(kinds)})")


if __name__ == "__main__":
    main()
