"""Public routes."""

from __future__ import annotations

from flask import abort, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user

from app.security import public
from app.web.public import bp


@bp.get("/")
@public
def home() -> str:
    """Show the landing page, or the user's role home when logged in."""
    return render_template("public/home.html", user=current_user)


@bp.get("/locale/<code>")
@public
def set_locale(code: str):  # noqa: ANN201
    """Switch the interface language and go back where the user was."""
    if code not in current_app.config["LANGUAGES"]:
        abort(404)
    session["locale"] = code
    target = request.args.get("next") or url_for("public.home")
    # Only follow local paths, never an absolute URL (open-redirect guard).
    if not target.startswith("/") or target.startswith("//"):
        target = url_for("public.home")
    return redirect(target)
