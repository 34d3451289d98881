"""Account pages: change one's password, reset it with a code, and the users page."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, logout_user

from app.auth import start_session
from app.models._types import utcnow
from app.security import Role, before_password_change, login_required, public, roles_required
from app.services.identity import account_admin
from app.web.auth import bp
from app.web.auth.forms import (
    ActiveForm,
    ConfirmForm,
    PasswordChangeForm,
    ResetForm,
    RolesForm,
    UserSearchForm,
)
from app.web.auth.routes import landing_url
from app.web.list_forms import list_form, query_args


@bp.route("/password", methods=["GET", "POST"])
@login_required
@before_password_change
def change_password() -> Any:
    """Change one's own password; other sessions end, this one stays logged in.

    An account whose password someone else set lands here after log-in and may use no
    other page until it is changed; then it goes on to its home page.
    """
    form = PasswordChangeForm()
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("auth/password.html", form=form), status
    forced = current_user.must_change_password
    user = account_admin.change_password(
        current_user, current_password=form.current_password.data,
        new_password=form.new_password.data, now=utcnow())
    start_session(user)  # this cookie moves to the new session version
    flash(_("Your password was changed; your other sessions have ended."), "success")
    if forced:
        return redirect(landing_url())
    return redirect(url_for("auth.change_password"))


@bp.route("/reset", methods=["GET", "POST"])
@public
def reset_password() -> Any:
    """Set a new password with the one-time code an administrator or organizer handed over."""
    form = ResetForm()
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("auth/reset.html", form=form), status
    account_admin.reset_password_with_code(
        form.username.data, form.code.data, form.new_password.data, now=utcnow())
    if current_user.is_authenticated:
        logout_user()
    flash(_("Your password was set. Log in with it."), "success")
    return redirect(url_for("auth.login"))


USER_SORTS = {"username": _l("Username"), "name": _l("Name"),
              "last_login_at": _l("Last log-in")}


@bp.get("/users")
@roles_required(Role.ADMIN, Role.ORGANIZER)
def users() -> Any:
    """List accounts with roles, last log-in and throttle state; search by name."""
    search = list_form(UserSearchForm, request.args, sorts=USER_SORTS)
    page, rows = account_admin.page_users(current_user, search.to_filter(), now=utcnow())
    return render_template("auth/users.html", search=search, page=page, rows=rows,
                           args=query_args(request.args), confirm=ConfirmForm(),
                           active_form=ActiveForm(), roles_form=RolesForm(formdata=None),
                           editable_roles=account_admin.EDITABLE_ROLES)


@bp.post("/users/<int:user_id>/unlock")
@roles_required(Role.ADMIN, Role.ORGANIZER)
def unlock_user(user_id: int) -> Any:
    """Clear an account's failed log-ins."""
    _check_confirm()
    user = account_admin.unlock_user(current_user, user_id, now=utcnow())
    flash(_("%(name)s can log in again at once.", name=user.username), "success")
    return redirect(url_for("auth.users", q=request.args.get("q", "")[:80]))


@bp.post("/users/<int:user_id>/active")
@roles_required(Role.ADMIN)
def set_active(user_id: int) -> Any:
    """Enable or disable an account."""
    form = ActiveForm()
    if not form.validate_on_submit():
        abort(400)
    user = account_admin.set_user_active(current_user, user_id, active=form.active.data,
                                         now=utcnow())
    message = _("%(name)s is enabled.", name=user.username) if user.active else _(
        "%(name)s is disabled; their sessions have ended.", name=user.username)
    flash(message, "success")
    return redirect(url_for("auth.users"))


@bp.post("/users/<int:user_id>/roles")
@roles_required(Role.ADMIN)
def set_roles(user_id: int) -> Any:
    """Give an account the ticked unscoped roles (asked for confirmation first)."""
    form = RolesForm()
    if not form.validate_on_submit():
        abort(400)
    user = account_admin.set_user_roles(current_user, user_id, roles=form.roles.data or [],
                                        now=utcnow())
    flash(_("The roles of %(name)s were saved.", name=user.username), "success")
    return redirect(url_for("auth.users", q=request.args.get("q", "")[:80]))


@bp.post("/users/<int:user_id>/reset-code")
@roles_required(Role.ADMIN, Role.ORGANIZER)
def issue_reset_code(user_id: int) -> Any:
    """Issue a one-time reset code and show it this once (rendered, never flashed)."""
    _check_confirm()
    user, code = account_admin.issue_reset_code(current_user, user_id, now=utcnow())
    return render_template("auth/reset_code.html", user=user, code=code), 201


def _check_confirm() -> None:
    if not ConfirmForm().validate_on_submit():
        abort(400)
