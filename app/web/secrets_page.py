"""Answers that carry a one-time password: never stored by a browser or a proxy."""

from __future__ import annotations

from flask import after_this_request, make_response, render_template
from werkzeug.wrappers import Response


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"
    return response


def passwords_page(accounts: list[tuple[str, str, str]], *, back: str) -> Response:
    """Render the one-time passwords page with caching forbidden."""
    return _no_store(make_response(render_template("organizer/passwords.html",
                                                   accounts=accounts, back=back)))


def forbid_caching() -> None:
    """Mark the current API answer as not cacheable (it holds a password)."""
    after_this_request(_no_store)


