"""Benchmark: first visit on venue Wi-Fi — time to the first tablet card and first board row.

    .venv/bin/python scripts/bench/bench_weak_wifi.py [--runs 5] [--url http://127.0.0.1:5000]
        [--source PATH]

Without --url it builds the README's demo (`flask db upgrade` + `flask demo`) in a temporary
instance folder from the checkout at --source (default: this one) and serves it with
`python wsgi.py` on a free loopback port, so two checkouts (before/after) can be compared.
Debian's /usr/bin/chromium (Playwright) emulates the network over CDP: 150 ms latency,
1.5 Mbit/s down, 0.75 Mbit/s up. Each run is a first visit: a fresh browser context (empty
cache), logged in through the form's POST outside the emulation, then:

- tablet: judge01 opens /judging/projects/<唐山 焊工> — time until the first contestant card
  (`.jx-contestant`) is in the DOM and a frame has been painted after it;
- board: an anonymous visitor opens /live/projects/<唐山 焊工> — the same for the first row
  (`.jx-row`).

Times are from navigation start (performance.now() in the page). Bytes are the encoded
(on-the-wire) sizes the browser received, from CDP Network.loadingFinished. Prints the median and
the spread (min–max) per page and a Markdown table for docs/BENCHMARKS.md, with the load average.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
WIFI = {"offline": False, "latency": 150, "downloadThroughput": 1_500_000 / 8,
        "uploadThroughput": 750_000 / 8}
# Record when the first match of each selector is in the DOM and painted (two frames later).
WATCH = """
(() => {
  window.__jxFirst = {};
  const wanted = [".jx-contestant", ".jx-row"];
  const seen = () => {
    for (const sel of wanted) {
      if (!(sel in window.__jxFirst) && document.querySelector(sel)) {
        window.__jxFirst[sel] = -1;
        requestAnimationFrame(() => requestAnimationFrame(() => {
          window.__jxFirst[sel] = performance.now();
        }));
      }
    }
  };
  new MutationObserver(seen).observe(document, { childList: true, subtree: true });
})();
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_demo(source: Path) -> tuple[subprocess.Popen[bytes], str, Path]:
    """Build the demo in a temporary instance folder and serve it; return (process, url, dir)."""
    instance = Path(tempfile.mkdtemp(prefix="jx-wifi-"))
    env = dict(os.environ, JX_INSTANCE_PATH=str(instance), JX_PORT=str(_free_port()))
    env.pop("DATABASE_URL", None)
    flask = [str(ROOT / ".venv/bin/flask"), "--app", "wsgi"]
    subprocess.run([*flask, "db", "upgrade"], cwd=source, env=env, check=True,
                   capture_output=True)
    subprocess.run([*flask, "demo"], cwd=source, env=env, check=True, capture_output=True)
    log = (instance / "server.log").open("wb")
    server = subprocess.Popen([str(ROOT / ".venv/bin/python"), "wsgi.py"], cwd=source, env=env,
                              stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{env['JX_PORT']}"
    for _ in range(200):
        try:
            with socket.create_connection(("127.0.0.1", int(env["JX_PORT"])), timeout=0.2):
                return server, url, instance
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("demo server did not start")


def project_id(source: Path, instance: Path) -> int:
    """The 唐山 welders' project id (scoring live in the demo), read from the demo database."""
    import sqlite3

    with sqlite3.connect(instance / "jiangxin.sqlite") as con:
        row = con.execute(
            "SELECT p.id FROM projects p JOIN competitions c ON c.id = p.competition_id "
            "WHERE c.name = '唐山市职业技能大赛' AND p.name = '焊工（职工组）'").fetchone()
    return int(row[0])


def _log_in(context: Any, url: str, username: str, password: str) -> None:
    """Log in with a plain POST (outside the emulated network and the browser cache)."""
    form = context.request.get(f"{url}/auth/login").text()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
    answer = context.request.post(f"{url}/auth/login", form={
        "csrf_token": token, "username": username, "password": password}, max_redirects=0)
    assert answer.status in (302, 303), answer.status


def one_visit(browser: Any, url: str, path: str, selector: str,
              login: tuple[str, str] | None) -> tuple[float, int]:
    """Open `path` as a first visit on emulated Wi-Fi; return (ms to `selector`, bytes)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
    try:
        if login:
            _log_in(context, url, *login)
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        cdp.send("Network.emulateNetworkConditions", WIFI)
        received = [0]
        cdp.on("Network.loadingFinished",
               lambda event: received.__setitem__(0, received[0] + event["encodedDataLength"]))
        page.add_init_script(WATCH)
        page.goto(url + path, wait_until="commit", timeout=60_000)
        page.wait_for_function(
            f"window.__jxFirst && window.__jxFirst[{selector!r}] > 0", timeout=60_000)
        first = page.evaluate(f"window.__jxFirst[{selector!r}]")
        page.wait_for_load_state("load", timeout=60_000)
        page.wait_for_timeout(300)
        return float(first), received[0]
    finally:
        context.close()


def main() -> None:
    """Parse the options, run the visits and print the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--url", help="an already running demo server")
    parser.add_argument("--project", type=int, help="project id with --url (唐山 焊工)")
    parser.add_argument("--source", type=Path, default=ROOT, help="checkout to serve")
    options = parser.parse_args()
    if not 1 <= options.runs <= 50:
        parser.error("--runs must be 1 to 50")

    from playwright.sync_api import sync_playwright

    server = None
    if options.url:
        url, project = options.url.rstrip("/"), options.project
        if project is None:
            parser.error("--project is required with --url")
    else:
        server, url, instance = start_demo(options.source.resolve())
        project = project_id(options.source, instance)
    pages = {
        "tablet first card": (f"/judging/projects/{project}", ".jx-contestant",
                              ("judge01", "judge123")),
        "board first row": (f"/live/projects/{project}", ".jx-row", None),
    }
    results: dict[str, list[tuple[float, int]]] = {name: [] for name in pages}
    load_before = os.getloadavg()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for name, (path, selector, login) in pages.items():
                one_visit(browser, url, path, selector, login)  # warm the server, not timed
                for _ in range(options.runs):
                    results[name].append(one_visit(browser, url, path, selector, login))
            browser.close()
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
    load_after = os.getloadavg()

    print(f"machine: {platform.node()} {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    print(f"load average before {load_before[0]:.2f}, after {load_after[0]:.2f}")
    print("| page | median ms | min–max ms | KB on the wire (median) |")
    print("|---|---|---|---|")
    for name, runs in results.items():
        times = sorted(t for t, _ in runs)
        sizes = sorted(b for _, b in runs)
        print(f"| {name} | {statistics.median(times):.0f} | {times[0]:.0f}–{times[-1]:.0f} | "
              f"{statistics.median(sizes) / 1024:.0f} |")


if __name__ == "__main__":
    main()
