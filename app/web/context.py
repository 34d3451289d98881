"""Values every template can use."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_babel import get_locale
from flask_login import current_user

from app.security import Role, has_role, user_roles


def init_template_context(app: Flask) -> None:
    """Expose the locale, role helpers and the Role enum to templates."""

    @app.context_processor
    def _inject() -> dict[str, Any]:
        return {
            "current_locale": str(get_locale()),
            "languages": app.config["LANGUAGES"],
            "Role": Role,
            "has_role": lambda *roles: has_role(current_user, *roles),
            "my_roles": user_roles(current_user),
        }
