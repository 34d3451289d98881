"""The chief judge's tie page: tied entries side by side, and the form recording an order."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from app.errors import ServiceError
from app.models._types import utcnow
from app.security import Role, has_role, roles_required
from app.services.common.access import Need, get_project
from app.services.scoring import tie_orders
from app.services.scoring.judging_access import is_chief
from app.web.judging import bp
from app.web.judging.forms import TieOrderForm


@bp.get("/projects/<int:project_id>/ties")
@roles_required(Role.CHIEF_JUDGE, Role.ORGANIZER)
def ties(project_id: int) -> str:
    """Show the ties the chain leaves, every tie-break value side by side, with order forms."""
    project = get_project(current_user, project_id, Need.OVERSEE)
    sheet = tie_orders.get_tie_sheet(current_user, project.id)
    forms = []
    for tie in sheet.ties:
        form = TieOrderForm(formdata=None)
        form.tie.data = ",".join(str(e.registration_id) for e in tie.entries)
        form.order.data = ", ".join(e.code for e in tie.entries)
        forms.append(form)
    chief = has_role(current_user, Role.ADMIN) or is_chief(current_user, project.id)
    return render_template("judging/ties.html", project=project, sheet=sheet,
                           forms=forms, chief=chief, reasons=tie_orders.tie_reasons(project.id))


@bp.post("/projects/<int:project_id>/ties")
@roles_required(Role.CHIEF_JUDGE)
def record_tie_order(project_id: int) -> Response:
    """Record one tie's order from its form."""
    project = get_project(current_user, project_id, Need.OVERSEE)
    form = TieOrderForm()
    if not form.validate():
        flash(_("Give the order and a reason."), "danger")
        return redirect(url_for("judging.ties", project_id=project.id), code=303)
    by_code = {}
    for tie in tie_orders.get_tie_sheet(current_user, project.id).ties:
        by_code.update({e.code.casefold(): e.registration_id for e in tie.entries})
    codes = [c.strip().casefold() for c in form.order.data.replace("，", ",").split(",")
             if c.strip()]
    unknown = [c for c in codes if c not in by_code]
    if unknown:
        raise ServiceError("tie_order.unknown_code",
                           _("Not a code of this tie: %(code)s.", code=unknown[0]),
                           field="order")
    tie_orders.record_tie_order(current_user, project.id,
                                registration_ids=[by_code[c] for c in codes],
                                reason=form.reason.data, now=utcnow())
    flash(_("The tie order was recorded."), "success")
    return redirect(url_for("judging.ties", project_id=project.id), code=303)
