"""Organizing-body pages: the tree, create, edit or move, deactivate, organizer accounts."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from app.models._types import utcnow
from app.security import Role, roles_required
from app.services.common.access import get_organization
from app.services.common.scope import managed_body_ids
from app.services.setup import organizations
from app.web.organizer import bp
from app.web.organizer.forms import options
from app.web.organizer.forms_staff import BodyForm, OrganizerForm
from app.web.secrets_page import passwords_page


def _body_form(body: Any = None) -> BodyForm:
    form = BodyForm(obj=body) if body is not None else BodyForm()
    pairs = [(0, _("(top level)"))]
    pairs += [(b.id, b.name) for b in organizations.list_bodies(current_user)
              if body is None or b.id != body.id]
    form.parent_id.choices = options(pairs)
    if body is not None and not form.is_submitted():
        form.parent_id.data = body.parent_id or 0
    return form


def _data(form: BodyForm, *, move: bool) -> organizations.BodyData:
    return organizations.BodyData(
        name=form.name.data, kind=form.kind.data, region=form.region.data or "",
        region_code=form.region_code.data or "", site_serial=form.site_serial.data or "",
        parent_id=form.parent_id.data or None, move=move)


@bp.get("/bodies")
@roles_required(Role.ORGANIZER)
def bodies() -> str:
    """List the bodies the user may see, with a form to add one."""
    bodies = organizations.list_bodies(current_user)
    managed = managed_body_ids(current_user)
    return render_template("organizer/bodies.html", bodies=bodies, form=_body_form(),
                           managed=managed, names={b.id: b.name for b in bodies},
                           kinds=organizations.KIND_LABELS)


@bp.post("/bodies")
@roles_required(Role.ORGANIZER)
def create_body() -> Response:
    """Create a body from the form."""
    form = _body_form()
    if not form.validate():
        flash(_("Check the form: %(errors)s", errors="; ".join(
            f"{form[k].label.text}: {v[0]}" for k, v in form.errors.items())), "danger")
        return redirect(url_for("organizer.bodies"), code=303)
    body = organizations.create_body(current_user, _data(form, move=True), now=utcnow())
    flash(_("%(name)s was added.", name=body.name), "success")
    return redirect(url_for("organizer.bodies"), code=303)


@bp.route("/bodies/<int:body_id>", methods=["GET", "POST"])
@roles_required(Role.ORGANIZER)
def edit_body(body_id: int) -> Any:
    """Rename, re-describe or move a body."""
    body = get_organization(current_user, body_id)
    form = _body_form(body)
    if form.validate_on_submit():
        organizations.update_body(current_user, body.id, _data(form, move=True), now=utcnow())
        flash(_("%(name)s was saved.", name=form.name.data), "success")
        return redirect(url_for("organizer.bodies"), code=303)
    return render_template("organizer/body_form.html", body=body, form=form,
                           organizer_form=OrganizerForm())


@bp.post("/bodies/<int:body_id>/deactivate")
@roles_required(Role.ORGANIZER)
def deactivate_body(body_id: int) -> Response:
    """Deactivate a body."""
    body = organizations.deactivate_body(current_user, body_id, now=utcnow())
    flash(_("%(name)s was deactivated.", name=body.name), "success")
    return redirect(url_for("organizer.bodies"), code=303)


@bp.post("/bodies/<int:body_id>/organizers")
@roles_required(Role.ORGANIZER)
def add_organizer(body_id: int) -> Any:
    """Create an organizer account for a body and show its one-time password once."""
    form = OrganizerForm()
    if not form.validate():
        flash(_("Give a username of 3 to 80 characters and a name."), "danger")
        return redirect(url_for("organizer.edit_body", body_id=body_id), code=303)
    account, password = organizations.create_organizer(
        current_user, body_id, username=form.username.data,
        display_name=form.display_name.data, now=utcnow())
    # Rendered, not flashed: the password must not travel in the session cookie.
    return passwords_page([(account.username, account.display_name, password)],
                           back=url_for("organizer.edit_body", body_id=body_id))
