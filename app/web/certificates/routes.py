"""Certificate pages: /verify (public), my certificates, an organizer's project page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import (
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from app.models._types import utcnow
from app.security import Role, is_safe_path, login_required, public, roles_required
from app.services.certification import certificate_batches as batches
from app.services.certification import certificates as svc
from app.services.common.access import Need, get_project
from app.web.certificates import bp
from app.web.certificates.forms import ButtonForm, IssueForm, RevokeForm, VerifyForm
from app.web.errors import refusals_go_to
from app.web.form_fields import form_id
from app.web.public_url import public_base_url

# ---------------------------------------------------------------- public verification


@bp.get("/verify")
@public
def verify_form() -> Any:
    """Look up a verification code (or link), or a printed number with the holder's surname."""
    form = VerifyForm(request.args)
    if request.args and form.validate():
        if (form.token.data or "").strip():
            token = form.token.data.strip().rstrip("/").rsplit("/", 1)[-1]
            return redirect(url_for("certificates.verify", token=token))
        return _verdict(lambda: svc.verify_number(form.number.data, form.surname.data))
    return render_template("certificates/verify_form.html", form=form)


def _verdict(look_up: Callable[[], svc.Verification]) -> Any:
    """Render the one verdict page for a QR token or a number + surname lookup."""
    try:
        result = look_up()
    except svc.BadToken:  # own-handling: "not genuine" is a verdict page of its own
        return render_template("certificates/verify.html", result=None), 404
    return render_template("certificates/verify.html", result=result,
                           masked_name=svc.mask_name(result.certificate.content.get("name", "")))


@bp.get("/verify/<token>")
@public
def verify(token: str) -> Any:
    """Show a certificate's data and status, masked; an altered or invented token is invalid."""
    return _verdict(lambda: svc.verify_token(token))


# ---------------------------------------------------------------- contestants


@bp.get("/certificates/mine")
@login_required
def mine() -> str:
    """List the user's own certificates with downloads."""
    return render_template("certificates/mine.html",
                           certificates=svc.list_my_certificates(current_user))


@bp.get("/certificates/<int:certificate_id>.pdf")
@login_required
def download(certificate_id: int) -> Response:
    """Send one certificate PDF: one's own, or an organizer's in scope (else 404)."""
    certificate = svc.get_certificate(current_user, certificate_id)
    pdf = svc.render_certificate_pdf(certificate, base_url=public_base_url())
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{svc.download_name(certificate)}"')
    return response


# ---------------------------------------------------------------- organizers


@bp.get("/certificates/project/<int:project_id>")
@roles_required(Role.ORGANIZER)
def project(project_id: int) -> str:
    """Show a project's certificates: issue, generate the zip with progress, revoke."""
    certificates = svc.list_project_certificates(current_user, project_id)
    proj = get_project(current_user, project_id, Need.MANAGE)
    instance = current_app.instance_path
    return render_template("certificates/project.html", project=proj,
                           certificates=certificates,
                           progress=batches.read_progress(instance, "project", project_id),
                           competition_progress=batches.read_progress(
                               instance, "competition", proj.competition_id),
                           issue_form=IssueForm(), revoke_form=RevokeForm(),
                           button=ButtonForm())


@bp.post("/certificates/project/<int:project_id>/issue")
@roles_required(Role.ORGANIZER)
def issue(project_id: int) -> Any:
    """Issue (or re-issue) the chosen kinds of certificate."""
    form = IssueForm()
    if not form.validate_on_submit():
        flash(_("Choose at least one kind of certificate."), "error")
        return redirect(url_for("certificates.project", project_id=project_id))
    refusals_go_to(url_for("certificates.project", project_id=project_id), category="error")
    report = svc.issue_certificates(current_user, project_id, form.kinds.data, now=utcnow())
    flash(_("Issued %(new)d certificates; %(same)d unchanged; %(gone)d revoked.",
            new=len(report.issued), same=report.unchanged, gone=len(report.revoked)), "success")
    return redirect(url_for("certificates.project", project_id=project_id))


@bp.post("/certificates/<int:certificate_id>/revoke")
@roles_required(Role.ORGANIZER)
def revoke(certificate_id: int) -> Any:
    """Revoke one certificate with a reason."""
    form = RevokeForm()
    back = request.form.get("project_id", type=form_id)
    target = (url_for("certificates.project", project_id=back) if back
              else url_for("certificates.mine"))
    if not form.validate_on_submit():
        flash(_("Give a reason for the revocation."), "error")
        return redirect(target)
    refusals_go_to(target, category="error")
    certificate = svc.revoke_certificate(current_user, certificate_id,
                                         reason=form.reason.data, now=utcnow())
    flash(_("Certificate %(serial)s revoked.", serial=certificate.serial), "success")
    return redirect(target)


@bp.post("/certificates/<scope>/<int:scope_id>/batch")
@roles_required(Role.ORGANIZER)
def start_batch(scope: str, scope_id: int) -> Any:
    """Start generating the scope's PDFs into one zip, in a separate process."""
    if scope not in ("project", "competition") or not ButtonForm().validate_on_submit():
        abort(400)
    back = request.form.get("next", "")
    back = back if is_safe_path(back) else url_for("certificates.mine")
    refusals_go_to(back, category="error")
    batches.start_batch(current_user, scope, scope_id, now=utcnow(), base_url=public_base_url())
    if request.accept_mimetypes.best == "application/json":
        return jsonify(batches.read_progress(current_app.instance_path, scope, scope_id)), 202
    return redirect(back)


def _check_scope(scope: str, scope_id: int) -> None:
    if scope not in ("project", "competition"):
        abort(404)
    batches.check_scope(current_user, scope, scope_id)


@bp.get("/certificates/<scope>/<int:scope_id>/progress")
@roles_required(Role.ORGANIZER)
def progress(scope: str, scope_id: int) -> Response:
    """Return the batch's progress record as JSON (the page polls it)."""
    _check_scope(scope, scope_id)
    return jsonify(batches.read_progress(current_app.instance_path, scope, scope_id))


@bp.get("/certificates/<scope>/<int:scope_id>/certificates.zip")
@roles_required(Role.ORGANIZER)
def download_zip(scope: str, scope_id: int) -> Response:
    """Send the last generated zip of a project's or competition's certificates."""
    _check_scope(scope, scope_id)
    path = batches.zip_file(current_app.instance_path, scope, scope_id)
    if not path.is_file():
        abort(404)
    return send_file(path, mimetype="application/zip", as_attachment=True,
                     download_name=f"certificates-{scope}-{scope_id}.zip", max_age=0)
