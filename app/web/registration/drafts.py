"""Keep the registration form between its POST and the GET that shows the result (PRG).

Going back after "check eligibility" used to show the browser's "Confirm Form Resubmission"
(issue #17, item 4): every POST of the form now redirects. What the GET needs (the fields as
typed and any refusal) is kept on the server under a random token remembered in the session,
not in the session cookie itself, which the browser can read (it holds the ID number).
Drafts live at most an hour and each account keeps one.
"""

from __future__ import annotations

import json
import secrets
import time
from pathlib import Path
from typing import Any

from flask import current_app, session
from flask_login import current_user
from werkzeug.datastructures import MultiDict

_KEY = "jx_register_draft"
_MAX_AGE_S = 3600
_MAX_BYTES = 64 * 1024


def _folder() -> Path:
    folder = Path(current_app.instance_path) / "register-drafts"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _path(token: str) -> Path:
    return _folder() / f"u{current_user.id}-{token}.json"


def _sweep(folder: Path) -> None:
    """Delete drafts older than the maximum age."""
    cutoff = time.time() - _MAX_AGE_S
    for path in folder.glob("*.json"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            continue


def keep(form: MultiDict[str, str], problems: list[tuple[str | None, str]]) -> None:
    """Store the submitted fields and refusals, replacing the account's previous draft."""
    drop()
    _sweep(_folder())
    body = json.dumps({"form": list(form.items(multi=True)), "problems": problems},
                      ensure_ascii=False)
    if len(body.encode()) > _MAX_BYTES:
        return
    token = secrets.token_urlsafe(24)
    _path(token).write_text(body, encoding="utf-8")
    session[_KEY] = token


def load() -> tuple[MultiDict[str, str], list[tuple[str | None, str]]] | None:
    """Return the kept fields and refusals, or None when there is no (fresh) draft."""
    token = session.get(_KEY)
    if not isinstance(token, str):
        return None
    try:
        path = _path(token)
        if path.stat().st_mtime < time.time() - _MAX_AGE_S:
            return None
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    pairs = [(str(k), str(v)) for k, v in data.get("form", [])]
    problems = [(p[0], str(p[1])) for p in data.get("problems", [])]
    return MultiDict(pairs), problems


def drop() -> None:
    """Forget the account's draft and delete its file."""
    token = session.pop(_KEY, None)
    if isinstance(token, str):
        _path(token).unlink(missing_ok=True)
