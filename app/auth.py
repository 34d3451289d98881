"""Session log-in wiring for Flask-Login."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from app.extensions import db, login_manager


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
        return user if user is not None and user.active else None
