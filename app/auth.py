"""Session log-in wiring for Flask-Login."""

from __future__ import annotations

from typing import Any

from flask import Flask, session
from flask_babel import lazy_gettext as _l
from flask_login import login_user

from app.extensions import db, login_manager

# The user's session_version when this session logged in (absent in older cookies: 0).
SESSION_VERSION_KEY = "_jx_sv"


def start_session(user: Any) -> None:
    """Log the user in, remembering which session version this cookie belongs to."""
    login_user(user)
    session[SESSION_VERSION_KEY] = user.session_version


def init_login(app: Flask) -> None:
    """Bind Flask-Login and tell it how to load a user."""
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "warning"

    @login_manager.user_loader
    def load_user(user_id: str):  # noqa: ANN202
        from app.models import User

        user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
        if user is None or not user.active:
            return None
        # A cookie saved before log-out, a password change or an admin reset is refused.
        if session.get(SESSION_VERSION_KEY, 0) != user.session_version:
            return None
        return user
