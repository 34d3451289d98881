"""Authentication routes (placeholder until the auth work lands)."""

from __future__ import annotations

from flask import redirect, render_template, url_for
from flask_login import logout_user

from app.security import login_required, public
from app.web.auth import bp


@bp.route("/login", methods=["GET", "POST"])
@public
def login() -> str:
    """Show the log-in form."""
    return render_template("auth/login.html")


@bp.post("/logout")
@login_required
def logout():  # noqa: ANN201
    """Log the user out."""
    logout_user()
    return redirect(url_for("public.home"))
