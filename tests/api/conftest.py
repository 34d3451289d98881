"""Fixtures shared by the API tests."""

from __future__ import annotations

import pytest

from tests.fixtures.factories import FAST_HASH


@pytest.fixture
def fast_password_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hash the passwords of accounts made through the API cheaply.

    Scrypt costs ≈0.1 s a hash and a first log-in takes several: in a test that logs in a
    whole staff per contest, that is most of its time, and the hashing is not what it checks.
    """
    from werkzeug.security import generate_password_hash

    def fast(password: str, method: str = FAST_HASH, salt_length: int = 16) -> str:
        return generate_password_hash(password, method=FAST_HASH, salt_length=salt_length)

    for module in ("app.services.identity.accounts", "app.services.identity.account_admin"):
        monkeypatch.setattr(f"{module}.generate_password_hash", fast)
