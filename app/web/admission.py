"""Admission gate: public board reads take a bounded number of slots so staff never wait.

Spectators can outnumber judges a hundred to one. In the embedded server (one process, one
gevent hub) every request shares the same CPU and database connections, so a crowd reading
the board flat out would queue a judge's score behind it. Anonymous reads of the board take one
of ``JX_PUBLIC_READ_SLOTS`` slots (default 32, 0 = no gate); when none is free the read gets, at
once, the public board this process last built for the project (no database work) or, if it has
none, a 503 with ``Retry-After``. Logged-in users and API tokens (judges, organizers) bypass the
gate. Behind nginx the same split is made with two upstream pools (docs/DEPLOY.md).

A gate on concurrent reads cannot keep a crowd reading flat out from queueing before judges
(reads from memory never overlap); ``SpectatorPacing`` below paces anonymous reads while staff
are at work (app/pacing.py), before Flask runs.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask, Response, current_app, render_template, request, session
from flask_babel import force_locale
from flask_babel import gettext as _
from itsdangerous import BadSignature
from werkzeug.http import parse_cookie

from app.pacing import pacer_from

#: Seconds a refused spectator waits before trying again (their client also has the deltas).
RETRY_AFTER = 1


class Gate:
    """A non-blocking counting gate: ``enter`` returns False at once when it is full."""

    def __init__(self, slots: int) -> None:
        self.slots = slots
        self.busy = 0
        self._lock = threading.Lock()

    def enter(self) -> bool:
        """Take a slot if one is free (an unlimited gate always has one)."""
        if self.slots <= 0:
            return True
        with self._lock:
            if self.busy >= self.slots:
                return False
            self.busy += 1
            return True

    def leave(self) -> None:
        """Give a slot back."""
        if self.slots <= 0:
            return
        with self._lock:
            self.busy = max(0, self.busy - 1)


def gate() -> Gate:
    """Return the current app's public-read gate (made on first use from the config)."""
    extensions = current_app.extensions
    if "jx_public_gate" not in extensions:
        extensions["jx_public_gate"] = Gate(int(current_app.config.get("JX_PUBLIC_READ_SLOTS",
                                                                       32)))
    return extensions["jx_public_gate"]


def is_spectator() -> bool:
    """Tell an anonymous caller apart without touching the database (no session user, no
    token)."""
    return "_user_id" not in session and "Authorization" not in request.headers


@contextmanager
def public_slot() -> Iterator[bool]:
    """Hold a slot for a spectator's read; yields False when the gate is full (staff: True)."""
    if not is_spectator():
        yield True
        return
    admitted = gate().enter()
    try:
        yield admitted
    finally:
        if admitted:
            gate().leave()


def busy_response(fallback: bytes | None = None) -> Response:
    """Answer a spectator turned away: the last public board built here, or a fast 503."""
    headers = {"Retry-After": str(RETRY_AFTER), "Cache-Control": "no-store"}
    if fallback is not None:
        return Response(fallback, mimetype="application/json",
                        headers={**headers, "X-Board-Stale": "1"})
    body = {"error": {"code": "board.busy", "field": None,
                      "message": _("The board is busy; it will refresh in a moment.")}}
    return Response(json.dumps(body, ensure_ascii=False), status=503,
                    mimetype="application/json", headers=headers)


#: Anonymous GETs under these prefixes are never paced: log-in (a judge arriving must get in),
#: static files, Socket.IO transports (sockets have their own limits) and the health check.
UNPACED = ("/static/", "/socket.io/", "/auth/", "/api/v1/auth/", "/api/v1/health")


class SpectatorPacing:
    """WSGI middleware: pace anonymous reads while staff are active (app/pacing.py).

    It decides before Flask runs, so a refused read costs almost nothing; a signed-in request
    (a valid session with a user, or an Authorization header) is never paced and marks staff
    as active.
    """

    def __init__(self, wsgi_app: Any, app: Flask) -> None:
        self.wsgi_app = wsgi_app
        self.pacer = app.extensions["jx_pacer"] = pacer_from(app.config)
        self.cookie = app.config["SESSION_COOKIE_NAME"]
        self.serializer = app.session_interface.get_signing_serializer(app)  # type: ignore[attr-defined]
        self.max_age = int(app.permanent_session_lifetime.total_seconds())
        with app.test_request_context():
            self.refusals = {locale: _refusals(locale) for locale in app.config["LANGUAGES"]}

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        session_data = self._session(environ)
        if "HTTP_AUTHORIZATION" in environ or "_user_id" in session_data:
            self.pacer.note_staff()
        elif environ.get("REQUEST_METHOD") in ("GET", "HEAD") and not environ.get(
                "PATH_INFO", "").startswith(UNPACED):
            wait = self.pacer.delay()
            if wait is None:
                return self._refuse(environ, session_data, start_response)
            if wait:
                time.sleep(wait)  # under gevent: asleep, not runnable; judges go first
        return self.wsgi_app(environ, start_response)

    def _session(self, environ: dict[str, Any]) -> dict[str, Any]:
        value = parse_cookie(environ).get(self.cookie)
        if not value or self.serializer is None:
            return {}
        try:
            data = self.serializer.loads(value, max_age=self.max_age)
        except BadSignature:
            return {}
        return data if isinstance(data, dict) else {}

    def _refuse(self, environ: dict[str, Any], session_data: dict[str, Any],
                start_response: Any) -> list[bytes]:
        locale = session_data.get("locale")
        if locale not in self.refusals:
            accepted = environ.get("HTTP_ACCEPT_LANGUAGE", "")
            locale = "en" if accepted.lower().startswith("en") else "zh_CN"
        as_json, as_page = self.refusals.get(locale) or next(iter(self.refusals.values()))
        api = environ.get("PATH_INFO", "").startswith("/api/")
        body = as_json if api else as_page
        kind = "application/json" if api else "text/html"
        start_response("503 Service Unavailable", [
            ("Content-Type", f"{kind}; charset=utf-8"),
            ("Content-Length", str(len(body))), ("Retry-After", str(RETRY_AFTER)),
            ("Cache-Control", "no-store")])
        return [body]


def _refusals(locale: str) -> tuple[bytes, bytes]:
    """Return the refusal in the API's error format and as a page that reloads itself."""
    with force_locale(locale):
        message = _("Many people are reading right now; please try again in a moment.")
        page = render_template("errors/busy.html", message=message, lang=locale,
                               retry_after=RETRY_AFTER)
    body = {"error": {"code": "server.busy", "field": None, "message": message}}
    return json.dumps(body, ensure_ascii=False).encode(), page.encode()


def register_pacing(app: Flask) -> None:
    """Wrap the app so anonymous reads are paced while staff are at work (outermost layer)."""
    app.wsgi_app = SpectatorPacing(app.wsgi_app, app)  # type: ignore[method-assign]
