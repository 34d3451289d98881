"""Checked uploads kept for "import the valid rows" are bounded per user and cleaned promptly."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture()
def stash_env(app, make_user, tmp_path, monkeypatch):
    from flask_login import login_user

    from app.web.registration import uploads

    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    users = [make_user("ORGANIZER", username=f"stash{i}") for i in range(2)]

    def as_user(index: int):
        context = app.test_request_context("/")
        context.push()
        login_user(users[index])
        return context

    yield uploads, as_user, tmp_path / "imports"


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob("*.bin"))


def test_files_pushed_out_of_the_session_are_deleted(stash_env):
    uploads, as_user, folder = stash_env
    context = as_user(0)
    tokens = [uploads.stash(b"x", "a.xlsx", 1) for _ in range(7)]
    assert len(_files(folder)) == 5
    assert uploads.load(tokens[0], 1) is None and uploads.load(tokens[-1], 1) == (b"x", "a.xlsx")
    context.pop()


def test_a_replaced_or_discarded_stash_is_deleted(stash_env):
    uploads, as_user, folder = stash_env
    context = as_user(0)
    first = uploads.stash(b"x", "a.xlsx", 1)
    second = uploads.stash(b"y", "a.xlsx", 1, replaces=first)
    assert _files(folder) == [f"{second}.bin"]
    uploads.discard(second)
    assert _files(folder) == []
    context.pop()


def test_each_user_has_a_byte_quota_and_the_oldest_files_go_first(stash_env, monkeypatch):
    uploads, as_user, folder = stash_env
    monkeypatch.setattr(uploads, "_USER_QUOTA", 25)
    context = as_user(0)
    old = uploads.stash(b"a" * 10, "a.csv", 1)
    uploads.stash(b"b" * 10, "b.csv", 1)
    context.pop()
    other = as_user(1)
    theirs = uploads.stash(b"c" * 10, "c.csv", 1)  # another user's quota is their own
    other.pop()
    context = as_user(0)
    newest = uploads.stash(b"d" * 10, "d.csv", 1)
    names = _files(folder)
    assert f"{old}.bin" not in names and f"{newest}.bin" in names and f"{theirs}.bin" in names
    assert sum((folder / n).stat().st_size for n in names if n.startswith("u")) == 30
    context.pop()


def test_a_full_folder_refuses_new_files_naming_the_field(stash_env, monkeypatch):
    from app.errors import ServiceError

    uploads, as_user, folder = stash_env
    monkeypatch.setattr(uploads, "_TOTAL_QUOTA", 15)
    context = as_user(0)
    uploads.stash(b"a" * 10, "a.csv", 1)
    context.pop()
    context = as_user(1)
    with pytest.raises(ServiceError) as refused:
        uploads.stash(b"b" * 10, "b.csv", 1)
    assert refused.value.code == "import.storage_full" and refused.value.field == "file"
    context.pop()
