"""Seal pages: an administrator uploads, previews and removes each issuing body's seal image."""

from __future__ import annotations

from typing import Any

from flask import Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.documents.seals import MAX_BYTES
from app.models._types import utcnow
from app.security import Role, roles_required
from app.services.setup import seals as svc
from app.web.certificates import bp
from app.web.certificates.forms import ButtonForm, SealForm


@bp.get("/certificates/seals")
@roles_required(Role.ADMIN)
def seals() -> str:
    """List the organizing bodies with their seal, an upload form and a removal button each."""
    return render_template("certificates/seals.html", rows=svc.list_seals(current_user),
                           form=SealForm(), button=ButtonForm(), max_kb=MAX_BYTES // 1024)


@bp.post("/certificates/seals/<int:organization_id>")
@roles_required(Role.ADMIN)
def upload_seal(organization_id: int) -> Any:
    """Store the uploaded seal image of one organizing body."""
    form = SealForm()
    if not form.validate_on_submit():
        flash(_("Choose a file to upload."), "danger")
        return redirect(url_for("certificates.seals"), code=303)
    # Read one byte past the limit so an oversized upload is refused without reading it all.
    svc.upload_seal(current_user, organization_id, form.image.data.read(MAX_BYTES + 1),
                    now=utcnow())
    flash(_("Seal saved; certificates of this body now carry it."), "success")
    return redirect(url_for("certificates.seals"), code=303)


@bp.post("/certificates/seals/<int:organization_id>/remove")
@roles_required(Role.ADMIN)
def remove_seal(organization_id: int) -> Any:
    """Remove a body's seal; its certificates show the empty stamp area again."""
    if ButtonForm().validate_on_submit():
        svc.remove_seal(current_user, organization_id, now=utcnow())
        flash(_("Seal removed."), "success")
    return redirect(url_for("certificates.seals"), code=303)


@bp.get("/certificates/seals/<int:organization_id>.png")
@roles_required(Role.ADMIN)
def seal_image(organization_id: int) -> Response:
    """Send a body's seal image for the preview on the seals page."""
    seal = svc.get_seal(current_user, organization_id)
    response = Response(seal.png, mimetype="image/png")
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
