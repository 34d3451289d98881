"""What every /api/v1 blueprint shares: the blueprint class, authentication, errors.

Write an API view like this (the access decorator directly under `route`, so an
anonymous or unauthorised caller is refused before the body is parsed)::

    blp = ApiBlueprint("things", __name__, url_prefix="/api/v1/things")

    @blp.route("/<int:thing_id>", methods=["PUT"])
    @roles_required(Role.ORGANIZER)
    @blp.arguments(ThingInSchema)
    @blp.response(200, ThingOutSchema)
    def update_thing(data, thing_id):
        user = api_user()
        ...

and add `blp` to `API_BLUEPRINTS` in `app/web/api/__init__.py`.
"""

from __future__ import annotations

from typing import Any, NoReturn

from flask import g, request
from flask_babel import gettext as _
from flask_login import current_user
from flask_smorest import Blueprint
from flask_wtf.csrf import CSRFError
from marshmallow import missing
from webargs.flaskparser import FlaskParser, is_json_request
from werkzeug.exceptions import HTTPException, default_exceptions

from app import json_limits
from app.web.api import messages  # noqa: F401  (must run before any schema is declared)

API_PREFIX = "/api/"
BEARER_SCHEME = "bearerAuth"
# Bodies an API endpoint understands; anything else is refused with 415.
_BODY_TYPES = ("application/json", "multipart/form-data")
_UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def api_abort(status: int, code: str, message: str, *, field: str | None = None) -> NoReturn:
    """Stop the request with the one JSON error format: status, code, message, field."""
    exc: HTTPException = default_exceptions[status]()
    exc.jx_code = code  # type: ignore[attr-defined]
    exc.jx_message = message  # type: ignore[attr-defined]
    exc.jx_field = field  # type: ignore[attr-defined]
    raise exc


class ApiParser(FlaskParser):
    """webargs parser: bounded JSON decoding; malformed or oversized bodies get their own codes.

    The one place API bodies are decoded: depth, size, element count and number literals are
    bounded (app/json_limits.py), so a deeply nested body is a 400, not a RecursionError 500.
    """

    def _raw_load_json(self, req: Any) -> Any:
        if not is_json_request(req):
            return missing
        try:
            return json_limits.loads(req.get_data(cache=True))
        except json_limits.JsonLimitError as error:  # own-handling: the API's code is request.*
            api_abort(400, f"request.{error.code}", error.message, field=error.field)

    def _handle_invalid_json_error(self, error: Exception, req: Any, *args: Any,
                                   **kwargs: Any) -> NoReturn:
        api_abort(400, "request.malformed_json", _("The request body is not valid JSON."))


class ApiBlueprint(Blueprint):
    """flask-smorest Blueprint that documents who may call each operation."""

    ARGUMENTS_PARSER = ApiParser()

    def _store_endpoint_docs(self, endpoint: str, obj: Any, parameters: Any, tags: Any,
                             **options: Any) -> None:
        from app.security import PUBLIC, access_of

        super()._store_endpoint_docs(endpoint, obj, parameters, tags, **options)
        for method, doc in self._docs[endpoint].items():
            if method == "parameters":
                continue
            view = getattr(obj, method) if isinstance(obj, type) else obj
            access = access_of(view)
            manual = doc.setdefault("manual_doc", {})
            if access == PUBLIC:
                # Public operations need no token: override the spec-wide security.
                manual["security"] = []
            elif isinstance(access, tuple):
                roles = ", ".join(access)
                note = f"Roles: {roles} (ADMIN holds every role)."
                docstring = doc.setdefault("docstring", {})
                description = docstring.get("description")
                docstring["description"] = f"{description}\n\n{note}" if description else note


def api_user() -> Any:
    """Return the caller (token or session user), or None when anonymous."""
    return current_user if current_user.is_authenticated else None


def authenticate_api_request() -> None:
    """Identify the caller of an API endpoint: a bearer token, else the session.

    A bearer token needs no CSRF token (a browser never sends it by itself); a session
    cookie does, so unsafe methods called with one are CSRF-checked here, the API
    blueprints being exempt from the page-wide check.
    """
    if request.endpoint is None or not request.path.startswith(API_PREFIX):
        return
    header = request.headers.get("Authorization")
    if header is not None:
        token = _token_from_header(header)
        _check_scope(token)
        g._login_user = token.user  # Flask-Login's per-request user
        g.jx_auth_method = "token"
        g.jx_token = token
    elif request.method in _UNSAFE_METHODS and current_user.is_authenticated:
        _check_csrf()
    _check_body_type()


def _token_from_header(header: str) -> Any:
    from app.models._types import utcnow
    from app.services.identity.accounts import token_for_secret

    scheme, _sep, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        api_abort(
            401, "auth.token_invalid", _("Send the API token as: Authorization: Bearer <token>.")
        )
    return token_for_secret(token.strip(), now=utcnow())


def _check_scope(token: Any) -> None:
    """Refuse a token used beyond its scopes: read for safe methods, write for the others."""
    from app.services.identity.accounts import token_scopes

    needed = "read" if request.method in {"GET", "HEAD", "OPTIONS"} else "write"
    if needed not in token_scopes(token):
        api_abort(403, "auth.token_scope", _(
            "This API token lacks the %(scope)s scope.", scope=needed))


def _check_csrf() -> None:
    from flask import current_app

    from app.extensions import csrf

    if not current_app.config.get("WTF_CSRF_ENABLED", True):
        return
    try:
        csrf.protect()
    except CSRFError:
        api_abort(
            400,
            "auth.csrf_failed",
            _("The CSRF token is missing or invalid; send it in the X-CSRFToken header, "
              "or use an API token."),
        )


def _check_body_type() -> None:
    if request.method not in {"POST", "PUT", "PATCH"}:
        return
    has_body = bool(request.content_length) or "chunked" in request.headers.get(
        "Transfer-Encoding", ""
    )
    mimetype = request.mimetype or ""
    if has_body and not (mimetype in _BODY_TYPES or mimetype.endswith("+json")):
        api_abort(
            415,
            "request.unsupported_media_type",
            _("Send the request body as JSON (Content-Type: application/json)."),
        )
