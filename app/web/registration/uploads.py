"""Keep a checked upload for a while, so "import only the valid rows" needs no re-upload.

Files live in the instance folder under a random token; the token is remembered in the
user's session with the competition it was checked for, so nobody else can use it.
"""

from __future__ import annotations

import secrets
import time
from pathlib import Path

from flask import current_app, session

_KEY = "jx_imports"
_MAX_AGE_S = 6 * 3600
_MAX_KEPT = 5


def _folder() -> Path:
    folder = Path(current_app.instance_path) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _sweep(folder: Path) -> None:
    """Delete stashed files older than the maximum age."""
    cutoff = time.time() - _MAX_AGE_S
    for path in folder.glob("*.bin"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            continue


def stash(data: bytes, filename: str, competition_id: int) -> str:
    """Store the upload and return its token."""
    folder = _folder()
    _sweep(folder)
    token = secrets.token_urlsafe(24)
    (folder / f"{token}.bin").write_bytes(data)
    kept = dict(session.get(_KEY, {}))
    kept[token] = {"filename": filename[:200], "competition_id": competition_id}
    for old in list(kept)[:-_MAX_KEPT]:
        kept.pop(old, None)
    session[_KEY] = kept
    return token


def load(token: str, competition_id: int) -> tuple[bytes, str] | None:
    """Return the upload (bytes, filename) if this session stashed it for that competition."""
    entry = session.get(_KEY, {}).get(token)
    if not entry or entry.get("competition_id") != competition_id:
        return None
    path = _folder() / f"{token}.bin"
    try:
        return path.read_bytes(), entry["filename"]
    except OSError:
        return None


def discard(token: str | None) -> None:
    """Forget a stashed upload and delete its file."""
    if not token:
        return
    kept = dict(session.get(_KEY, {}))
    if kept.pop(token, None) is not None:
        session[_KEY] = kept
        (_folder() / f"{token}.bin").unlink(missing_ok=True)
