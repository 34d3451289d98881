"""Values every template can use."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, current_app, request, url_for
from flask_babel import get_locale
from flask_login import current_user
from jinja2 import pass_context
from werkzeug.routing import BuildError

from app.security import Role, has_role, user_roles
from app.services.common.labels import LABELS, label, qualification_text
from app.services.common.local_time import format_local

# Display names for stored codes: the one table in app.services.common.labels
# (kept under this name).
CODE_LABELS: dict[str, Any] = LABELS

# Roles in the order their cards and menus appear.
ROLE_ORDER = (
    Role.ORGANIZER,
    Role.CHIEF_JUDGE,
    Role.JUDGE,
    Role.ARBITRATOR,
    Role.APPROVER,
    Role.CONTESTANT,
    Role.ADMIN,
)

# Bootstrap colour for a registration status badge.
STATUS_TONES = {
    "SUBMITTED": "secondary",
    "APPROVED": "primary",
    "CHECKED_IN": "info",
    "COMPETED": "dark",
    "QUALIFIED": "success",
    "REJECTED": "danger",
    "DISQUALIFIED": "danger",
    "WITHDRAWN": "light",
}


def code_label(code: str | None, enum: str | None = None) -> str:
    """Return the display name of a stored code in the current language (of `enum` if given)."""
    return label(code, enum)


def preset_name(code: str | None) -> str:
    """Return a promotion preset's name for its stored code (the code itself if unknown)."""
    from app.domain.presets import get_preset
    from app.domain.rulesets import RuleSetError

    if not code:
        return ""
    try:
        return get_preset(code).name
    except RuleSetError:
        return code


def first_url(*endpoints: str, **values: Any) -> str | None:
    """Return the URL of the first registered endpoint that builds, else None.

    Navigation links to other areas appear as soon as their blueprint lands.
    """
    for endpoint in endpoints:
        if endpoint not in current_app.view_functions:
            continue
        try:
            return url_for(endpoint, **values)
        except BuildError:
            continue
    return None


def is_current(*endpoints: str) -> bool:
    """Tell whether the request is being served by one of the endpoints."""
    return request.endpoint in endpoints


def locale_url(code: str) -> str:
    """Return the language-switch URL that comes back to the current page."""
    target = request.full_path if request.query_string else request.path
    # A failed POST has no page to come back to; go home instead.
    if request.method != "GET" or request.path.startswith("/locale/"):
        target = "/"
    return url_for("public.set_locale", code=code, next=target)


def locale_code() -> str:
    """Return the request's locale as configured ("zh_CN", "en"), not Babel's "zh_Hans_CN"."""
    locale = get_locale()
    if locale is None:
        return str(current_app.config["BABEL_DEFAULT_LOCALE"])
    code = f"{locale.language}_{locale.territory}" if locale.territory else locale.language
    return code if code in current_app.config["LANGUAGES"] else str(locale)


def _per_request(translate: Callable[..., str]) -> Callable[..., str]:
    """Wrap a filter whose text depends on the reader's language, so Jinja never folds it.

    Jinja evaluates a plain filter on a literal (`"THEORY"|label(...)`) once, when it
    compiles the template, and keeps the first reader's language for everyone after.
    """

    @pass_context
    def per_request(_context: Any, *args: Any, **kwargs: Any) -> str:
        return translate(*args, **kwargs)

    return per_request


def init_template_context(app: Flask) -> None:
    """Expose the locale, role helpers, nav helpers and code labels to templates."""
    app.jinja_env.filters["code_label"] = _per_request(code_label)
    # `{{ c.category|label("category") }}` names a code of one enum (for codes enums share).
    app.jinja_env.filters["label"] = _per_request(label)
    app.jinja_env.filters["qualification_text"] = _per_request(qualification_text)
    app.jinja_env.filters["preset_name"] = _per_request(preset_name)
    app.jinja_env.filters["status_tone"] = lambda code: STATUS_TONES.get(code, "secondary")
    # Every time a person reads is shown in the one display zone (DISPLAY_TIMEZONE).
    app.jinja_env.filters["local_time"] = format_local
    app.jinja_env.filters["local_date"] = lambda moment: format_local(moment, "%Y-%m-%d")
    # Globals, unlike context-processor values, are visible inside imported macros too.
    app.jinja_env.globals.update(
        first_url=first_url,
        is_current=is_current,
        locale_url=locale_url,
        Role=Role,
        has_role=lambda *roles: has_role(current_user, *roles),
    )

    @app.context_processor
    def _inject() -> dict[str, Any]:
        locale = locale_code()
        return {
            "current_locale": locale,
            "html_lang": "zh-CN" if locale.startswith("zh") else "en",
            "languages": app.config["LANGUAGES"],
            "my_roles": user_roles(current_user),
        }
