"""The one password policy, applied wherever a password is set (sign-up, admin, change, reset)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from flask_babel import gettext as _

from app.services.identity.account_errors import AccountError

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 128
# Guessable passwords of 10+ characters (scripts/make_common_passwords.py writes the file).
COMMON_PASSWORDS_FILE = Path(__file__).resolve().parent / "data" / "common_passwords.txt"


class PasswordError(AccountError):
    """A password the policy refuses; the field is always `password`."""


@cache
def common_passwords() -> frozenset[str]:
    """Return the shipped list of guessable passwords, lower-cased."""
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip())


def check_password_strength(password: str, *, username: str = "",
                            field: str = "password") -> None:
    """Refuse passwords that are short, single-kind, all digits, common or hold the username."""
    def refuse(code: str, message: str) -> PasswordError:
        return PasswordError(code, message, field=field)

    if len(password) < MIN_PASSWORD_LENGTH:
        raise refuse("password.too_short", _(
            "The password must have at least %(n)d characters.", n=MIN_PASSWORD_LENGTH))
    if len(password) > MAX_PASSWORD_LENGTH:
        raise refuse("password.too_long", _(
            "The password must have at most %(n)d characters.", n=MAX_PASSWORD_LENGTH))
    if password.isdigit() or len(set(password)) < 4:
        raise refuse("password.too_simple", _(
            "The password must not be only digits or a few repeated characters."))
    if not (re.search(r"[^\W\d_]", password) and re.search(r"[\W\d_]", password)):
        raise refuse("password.too_simple", _(
            "The password must mix letters with digits or symbols."))
    lowered = password.lower()
    name = username.strip().lower()
    if lowered in common_passwords() or (name and name in lowered):
        raise refuse("password.guessable", _(
            "The password is too easy to guess; do not use your username or a common one."))
