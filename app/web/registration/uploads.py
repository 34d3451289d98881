"""Keep a checked upload for a while, so "import only the valid rows" needs no re-upload.

Files live in the instance folder under the user's id and a random token; the token is
remembered in the user's session with the competition it was checked for, so nobody else
can use it. Check-only uploads used to pile up on disk (issue #11, finding 9): now a file
lives at most an hour, is deleted as soon as it is imported, replaced or pushed out of the
session, each user keeps at most _MAX_KEPT files and _USER_QUOTA bytes (oldest go first),
and the folder as a whole refuses new files beyond _TOTAL_QUOTA.
"""

from __future__ import annotations

import secrets
import time
from pathlib import Path

from flask import current_app, session
from flask_babel import gettext as _
from flask_login import current_user

from app.errors import ServiceError

_KEY = "jx_imports"
_MAX_AGE_S = 3600
_MAX_KEPT = 5
_USER_QUOTA = 60 * 1024 * 1024
_TOTAL_QUOTA = 1024 * 1024 * 1024


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


def _owner() -> str:
    return f"u{current_user.id}" if current_user.is_authenticated else "anon"


def _by_age(paths: list[Path]) -> list[tuple[Path, int]]:
    """Return (path, size) oldest first, skipping files that vanished meanwhile."""
    found: list[tuple[float, Path, int]] = []
    for path in paths:
        try:
            info = path.stat()
        except OSError:
            continue
        found.append((info.st_mtime, path, info.st_size))
    return [(path, size) for _mtime, path, size in sorted(found, key=lambda f: f[0])]


def _make_room(folder: Path, size: int) -> None:
    """Delete the user's oldest files beyond the count and byte quota; refuse a full folder."""
    mine = _by_age(list(folder.glob(f"{_owner()}-*.bin")))
    used = sum(s for _path, s in mine)
    while mine and (len(mine) >= _MAX_KEPT or used + size > _USER_QUOTA):
        path, freed = mine.pop(0)
        path.unlink(missing_ok=True)
        used -= freed
    total = sum(s for _path, s in _by_age(list(folder.glob("*.bin"))))
    if total + size > _TOTAL_QUOTA:
        raise ServiceError("import.storage_full",
                           _("Too many checked files are waiting on the server; import or "
                             "check again in an hour."), field="file", status=507)


def stash(data: bytes, filename: str, competition_id: int, *, replaces: str | None = None) -> str:
    """Store the upload (deleting the one it replaces) and return its token."""
    discard(replaces)
    folder = _folder()
    _sweep(folder)
    _make_room(folder, len(data))
    token = f"{_owner()}-{secrets.token_urlsafe(24)}"
    (folder / f"{token}.bin").write_bytes(data)
    kept = dict(session.get(_KEY, {}))
    kept[token] = {"filename": filename[:200], "competition_id": competition_id}
    for old in list(kept)[:-_MAX_KEPT]:
        kept.pop(old, None)
        (folder / f"{old}.bin").unlink(missing_ok=True)
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
