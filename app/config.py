"""Configuration classes; every value can come from the environment."""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path

# 32 random bytes written URL-safe take 43 characters (secrets.token_urlsafe(32)); as hex, 64.
MIN_SECRET_KEY_LENGTH = 43
# A long key of few distinct characters ("aaaa…", "1234…") is not random; random hex has ~16.
MIN_SECRET_KEY_DISTINCT = 10
SECRET_KEY_FILE = "secret_key"


def _bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


class Config:
    """Embedded default: SQLite in the instance folder, in-process Socket.IO."""

    # None: the factory reads (or creates once) instance/secret_key, never a published value.
    SECRET_KEY = os.environ.get("SECRET_KEY") or None
    # None means "SQLite file in the instance folder", resolved by the factory.
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    SOCKETIO_ASYNC_MODE = os.environ.get("SOCKETIO_ASYNC_MODE", "threading")
    SOCKETIO_MESSAGE_QUEUE = os.environ.get("SOCKETIO_MESSAGE_QUEUE") or None
    SOCKETIO_CORS_ORIGINS = os.environ.get("SOCKETIO_CORS_ORIGINS") or None
    # Recompute and announce the standings in the committing thread (tests) instead of a
    # coalesced background task after the judge's ack (app/realtime/standings_jobs.py).
    JX_STANDINGS_INLINE = _bool("JX_STANDINGS_INLINE", False)
    # permessage-deflate on websockets compresses every broadcast once per socket: off.
    JX_WS_COMPRESSION = _bool("JX_WS_COMPRESSION", False)
    # Anonymous (and contestant) sockets one client address may hold at once; staff unlimited.
    SOCKETIO_MAX_CONNECTIONS_PER_ADDRESS = int(
        os.environ.get("SOCKETIO_MAX_CONNECTIONS_PER_ADDRESS", "50"))
    # Concurrent anonymous board reads per process; more get the last board or a fast 503 so
    # judges' requests always find capacity (app/web/admission.py). 0 turns the gate off.
    JX_PUBLIC_READ_SLOTS = int(os.environ.get("JX_PUBLIC_READ_SLOTS", "32"))
    # While a signed-in user was at work within JX_STAFF_WINDOW seconds, anonymous reads per
    # second per process (a bucket of JX_PUBLIC_READ_BURST); a read waits for its turn asleep,
    # or gets a fast 503 beyond JX_PUBLIC_READ_MAX_WAIT seconds (app/pacing.py). 0 = no pacing.
    # 200 board reads of ≈ 0.8 ms a second leave the serving core mostly to judges
    # (bench_staff.py); spectators' boards move by socket deltas meanwhile.
    JX_PUBLIC_READ_RATE = float(os.environ.get("JX_PUBLIC_READ_RATE", "200"))
    JX_PUBLIC_READ_BURST = float(os.environ.get("JX_PUBLIC_READ_BURST", "50"))
    JX_PUBLIC_READ_MAX_WAIT = float(os.environ.get("JX_PUBLIC_READ_MAX_WAIT", "1.0"))
    JX_STAFF_WINDOW = float(os.environ.get("JX_STAFF_WINDOW", "2.0"))
    # Seconds a spectator's board read may be answered from memory without asking the database
    # whether the board moved (the socket's deltas carry the moves meanwhile); 0 always asks.
    JX_PUBLIC_BOARD_TTL = float(os.environ.get("JX_PUBLIC_BOARD_TTL", "1.0"))
    # Anonymous password hashes (log-in, token log-in, reset) at once per process, how many
    # more may wait for one and for how long (seconds); beyond that a fast 503 with Retry-After
    # and no hash (app/services/identity/hash_gate.py). One slot leaves a 2-core box a
    # core for judges.
    JX_PASSWORD_HASH_SLOTS = int(os.environ.get("JX_PASSWORD_HASH_SLOTS", "1"))
    JX_PASSWORD_HASH_QUEUE = int(os.environ.get("JX_PASSWORD_HASH_QUEUE", "4"))
    JX_PASSWORD_HASH_WAIT = float(os.environ.get("JX_PASSWORD_HASH_WAIT", "2.0"))
    # CPU nice of the hashing threads (gevent only): the hub's judges win a contended core.
    JX_PASSWORD_HASH_NICE = int(os.environ.get("JX_PASSWORD_HASH_NICE", "10"))
    # How many reverse proxies (nginx) sit in front and set X-Forwarded-*; 0 trusts none.
    TRUSTED_PROXIES = int(os.environ.get("JX_TRUSTED_PROXIES", "0"))

    JX_PRODUCTION = False  # `python wsgi.py` warns when it serves without the production checks

    BABEL_DEFAULT_LOCALE = "zh_CN"
    # The one zone everything a person reads is shown in; storage stays UTC.
    DISPLAY_TIMEZONE = os.environ.get("JX_TIMEZONE", "Asia/Shanghai")
    BABEL_DEFAULT_TIMEZONE = DISPLAY_TIMEZONE
    LANGUAGES = ("zh_CN", "en")

    WTF_CSRF_TIME_LIMIT = None  # a judge's tablet page stays open all day
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", False)
    MAX_CONTENT_LENGTH = 20 * 1024 * 1024  # uploads (spreadsheets, appeal attachments)

    # The audit chain's HMAC key; unset: derived from SECRET_KEY (set it to rotate SECRET_KEY).
    AUDIT_KEY = os.environ.get("AUDIT_KEY") or None

    # Per account: this many failures are free, then each one doubles the wait before the
    # next attempt (from LOGIN_DELAY_BASE_SECONDS up to LOGIN_DELAY_CAP_SECONDS): no lock.
    LOGIN_FREE_FAILURES = int(os.environ.get("LOGIN_FREE_FAILURES", "5"))
    LOGIN_DELAY_BASE_SECONDS = int(os.environ.get("LOGIN_DELAY_BASE_SECONDS", "2"))
    LOGIN_DELAY_CAP_SECONDS = int(os.environ.get("LOGIN_DELAY_CAP_SECONDS", "300"))
    # Flask-Limiter, per client address (app/web/rate_limits.py); staff skip the public ones.
    RATELIMIT_ENABLED = _bool("RATELIMIT_ENABLED", True)
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI") or None
    RATELIMIT_LOGIN = os.environ.get("RATELIMIT_LOGIN", "10 per minute;100 per hour")
    RATELIMIT_SIGNUP = os.environ.get("RATELIMIT_SIGNUP", "20 per minute;200 per hour")
    RATELIMIT_CHECKIN = os.environ.get("RATELIMIT_CHECKIN", "120 per minute")
    RATELIMIT_UPLOAD = os.environ.get("RATELIMIT_UPLOAD", "20 per minute")
    RATELIMIT_PUBLIC = os.environ.get("RATELIMIT_PUBLIC", "300 per minute")
    RESET_CODE_HOURS = int(os.environ.get("RESET_CODE_HOURS", "24"))
    API_TOKEN_DAYS = int(os.environ.get("API_TOKEN_DAYS", "90"))

    # Notification e-mails: off unless MAIL_SERVER is set (the in-app inbox always works).
    MAIL_SERVER = os.environ.get("MAIL_SERVER") or None
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USE_TLS = _bool("MAIL_USE_TLS", False)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME") or None
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD") or None
    MAIL_SENDER = os.environ.get("MAIL_SENDER", "jiangxin@localhost")
    MAIL_TIMEOUT = float(os.environ.get("MAIL_TIMEOUT", "10"))

    API_TITLE = "Jiangxin API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api/v1"
    OPENAPI_JSON_PATH = "openapi.json"
    OPENAPI_SWAGGER_UI_PATH = "docs"
    OPENAPI_SWAGGER_UI_URL = "/static/vendor/swagger-ui/"


class TestConfig(Config):
    """Isolated, fast settings for the test suite."""

    TESTING = True
    SECRET_KEY = "test-secret"
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", "sqlite://")
    WTF_CSRF_ENABLED = False
    LOGIN_FREE_FAILURES = 3
    # One app serves the whole suite from one address; tests/web/test_rate_limits.py builds
    # its own app with limits on.
    RATELIMIT_ENABLED = False
    # Likewise for sockets: tests/realtime/test_connection_limits.py sets its own limit.
    SOCKETIO_MAX_CONNECTIONS_PER_ADDRESS = 100_000
    MAIL_SERVER = None  # never the environment's mail server; tests set their own
    # Deterministic: the standings are announced before the ack (0 tries the background job).
    JX_STANDINGS_INLINE = _bool("JX_STANDINGS_INLINE", True)
    JX_PUBLIC_BOARD_TTL = 0.0  # a read right after a score sees it
    # One app serves the whole suite: no pacing state carried from test to test;
    # tests/web/test_pacing.py builds its own app with pacing on.
    JX_PUBLIC_READ_RATE = 0.0


class ProductionConfig(Config):
    """PostgreSQL + Redis message queue; refuses to start with the dev secret."""

    JX_PRODUCTION = True
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", True)
    SOCKETIO_ASYNC_MODE = os.environ.get("SOCKETIO_ASYNC_MODE", "gevent")

    @classmethod
    def check(cls) -> None:
        """Fail fast on settings that must not reach production."""
        problem = secret_key_problem(cls.SECRET_KEY)
        if problem:
            raise RuntimeError(f"SECRET_KEY must be set in production: {problem}")
        if not cls.SQLALCHEMY_DATABASE_URI:
            raise RuntimeError("DATABASE_URL must be set in production")


def secret_key_problem(key: str | None) -> str | None:
    """Say why a secret key is too weak for production, or None when it will do."""
    if not key:
        return "it is empty; generate one with: python -c 'import secrets; " \
               "print(secrets.token_urlsafe(32))'"
    if len(key) < MIN_SECRET_KEY_LENGTH:
        return (f"it has {len(key)} characters, fewer than {MIN_SECRET_KEY_LENGTH} "
                "(32 random bytes, URL-safe)")
    if len(set(key)) < MIN_SECRET_KEY_DISTINCT:
        return "it repeats too few characters to be random"
    return None


def load_or_create_secret_key(instance_path: str | Path) -> str:
    """Return the instance folder's secret key, creating it (mode 0600) on first use."""
    folder = Path(instance_path)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / SECRET_KEY_FILE
    try:
        # O_EXCL: of two processes starting at once, one writes and the other reads.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        key = ""
        for _attempt in range(50):  # the other process may not have written it yet
            key = path.read_text(encoding="ascii").strip()
            if key:
                break
            time.sleep(0.02)
        if secret_key_problem(key):
            raise RuntimeError(f"{path} holds a weak key; delete it to make a new one") from None
        return key
    key = secrets.token_urlsafe(32)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key + "\n")
    return key


CONFIGS = {"default": Config, "test": TestConfig, "production": ProductionConfig}
