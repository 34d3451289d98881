"""Log in, log out, and manage one's own API tokens."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from app.auth import start_session
from app.models._types import utcnow
from app.security import before_password_change, is_safe_path, login_required, public
from app.services.identity import account_admin, accounts
from app.web.auth import bp
from app.web.auth.forms import ConfirmForm, LoginForm, TokenForm


def landing_url() -> str:
    """Return where a user lands after logging in: their dashboard, or the home page."""
    if "public.dashboard" in current_app.view_functions:
        return url_for("public.dashboard")
    return url_for("public.home")


@bp.route("/login", methods=["GET", "POST"])
@public
def login() -> Any:
    """Show the log-in form; on success go to `next` (local paths only) or the landing page."""
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if current_user.is_authenticated and request.method == "GET":
        return redirect(_next_or_landing(form.next.data))
    if form.validate_on_submit():
        try:
            user = accounts.authenticate(form.username.data, form.password.data, now=utcnow())
        except accounts.LoginError as error:  # own-handling: the form shows it, answering 401
            form.password.errors.append(error.message)
            return render_template("auth/login.html", form=form), 401
        start_session(user)
        if user.must_change_password:
            return redirect(url_for("auth.change_password"))
        return redirect(_next_or_landing(form.next.data))
    status = 400 if request.method == "POST" else 200
    return render_template("auth/login.html", form=form), status


def _next_or_landing(target: str | None) -> str:
    return target if is_safe_path(target) else landing_url()


def clear_site_data(outbox_empty: str | None) -> str:
    """Return the log-out's Clear-Site-Data: the HTTP cache always; the site's storage too
    (the tablet's service worker and cached pages, localStorage) only when the page's script
    said no outbox on this device holds an unsent score (static/js/logout.js), so a judge's
    unsent marks are never wiped by logging out."""
    return '"cache", "storage"' if outbox_empty == "1" else '"cache"'


@bp.post("/logout")
@login_required
@before_password_change
def logout() -> Any:
    """Log the user out everywhere: every saved copy of any of their session cookies dies."""
    account_admin.end_sessions(current_user, now=utcnow())
    logout_user()
    flash(_("You have logged out."), "info")
    response = redirect(url_for("public.home"))
    response.headers["Clear-Site-Data"] = clear_site_data(request.form.get("outbox_empty"))
    return response


@bp.get("/tokens")
@login_required
def tokens() -> Any:
    """List the user's API tokens, with a form to create one."""
    return _render_tokens(TokenForm())


@bp.post("/tokens")
@login_required
def create_token() -> Any:
    """Create an API token and show its secret this once."""
    form = TokenForm()
    if not form.validate_on_submit():
        return _render_tokens(form), 400
    token, plain = accounts.issue_api_token(
        current_user, name=form.name.data, days=form.days.data, now=utcnow(),
        scopes=form.scopes.data or None,
    )
    # Rendered, not redirected: the secret must not travel through the session.
    return _render_tokens(TokenForm(formdata=None), new_token=plain, new_token_id=token.id), 201


@bp.post("/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int) -> Any:
    """Revoke one of the user's API tokens."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    accounts.revoke_api_token(current_user, token_id, now=utcnow())
    flash(_("The token was revoked."), "success")
    return redirect(url_for("auth.tokens"))


def _render_tokens(form: TokenForm, **extra: Any) -> str:
    return render_template(
        "auth/tokens.html",
        form=form,
        confirm=ConfirmForm(),
        tokens=accounts.list_api_tokens(current_user),
        now=utcnow(),
        default_days=current_app.config["API_TOKEN_DAYS"],
        **extra,
    )
