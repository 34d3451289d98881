"""Jiangxin (匠心): the application factory."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask

from app.config import CONFIGS, Config

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: type[Config] | dict[str, Any] | str | None = None) -> Flask:
    """Build the app: each step below wires one concern."""
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=os.environ.get("JX_INSTANCE_PATH", str(ROOT / "instance")),
    )
    register_config(app, config)
    register_database(app)
    register_extensions(app)
    register_i18n(app)
    register_auth(app)
    register_blueprints(app)
    register_rate_limits(app)
    register_security_headers(app)
    register_errors(app)
    register_templates(app)
    register_assets(app)
    register_realtime(app)
    register_cli(app)
    register_pacing(app)
    return app


def register_config(app: Flask, config: type[Config] | dict[str, Any] | str | None) -> None:
    """Load a config class (by name or object), then apply dict overrides."""
    if config is None:
        config = os.environ.get("JX_CONFIG", "default")
    if isinstance(config, str):
        config = CONFIGS[config]
    if isinstance(config, dict):
        app.config.from_object(Config)
        app.config.update(config)
    else:
        app.config.from_object(config)
        check = getattr(config, "check", None)
        if check is not None:
            check()
    if not app.config.get("SECRET_KEY"):
        from app.config import load_or_create_secret_key

        # Development and demo: a random key kept in the instance folder, the same on restart.
        app.config["SECRET_KEY"] = load_or_create_secret_key(app.instance_path)
    proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    if proxies:
        # Behind nginx: take the client's scheme, host and address from X-Forwarded-*, so
        # external URLs (the certificate QR codes) say https.
        from werkzeug.middleware.proxy_fix import ProxyFix

        fixed = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
        app.wsgi_app = fixed  # type: ignore[method-assign]


def register_pacing(app: Flask) -> None:
    """Pace anonymous reads while staff are at work; the outermost layer, before Flask."""
    from app.web.admission import register_pacing as wrap

    wrap(app)


def register_database(app: Flask) -> None:
    """Default to a WAL-mode SQLite file in the instance folder."""
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        path = Path(app.instance_path) / "jiangxin.sqlite"
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{path}"
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # Pool pre-ping is pointless for a file, and in-memory databases need one connection.
        options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}))
        options.pop("pool_pre_ping", None)
        uri = app.config["SQLALCHEMY_DATABASE_URI"]
        if uri in {"sqlite://", "sqlite:///:memory:"}:
            from sqlalchemy.pool import StaticPool

            # One shared connection, usable from the Socket.IO server thread in tests.
            options["poolclass"] = StaticPool
            options["connect_args"] = {"check_same_thread": False}
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options


def register_extensions(app: Flask) -> None:
    """Bind the unbound extensions to this app."""
    from app import json_limits, models  # noqa: F401  (models registers every table)
    from app.extensions import api, csrf, db, migrate, socketio

    db.init_app(app)
    migrate.init_app(app, db, render_as_batch=True, directory=str(ROOT / "migrations"))
    csrf.init_app(app)
    api.init_app(app)
    socketio.init_app(
        app,
        async_mode=app.config["SOCKETIO_ASYNC_MODE"],
        message_queue=app.config["SOCKETIO_MESSAGE_QUEUE"],
        cors_allowed_origins=app.config["SOCKETIO_CORS_ORIGINS"],
        manage_session=False,
        json=json_limits,  # packets decoded within the same depth and number limits as the API
    )


def register_i18n(app: Flask) -> None:
    """Chinese first, English second; the user's choice wins over the browser's."""
    from app.i18n import init_babel

    init_babel(app)


def register_auth(app: Flask) -> None:
    """Session log-in for pages (API tokens are checked in the API blueprint)."""
    from app.auth import init_login

    init_login(app)


def register_blueprints(app: Flask) -> None:
    """Mount every web area; the API blueprints go through flask-smorest."""
    from app.web import register_web

    register_web(app)  # installs the bounded `int` URL converter before any route


def register_rate_limits(app: Flask) -> None:
    """Limit log-in, sign-up, check-in, uploads and public boards per client address."""
    from app.web.rate_limits import init_rate_limits

    init_rate_limits(app)


def register_security_headers(app: Flask) -> None:
    """CSP without inline script, no framing, nosniff, referrer policy, HSTS in production."""
    from app.web.headers import init_security_headers

    init_security_headers(app)


def register_errors(app: Flask) -> None:
    """HTML error pages, or the JSON error format for API clients."""
    from app.web.errors import init_errors

    init_errors(app)


def register_templates(app: Flask) -> None:
    """Expose helpers (roles, locale, masking) to every template."""
    from app.web.context import init_template_context

    init_template_context(app)


def register_assets(app: Flask) -> None:
    """Versioned static URLs with year-long caching; compressed pages and assets."""
    from app.web.assets import init_assets

    init_assets(app)


def register_realtime(app: Flask) -> None:
    """Attach Socket.IO handlers and the committed-event subscriber."""
    from app.realtime import init_realtime

    init_realtime(app)
    # Notification e-mails leave after commit, like the socket events.
    from app.services.identity.notification_mail import register_mail

    register_mail()


def register_cli(app: Flask) -> None:
    """Add the `flask create-admin` and `flask demo` commands."""
    from app.cli import init_cli

    init_cli(app)
