"""Error pages, and one JSON error format for API clients."""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, flash, g, jsonify, redirect, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException, InternalServerError

from app.errors import ServiceError
from app.security import is_safe_path

# Where a page view said its refusals go back to: (url, flash category), see refusals_go_to.
REFUSAL_BACK = "jx_refusal_back"
# Where a refusal's own Retry-After waits for app/web/rate_limits.py, whose limiter overwrites it.
OWN_RETRY_AFTER = "jx_own_retry_after"

# Messages in the user's language for the statuses clients see.
_MESSAGES = {
    400: lambda: _("The request could not be understood."),
    401: lambda: _("Please log in, or send a valid API token."),
    403: lambda: _("You do not have permission to do this."),
    404: lambda: _("Not found."),
    405: lambda: _("This method is not allowed here."),
    409: lambda: _("This conflicts with the current state."),
    413: lambda: _("The upload is too large."),
    422: lambda: _("Some input is not valid."),
    429: lambda: _("Too many attempts; please wait and try again."),
    500: lambda: _("Something went wrong on our side; nothing was changed."),
}


def wants_json() -> bool:
    """Tell whether the client should get JSON rather than an HTML page."""
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes[
        "text/html"
    ]


def error_body(code: str, message: str, field: str | None = None) -> dict[str, Any]:
    """Build the one error format: {"error": {"code", "message", "field"}}."""
    return {"error": {"code": code, "message": message, "field": field}}


def _first_field_error(exc: HTTPException) -> tuple[str | None, str | None]:
    """Pull (field, message) out of a webargs/marshmallow validation error, if any."""
    messages = (getattr(exc, "data", None) or {}).get("messages")
    if not isinstance(messages, dict):
        return None, None
    # webargs nests by location: {"json": {"field": ["msg"]}}
    for location in messages.values():
        if isinstance(location, dict):
            for field, errors in location.items():
                return _first_message(str(field), errors)
    return None, None


def _first_message(field: str, errors: Any) -> tuple[str, str]:
    """Follow nested errors to the first message: {0: ["…"]} under ids is ids[0]."""
    if isinstance(errors, dict) and errors:
        key, inner = next(iter(errors.items()))
        return _first_message(f"{field}[{key}]" if isinstance(key, int) else f"{field}.{key}",
                              inner)
    if isinstance(errors, list) and errors:
        return _first_message(field, errors[0])
    return field, str(errors)


def handle_http_error(exc: HTTPException) -> Any:
    """Render an HTTP error as a page or as the JSON error format."""
    status = exc.code or 500
    message = _MESSAGES.get(status, lambda: exc.description or "")()
    if wants_json():
        field, detail = _first_field_error(exc)
        code = getattr(exc, "jx_code", None) or ("validation" if field else f"http.{status}")
        if status == 429 and code == "http.429":
            code = "rate_limited"
        if detail:
            message = detail
        elif getattr(exc, "jx_message", None):
            message = exc.jx_message  # type: ignore[attr-defined]
        response = jsonify(error_body(code, message, getattr(exc, "jx_field", None) or field))
        response.status_code = status
        if status == 401:
            response.headers["WWW-Authenticate"] = 'Bearer realm="jiangxin"'
        return response
    return render_template("errors/error.html", status=status, message=message), status


def refusals_go_to(url: str, *, category: str = "danger") -> None:
    """Have a refusal on this page flash its message and redirect to ``url``.

    Call it before the use case when "back" is a known page rather than the referrer (an
    action posted from a list, a download that falls back to its list); it applies to a GET
    too, which otherwise gets the error page. A 404 answers with the 404 page.
    """
    setattr(g, REFUSAL_BACK, (url, category))


def handle_service_error(exc: ServiceError) -> Any:
    """Answer a refused request: JSON for API clients, a flash and a redirect back for pages."""
    from app.extensions import db

    db.session.rollback()
    retry_after = exc.params.get("retry_after")
    if retry_after:
        g.setdefault(OWN_RETRY_AFTER, str(retry_after))
    if wants_json():
        body = error_body(exc.code, exc.message, exc.field)
        body["error"].update(exc.details())
        response = jsonify(body)
        response.status_code = exc.status
        if retry_after:
            response.headers["Retry-After"] = str(retry_after)
        if exc.status == 401:
            response.headers["WWW-Authenticate"] = 'Bearer realm="jiangxin"'
        return response
    if exc.status in (429, 503):
        # "Wait and try again" is an answer, not a form error: a page with Retry-After.
        page = render_template("errors/error.html", status=exc.status, message=exc.message)
        return page, exc.status, {"Retry-After": str(retry_after or 1)}
    declared = g.get(REFUSAL_BACK)
    if exc.status == 404 and (exc.missing_record or declared is not None):
        # The record the page is about is not there (or not the user's to see): no way back.
        return render_template("errors/error.html", status=404, message=exc.message), 404
    if declared is not None:
        url, category = declared
        flash(exc.message, category)
        return redirect(url)  # 302, as these pages' own redirects always were
    if request.method != "GET":
        flash(exc.message, "danger")
        back = request.referrer or ""
        # Referrer is absolute; keep only its path so the redirect never leaves the site.
        path = back.split(request.host, 1)[-1] if request.host in back else ""
        return redirect(path if is_safe_path(path) else request.path, code=303)
    return render_template("errors/error.html", status=exc.status,
                           message=exc.message), exc.status


def upload_too_large(_error: HTTPException) -> Any:
    """Refuse an oversized upload naming the limit: the API's JSON error or the 413 page.

    Upload blueprints register it for RequestEntityTooLarge, so the message says how to fix it.
    """
    limit_mb = current_app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)
    message = _("The file is larger than %(mb)d MB; nothing was imported. Split it into "
                "several files.", mb=limit_mb)
    if wants_json():
        response = jsonify(error_body("upload.too_large", message, "file"))
        response.status_code = 413
        return response
    return render_template("errors/error.html", status=413, message=message), 413


def init_errors(app: Flask) -> None:
    """Install the handlers; unexpected exceptions become a logged 500."""
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(ServiceError, handle_service_error)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> Any:
        if isinstance(exc, HTTPException):
            return handle_http_error(exc)
        if isinstance(exc, ServiceError):
            return handle_service_error(exc)
        app.logger.exception("Unhandled error")
        from app.extensions import db

        db.session.rollback()
        return handle_http_error(InternalServerError())
