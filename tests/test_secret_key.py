"""Issue #11 finding 4: the secret key is random, private and strong enough for production."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.config import load_or_create_secret_key, secret_key_problem


@pytest.mark.parametrize(("key", "ok"), [
    (None, False),
    ("", False),
    ("dev-only-change-me", False),  # the old published default
    ("a-real-secret-from-the-environment", False),  # 34 characters
    ("a" * 64, False),
    ("ab" * 40, False),
    # Fixed keys of 32 random bytes (secrets.token_urlsafe / token_hex once): the same test
    # ids in every process, as pytest-xdist's workers require.
    ("HvIhqeMeKDt2w63zwJd6GMF1zwop_UCmS07MoQjr58U", True),
    ("42727fed30f939da69128c8ac3a3b1f6916072c7d278a88acb2cf404bd6856bb", True),
])
def test_production_accepts_only_keys_of_32_random_bytes(key, ok):
    assert (secret_key_problem(key) is None) is ok


def test_the_instance_key_is_made_once_and_kept_private(tmp_path: Path):
    first = load_or_create_secret_key(tmp_path)
    assert load_or_create_secret_key(tmp_path) == first
    assert secret_key_problem(first) is None
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_a_weak_key_left_in_the_instance_folder_is_refused(tmp_path: Path):
    (tmp_path / "secret_key").write_text("dev-only-change-me\n")
    with pytest.raises(RuntimeError, match="weak key"):
        load_or_create_secret_key(tmp_path)
