"""Public routes: the landing page, the language switch and the role home."""

from __future__ import annotations

from flask import abort, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user

from app.models._types import utcnow
from app.security import is_safe_path, login_required, public
from app.services.common.local_time import local_date
from app.services.setup.dashboard import get_dashboard
from app.web.public import bp


@bp.get("/")
@public
def home():  # noqa: ANN201
    """Show the landing page, or send a logged-in user to their role home."""
    if current_user.is_authenticated:
        return redirect(url_for("public.dashboard"))
    return render_template("public/home.html")


@bp.get("/home")
@login_required
def dashboard() -> str:
    """Show one card per role the user holds, with what to do next."""
    return render_template("public/dashboard.html", board=get_dashboard(current_user.id),
                           today=local_date(utcnow()))


@bp.get("/locale/<code>")
@public
def set_locale(code: str):  # noqa: ANN201
    """Switch the interface language and go back where the user was."""
    if code not in current_app.config["LANGUAGES"]:
        abort(404)
    session["locale"] = code
    target = request.args.get("next") or url_for("public.home")
    # Only follow local paths, never an absolute URL (open-redirect guard).
    if not is_safe_path(target):
        target = url_for("public.home")
    return redirect(target)
