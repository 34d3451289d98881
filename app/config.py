"""Configuration classes; every value can come from the environment."""

from __future__ import annotations

import os

DEV_SECRET_KEY = "dev-only-change-me"


def _bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


class Config:
    """Embedded default: SQLite in the instance folder, in-process Socket.IO."""

    SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
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
    # How many reverse proxies (nginx) sit in front and set X-Forwarded-*; 0 trusts none.
    TRUSTED_PROXIES = int(os.environ.get("JX_TRUSTED_PROXIES", "0"))

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

    LOGIN_MAX_FAILURES = int(os.environ.get("LOGIN_MAX_FAILURES", "5"))
    LOGIN_LOCKOUT_SECONDS = int(os.environ.get("LOGIN_LOCKOUT_SECONDS", "900"))
    API_TOKEN_DAYS = int(os.environ.get("API_TOKEN_DAYS", "90"))

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
    LOGIN_MAX_FAILURES = 3
    # Deterministic: the standings are announced before the ack (0 tries the background job).
    JX_STANDINGS_INLINE = _bool("JX_STANDINGS_INLINE", True)


class ProductionConfig(Config):
    """PostgreSQL + Redis message queue; refuses to start with the dev secret."""

    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", True)
    SOCKETIO_ASYNC_MODE = os.environ.get("SOCKETIO_ASYNC_MODE", "gevent")

    @classmethod
    def check(cls) -> None:
        """Fail fast on settings that must not reach production."""
        # Compare with the literal default: Config.SECRET_KEY is the same env value.
        if not cls.SECRET_KEY or cls.SECRET_KEY == DEV_SECRET_KEY:
            raise RuntimeError("SECRET_KEY must be set in production")
        if not cls.SQLALCHEMY_DATABASE_URI:
            raise RuntimeError("DATABASE_URL must be set in production")


CONFIGS = {"default": Config, "test": TestConfig, "production": ProductionConfig}
