"""Every page of every role, screenshotted at five sizes on the demo season (issue #17, item 2).

Each role logs in once (anonymous stays out) and walks the app from its home: the navigation,
the user menu and the links in the pages, breadth first, at most MAX_PAGES pages (one per URL
shape: /x/12 and /x/13 count once), skipping downloads, log-out, the API and language links.
Every page found is opened at 1366×768 and on a 390×844 phone; the first CORE pages (the home
and the first links of the menu) also at 1920×1080, on a 1024×768 laptop and on a 1024×768
touch tablet. A public page the anonymous visitor already covered (the boards, the 公示, the
verification form) is only crawled again at 1366 by the other roles, not re-shot: the same for
everyone but the menu, which each role's own pages show. Pages that depend on who looks (my
registrations, the organizer's competitions) are shot for every role.
Screenshots go to test-artifacts/test_screenshot_sweep/<role>/<size>/.

A page fails the sweep on a 5xx (or any 4xx from a link the app itself shows), a console
error or uncaught exception, a navbar wider than its box, a raw enum code
(app.services.common.labels)
or an English msgid left in the Chinese page, or a debug marker (Traceback, None, undefined,
NaN, %(name)s, {{ }} …). Pages wider than the screen are listed in overflow.txt next to the
screenshots for a person to judge.

The demo's 唐山 electricians are published first, so the pages after publication (the 公示, a
contestant's own marks) are in the sweep too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest

from tests.browser.conftest import ARTIFACTS, use_server
from tests.browser.demo_server import DemoServer, serve_demo

pytestmark = pytest.mark.browser

MAX_PAGES = 32
CORE = 4
SIZES: dict[str, dict[str, Any]] = {
    "1366": {"viewport": {"width": 1366, "height": 768}},
    "390-phone": {"viewport": {"width": 390, "height": 844}, "has_touch": True,
                  "is_mobile": True},
    "1920": {"viewport": {"width": 1920, "height": 1080}},
    "1024-laptop": {"viewport": {"width": 1024, "height": 768}},
    "1024-tablet": {"viewport": {"width": 1024, "height": 768}, "has_touch": True,
                    "is_mobile": True},
}
FULL_SIZES = ("1366", "390-phone")

ROLES: dict[str, tuple[str, str] | None] = {
    "anonymous": None,
    "admin": ("admin", "admin123"),
    "organizer": ("org_tangshan", "organizer123"),
    "chief": ("chief02", "chief123"),
    "judge": ("judge01", "judge123"),
    "approver": ("approver", "approver123"),
    "arbitrator": ("arbitrator", "arbitrator123"),
    "contestant": ("contestant01", "contestant123"),
}

# Where the demo's day is most alive, visited first so that these claim their page shape:
# the welders being scored live ({w}), the locked and published electricians ({e}).
FIRST: dict[str, tuple[str, ...]] = {
    "judge": ("/judging/projects/{w}",),
    "chief": ("/judging/projects/{e}/console", "/judging/projects/{e}/stats"),
    "organizer": ("/outcomes/projects/{e}", "/live/projects/{e}/publication",
                  "/checkin/projects/{w}/roster"),
    "anonymous": ("/live/projects/{w}", "/live/projects/{e}/publication"),
}

SKIP_PREFIXES = ("/static/", "/api/", "/locale/", "/auth/logout", "/socket.io")
SKIP_SUFFIXES = (".pdf", ".xlsx", ".zip", ".csv", ".png", ".json", ".js", ".txt")
DEBUG = re.compile(r"Traceback|\bTODO\b|FIXME|\bundefined\b|\bNaN\b|\[object Object\]"
                   r"|%\(\w+\)[sd]|\{\{|\}\}|\{%|%\}|\bNone\b|jinja2\.|werkzeug", re.I)
TOKEN = re.compile(r"[A-Za-z0-9_]+")
ENUM_SHAPE = re.compile(r"^[A-Z][A-Z0-9_]{3,}$")

_LINKS = """() => [...document.querySelectorAll('a[href]')]
  .filter(a => !a.hasAttribute('download') && !a.closest('[data-sweep-skip]'))
  .map(a => a.getAttribute('href'))"""
# The page's words as a person reads them; <code>/<pre> hold data shown as stored on purpose
# (the audit trail's old and new values, ID numbers), so they are left out.
_TEXT = """() => { const raw = [...document.querySelectorAll('code, pre, kbd, samp')];
  const kept = raw.map(e => e.style.display); raw.forEach(e => { e.style.display = 'none'; });
  const text = document.body.innerText;
  raw.forEach((e, i) => { e.style.display = kept[i]; }); return text; }"""
# Very long pages (a 500-line audit trail) are shot down to this height.
MAX_SHOT_HEIGHT = 8000
_NAV_OVERFLOW = """() => { const n = document.querySelector('.jx-navbar');
  return n ? n.scrollWidth - n.clientWidth : 0; }"""
_PAGE_OVERFLOW = """() => document.documentElement.scrollWidth
  - document.documentElement.clientWidth"""


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoServer]:
    """The demo season with the 唐山 electricians' results published."""
    yield from serve_demo(tmp_path_factory.mktemp("sweep"), publish=True)


#: (size, page shape) of the public pages the anonymous visitor has shot in this run.
COVERED: set[tuple[str, str]] = set()


@pytest.fixture(scope="module")
def checks() -> dict[str, Any]:
    """The enum codes and the translated English msgids the pages must not show raw."""
    from babel.messages.pofile import read_po

    from app.services.common.labels import ENUMS

    codes = {code for table in ENUMS.values() for code in table if ENUM_SHAPE.match(code)}
    root = Path(__file__).resolve().parents[2]
    with open(root / "app/translations/zh_CN/LC_MESSAGES/messages.po", "rb") as handle:
        catalog = read_po(handle)
    msgids = sorted({m.id for m in catalog if isinstance(m.id, str) and m.string
                     and m.string != m.id and " " in m.id and len(m.id) >= 12
                     and "%(" not in m.id}, key=len, reverse=True)
    return {"codes": codes, "msgids": msgids}


def _shape(path: str) -> str:
    return re.sub(r"\d+", "#", path)


def _wanted(base: str, href: str) -> str | None:
    """Return the same-origin page path a link leads to, or None when it is not swept."""
    if href.startswith(("mailto:", "tel:", "javascript:", "#", "data:")):
        return None
    absolute = urlsplit(urljoin(base + "/", href))
    if f"{absolute.scheme}://{absolute.netloc}" != base:
        return None
    path = absolute.path
    if path.startswith(SKIP_PREFIXES) or path.endswith(SKIP_SUFFIXES):
        return None
    return path


class Visit:
    """Opens one page in a context and reports what is wrong with it."""

    def __init__(self, page: Any, checks: dict[str, Any]) -> None:
        self.page = page
        self.checks = checks
        self.errors: list[str] = []
        page.on("console", lambda m: self.errors.append(f"console: {m.text}")
                if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"exception: {e}"))

    def open(self, url: str, shot: Path | None) -> tuple[list[str], list[str], int]:
        """Open url, screenshot it (unless shot is None); return (problems, links, overflow)."""
        self.errors.clear()
        problems: list[str] = []
        response = self.page.goto(url, wait_until="load")
        status = response.status if response is not None else 0
        if status >= 400:
            problems.append(f"HTTP {status}")
        self.page.wait_for_timeout(50)  # the page's scripts draw tables and badges
        if shot is not None:
            shot.parent.mkdir(parents=True, exist_ok=True)
            height = self.page.evaluate("document.documentElement.scrollHeight")
            width = self.page.viewport_size["width"]
            clip = ({"x": 0, "y": 0, "width": width, "height": MAX_SHOT_HEIGHT}
                    if height > MAX_SHOT_HEIGHT else None)
            self.page.screenshot(path=str(shot), full_page=True, clip=clip)
        problems += list(self.errors)
        if self.page.evaluate(_NAV_OVERFLOW) > 0:
            problems.append("the navbar overflows sideways")
        text = self.page.evaluate(_TEXT)
        raw = sorted({t for t in TOKEN.findall(text) if t in self.checks["codes"]})
        if raw:
            problems.append(f"raw codes: {raw}")
        left = [m for m in self.checks["msgids"] if m in text][:3]
        if left:
            problems.append(f"English msgids: {left}")
        marker = DEBUG.search(text)
        if marker:
            start = max(0, marker.start() - 40)
            problems.append(f"debug marker {marker.group(0)!r}: …{text[start:marker.end() + 40]}…")
        return problems, self.page.evaluate(_LINKS), self.page.evaluate(_PAGE_OVERFLOW)


def _log_in(context: Any, base: str, login: tuple[str, str] | None) -> str:
    """Log in through the form; return the page the role starts from."""
    if login is None:
        return "/"
    page = context.new_page()
    page.goto(f"{base}/auth/login")
    page.locator("input[name=username]").fill(login[0])
    page.locator("input[name=password]").fill(login[1])
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(f"{base}/home")
    page.close()
    return "/home"


@pytest.mark.parametrize("role", list(ROLES))
def test_every_page_of_every_role_at_five_sizes(demo_server: DemoServer, browser: Any,
                                                checks: dict[str, Any], role: str) -> None:
    use_server(demo_server.binding)
    base = demo_server.url
    folder = ARTIFACTS / "test_screenshot_sweep" / role
    failures: list[str] = []
    overflow: list[str] = []
    first = browser.new_context(locale="zh-CN", **SIZES["1366"])
    contexts = [first]
    try:
        start = _log_in(first, base, ROLES[role])
        state = first.storage_state()
        # Crawl at 1366: breadth first from the start page, one page per URL shape.
        visit = Visit(first.new_page(), checks)
        first = [p.format(w=demo_server.ids["welders"], e=demo_server.ids["electricians"])
                 for p in FIRST.get(role, ())]
        queue, seen, pages = [start, *first], {_shape(p) for p in (start, *first)}, []
        while queue and len(pages) < MAX_PAGES:
            path = queue.pop(0)
            pages.append(path)
            slug = re.sub(r"[^\w.-]+", "_", path.strip("/")) or "root"
            again = ("1366", _shape(path)) in COVERED and path != start
            problems, links, wide = visit.open(
                base + path, None if again else folder / "1366" / f"{slug}.png")
            failures += [f"{role} 1366 {path}: {p}" for p in problems]
            if wide > 1:
                overflow.append(f"1366 {path}: {wide}px")
            for href in links:
                target = _wanted(base, href)
                if target and _shape(target) not in seen:
                    seen.add(_shape(target))
                    queue.append(target)
        # The other sizes: every page on the phone, the core pages at the other three.
        for size, options in SIZES.items():
            if size == "1366":
                continue
            context = browser.new_context(locale="zh-CN", storage_state=state, **options)
            contexts.append(context)
            visit = Visit(context.new_page(), checks)
            for path in pages if size in FULL_SIZES else pages[:CORE]:
                if (size, _shape(path)) in COVERED and path != start:
                    continue
                slug = re.sub(r"[^\w.-]+", "_", path.strip("/")) or "root"
                problems, _links, wide = visit.open(base + path, folder / size / f"{slug}.png")
                failures += [f"{role} {size} {path}: {p}" for p in problems]
                if wide > 1:
                    overflow.append(f"{size} {path}: {wide}px")
    finally:
        for context in contexts:
            context.close()
    if ROLES[role] is None:
        COVERED.update((size, _shape(p)) for size in FULL_SIZES for p in pages)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pages.txt").write_text("\n".join(pages) + "\n", encoding="utf-8")
    (folder / "overflow.txt").write_text("\n".join(overflow) + "\n", encoding="utf-8")
    assert len(pages) > 1, f"{role}: nothing reachable from {start}"
    assert not failures, "\n".join(failures)
