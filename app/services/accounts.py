"""Accounts: create users, log in with throttling, issue and check API tokens."""

from __future__ import annotations

import hashlib
import math
import re
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import cache

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from app.extensions import begin_write, db
from app.models import ApiToken, RoleAssignment, User
from app.security import Role
from app.services import audit

TOKEN_PREFIX = "jx_"
# Shown in token lists to tell tokens apart: "jx_" and 7 characters of the secret.
TOKEN_PREFIX_LENGTH = 10
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 128
MAX_TOKEN_DAYS = 366
# last_used_at is rewritten at most this often, so API reads don't each cost a write.
TOKEN_TOUCH_INTERVAL = timedelta(minutes=1)
_USERNAME = re.compile(r"^[A-Za-z0-9_.@-]{3,80}$")
_COMMON_PASSWORDS = frozenset(
    {"password123", "1234567890", "qwertyuiop", "12345678910", "abcd123456",
     "password1234", "iloveyou123", "admin12345", "woaini1314", "a123456789"}
)


class AccountError(ValueError):
    """A refused account operation: a stable code, a translated message, the field."""

    def __init__(self, code: str, message: str, *, field: str | None = None) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.field = field


class LoginError(AccountError):
    """Log-in refused: wrong credentials, locked or disabled account."""


class TokenError(AccountError):
    """An API token that is unknown, revoked or expired, or whose user is disabled."""


def check_password_strength(password: str, *, username: str = "") -> None:
    """Refuse passwords that are short, single-kind, common or contain the username."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(
            "password.too_short",
            _("The password must have at least %(n)d characters.", n=MIN_PASSWORD_LENGTH),
            field="password",
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AccountError(
            "password.too_long",
            _("The password must have at most %(n)d characters.", n=MAX_PASSWORD_LENGTH),
            field="password",
        )
    if not (re.search(r"[A-Za-z]", password) and re.search(r"[^A-Za-z]", password)):
        raise AccountError(
            "password.too_simple",
            _("The password must mix letters with digits or symbols."),
            field="password",
        )
    lowered = password.lower()
    if lowered in _COMMON_PASSWORDS or (username and username.lower() in lowered):
        raise AccountError(
            "password.guessable",
            _("The password is too easy to guess; do not use your username or a common one."),
            field="password",
        )


def check_username(username: str) -> None:
    """Refuse a username that is not 3 to 80 letters, digits or . _ @ -."""
    if not _USERNAME.match(username):
        raise AccountError(
            "username.invalid",
            _("The username must be 3 to 80 letters, digits or . _ @ -."),
            field="username",
        )


def create_user(
    username: str,
    password: str,
    *,
    display_name: str = "",
    roles: Iterable[str | Role] = (),
    email: str = "",
    person_id: int | None = None,
    locale: str = "zh_CN",
) -> User:
    """Create an account with unscoped roles and a strongly hashed password."""
    begin_write()
    try:
        user = add_user(username, password, display_name=display_name, roles=roles,
                        email=email, person_id=person_id, locale=locale)
    except BaseException:
        db.session.rollback()
        raise
    db.session.commit()
    return user


def add_user(
    username: str,
    password: str,
    *,
    display_name: str = "",
    roles: Iterable[str | Role] = (),
    email: str = "",
    person_id: int | None = None,
    locale: str = "zh_CN",
    actor_id: int | None = None,
    password_hash: str | None = None,
) -> User:
    """Add an account inside the caller's write transaction (the caller commits).

    The one place an account is made: every check on the username and password applies,
    whether the account comes from the sign-up form, the CLI or an organizer's staff list.
    A bulk caller may pass ``password_hash`` (from ``hash_password(password)``, computed
    before its write transaction, since a strong hash takes a noticeable fraction of a second).
    """
    username = username.strip()
    check_username(username)
    check_password_strength(password, username=username)
    roles = list(roles)
    unknown = [str(r) for r in roles if str(r) not in Role.__members__]
    if unknown:
        raise AccountError(
            "role.unknown", _("Unknown role: %(role)s.", role=unknown[0]), field="roles"
        )
    if db.session.scalar(select(User.id).where(User.username == username)) is not None:
        raise AccountError(
            "username.taken", _("This username is already taken."), field="username"
        )
    user = User(
        username=username,
        password_hash=password_hash or hash_password(password),
        display_name=display_name.strip(),
        email=email.strip(),
        person_id=person_id,
        locale=locale,
    )
    user.roles = [RoleAssignment(role=str(role)) for role in dict.fromkeys(roles)]
    db.session.add(user)
    db.session.flush()
    audit.record("user.created", entity="user", entity_id=user.id, actor_id=actor_id,
                 new={"username": username, "roles": sorted(str(r) for r in roles)})
    return user


def hash_password(password: str) -> str:
    """Return the strong (slow) hash stored for a password."""
    return generate_password_hash(password)


def one_time_password() -> str:
    """Return a random initial password that passes the checks (about 80 bits, shown once)."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
    groups = ["".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(3)]
    return "-".join([*groups, f"{secrets.randbelow(10**4):04d}"])


@cache
def _dummy_hash() -> str:
    # Hashed once with the default (strong) method, so an unknown username costs a
    # full password check like a known one and can't be told apart by timing.
    return generate_password_hash(secrets.token_urlsafe(16))


def authenticate(username: str, password: str, *, now: datetime) -> User:
    """Check a password, counting failures and locking the account after too many."""
    max_failures = current_app.config["LOGIN_MAX_FAILURES"]
    lockout = timedelta(seconds=current_app.config["LOGIN_LOCKOUT_SECONDS"])
    begin_write()
    user = db.session.scalar(select(User).where(User.username == username.strip()))
    if user is None:
        check_password_hash(_dummy_hash(), password)
        db.session.rollback()
        raise _bad_credentials()
    password_ok = check_password_hash(user.password_hash, password)
    if user.locked_until is not None and now < user.locked_until:
        # A right password does not open a locked account, nor does it say it was right.
        db.session.rollback()
        raise _locked(user.locked_until - now)
    if not password_ok:
        user.failed_logins += 1
        if user.failed_logins >= max_failures:
            user.failed_logins = 0
            user.locked_until = now + lockout
            audit.record("user.locked", entity="user", entity_id=user.id, actor_id=None,
                         new={"locked_until": user.locked_until.isoformat()}, now=now)
            db.session.commit()
            raise _locked(lockout)
        db.session.commit()
        raise _bad_credentials()
    if not user.active:
        db.session.rollback()
        raise LoginError("auth.inactive", _("This account is disabled."))
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    db.session.commit()
    return user


def _bad_credentials() -> LoginError:
    return LoginError("auth.invalid_credentials", _("Wrong username or password."))


def _locked(remaining: timedelta) -> LoginError:
    minutes = max(1, math.ceil(remaining.total_seconds() / 60))
    return LoginError(
        "auth.locked",
        _("Too many failed log-ins: this account is locked for %(minutes)d more minute(s).",
          minutes=minutes),
    )


def _digest(plain: str) -> str:
    return hashlib.sha256(plain.encode("utf-8")).hexdigest()


def issue_api_token(
    user: User, *, name: str, now: datetime, days: int | None = None
) -> tuple[ApiToken, str]:
    """Create a token for `user`; return it with the plain secret, which is never stored."""
    name = name.strip()
    if not name or len(name) > 100:
        raise AccountError(
            "token.name_invalid", _("Give the token a name of 1 to 100 characters."),
            field="name",
        )
    days = current_app.config["API_TOKEN_DAYS"] if days is None else days
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise AccountError(
            "token.days_invalid",
            _("A token lasts from 1 to %(n)d days.", n=MAX_TOKEN_DAYS),
            field="days",
        )
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    begin_write()
    token = ApiToken(
        user_id=user.id,
        name=name,
        prefix=plain[:TOKEN_PREFIX_LENGTH],
        digest=_digest(plain),
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    db.session.add(token)
    db.session.flush()
    audit.record("api_token.issued", entity="api_token", entity_id=token.id, actor_id=user.id,
                 new={"name": name, "prefix": token.prefix,
                      "expires_at": token.expires_at.isoformat()}, now=now)
    db.session.commit()
    return token, plain


def revoke_api_token(user: User, token_id: int, *, now: datetime) -> ApiToken:
    """Revoke one of the user's own tokens (revoking twice keeps the first time)."""
    begin_write()
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        db.session.rollback()
        raise AccountError("token.not_found", _("No such token."), field="token_id")
    if token.revoked_at is None:
        token.revoked_at = now
        audit.record("api_token.revoked", entity="api_token", entity_id=token.id,
                     actor_id=user.id, now=now)
    db.session.commit()
    return token


def list_api_tokens(user: User) -> list[ApiToken]:
    """Return the user's tokens, newest first."""
    query = select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())
    return list(db.session.scalars(query))


def user_for_token(plain: str, *, now: datetime) -> User:
    """Return the active user a token belongs to, or raise TokenError saying why not."""
    token = None
    if plain.startswith(TOKEN_PREFIX):
        token = db.session.scalar(select(ApiToken).where(ApiToken.digest == _digest(plain)))
    if token is None:
        raise TokenError("auth.token_invalid", _("This API token is not valid."))
    if token.revoked_at is not None:
        raise TokenError("auth.token_revoked", _("This API token has been revoked."))
    if token.expires_at is not None and now >= token.expires_at:
        raise TokenError("auth.token_expired", _("This API token has expired."))
    if not token.user.active:
        raise TokenError("auth.account_disabled", _("This account is disabled."))
    if token.last_used_at is None or now - token.last_used_at >= TOKEN_TOUCH_INTERVAL:
        token_id = token.id
        begin_write()  # ends the read transaction; the row is re-read inside the write one
        token = db.session.get(ApiToken, token_id)
        token.last_used_at = now
        db.session.commit()
    return token.user
