"""Locale selection: Chinese first, English second."""

from __future__ import annotations

from flask import Flask, request, session
from flask_login import current_user

from app.extensions import babel


def select_locale() -> str:
    """Pick the session's choice, then the user's, then (API only) Accept-Language."""
    supported = current_supported()
    chosen = session.get("locale")
    if chosen in supported:
        return chosen
    if current_user and current_user.is_authenticated and current_user.locale in supported:
        return current_user.locale
    if request.path.startswith("/api/"):
        best = request.accept_languages.best_match(["zh_CN", "zh", "en"])
        if best == "en":
            return "en"
    return "zh_CN"


def current_supported() -> tuple[str, ...]:
    """Return the supported locale codes."""
    from flask import current_app

    return tuple(current_app.config["LANGUAGES"])


def init_babel(app: Flask) -> None:
    """Bind Flask-Babel with our selector."""
    babel.init_app(app, locale_selector=select_locale)
