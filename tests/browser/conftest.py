"""Browser-test fixtures: a live server on a temporary SQLite file and Debian's chromium.

The server runs the real app (Socket.IO in threading mode) in a daemon thread; Playwright
drives /usr/bin/chromium (never a downloaded browser). Screenshots go to
test-artifacts/<test name>/ (gitignored) so a person can look at them.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.fixtures import socketio_binding
from tests.fixtures.services import require_tools

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"width": 390, "height": 844}
TABLET = {"width": 1280, "height": 800}


@dataclass
class LiveServer:
    """A running app: its base URL and the Flask app (for seeding data)."""

    url: str
    app: Any
    socketio_binding: dict[str, Any]
    prepared: Any = None  # what `serving`'s `prepare` returned

    def seed(self, make: Callable[[], Any]) -> Any:
        """Run `make` inside the live app's context (e.g. to create users)."""
        with self.app.app_context():
            return make()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_listening(port: int, attempts: int = 200) -> None:
    """Poll the port until the server accepts connections (bounded, then fail)."""
    for _ in range(attempts):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"live server did not start on port {port}")


@contextmanager
def serving(database: Path, prepare: Callable[[], Any] | None = None) -> Iterator[LiveServer]:
    """Serve the app on a free port over the SQLite file `database`, in a daemon thread.

    The tables are created, then `prepare()` runs in the app's context (its result is the
    server's `prepared`). Building the app binds the global Socket.IO extension to it; the
    binding is put back as it was, and a test that drives this server binds it with
    `use_server`.
    """
    from app import create_app
    from app.config import TestConfig
    from app.extensions import db, socketio

    class ServerConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{database}"
        # A real browser submits real forms: keep CSRF protection on.
        WTF_CSRF_ENABLED = True
        SOCKETIO_ASYNC_MODE = "threading"
        SOCKETIO_MESSAGE_QUEUE = None

    previous = socketio_binding.current()
    try:
        app = create_app(ServerConfig)
        binding = socketio_binding.remember(app)
        with app.app_context():
            db.create_all()
            prepared = prepare() if prepare is not None else None
        port = _free_port()
        threading.Thread(target=socketio.run, args=(app,), daemon=True, kwargs={
            "host": "127.0.0.1", "port": port, "allow_unsafe_werkzeug": True,
            "use_reloader": False, "log_output": False}).start()
        _wait_until_listening(port)
    finally:
        socketio_binding.restore(previous)
    yield LiveServer(url=f"http://127.0.0.1:{port}", app=app, socketio_binding=binding,
                     prepared=prepared)
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """Start the app on a free port with a fresh SQLite file database."""
    with serving(tmp_path_factory.mktemp("live") / "jiangxin.sqlite") as server:
        yield server


_serving: list[dict[str, Any]] = []  # the binding of the server the last browser test used


def use_server(binding: dict[str, Any]) -> None:
    """Make a test server (live, demo, empty) the one this test drives.

    Point the global Socket.IO extension at it, after checking no Socket.IO test client has
    patched its server. When the previous browser test drove another server (another SQLite
    file, whose projects reuse the same ids), forget what the process remembers per project
    id: those boards and standings belong to the other server's projects.
    """
    socketio_binding.assert_untouched(binding)
    socketio_binding.restore(binding)
    if _serving and _serving[0]["server"] is not binding["server"]:
        from tests.conftest import _forget_process_caches

        _forget_process_caches()
    _serving[:] = [binding]


@pytest.fixture(autouse=True)
def _bind_socketio_to_live_server(request: pytest.FixtureRequest) -> None:
    """Point the global Socket.IO extension at the live app for a test that uses it.

    The suite-wide fixture puts the previous binding back after the test.
    """
    if "live_server" in request.fixturenames:
        use_server(request.getfixturevalue("live_server").socketio_binding)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Launch Debian's chromium headless through Playwright."""
    require_tools("chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture()
def new_page(browser: Any) -> Iterator[Callable[..., Any]]:
    """Open pages in fresh contexts (own cookies): new_page(viewport=PHONE, locale="zh-CN")."""
    contexts: list[Any] = []

    def _open(viewport: dict[str, int] | None = None, locale: str = "zh-CN") -> Any:
        context = browser.new_context(viewport=viewport or TABLET, locale=locale)
        contexts.append(context)
        return context.new_page()

    yield _open
    for context in contexts:
        context.close()


@pytest.fixture()
def screenshot(request: pytest.FixtureRequest) -> Callable[[Any, str], Path]:
    """Save a full-page screenshot to test-artifacts/<test name>/<name>.png."""
    folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", request.node.originalname)
    folder.mkdir(parents=True, exist_ok=True)

    def _shot(page: Any, name: str) -> Path:
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return _shot


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test in this folder `browser`, so `-m "not browser"` always leaves them out."""
    for item in items:
        if "/tests/browser/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.browser)
