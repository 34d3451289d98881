"""The lifetime record pages."""

from __future__ import annotations

from typing import Any

from flask import abort, redirect, render_template, url_for
from flask_login import current_user

from app.models._types import utcnow
from app.security import Role, has_role, login_required
from app.services.identity.claims import account_of
from app.services.identity.my_results import get_my_results
from app.services.identity.person_records import get_person_record
from app.web.people import bp
from app.web.people.forms import ConfirmForm
from app.web.people.routes_honours import grade_form, honour_form


@bp.get("/me")
@login_required
def me() -> Any:
    """Go to the user's own lifetime record."""
    if current_user.person_id is None:
        abort(404)
    return redirect(url_for("people.record", person_id=current_user.person_id))


@bp.get("/<int:person_id>")
@login_required
def record(person_id: int) -> str:
    """Show a person's path across tiers: their own, or one in an organizer's scope."""
    data = get_person_record(current_user, person_id)
    own = current_user.person_id == person_id
    # One's own record also carries one's marks, deadlines and downloads (issue #17, item 10).
    mine = ({r.registration_id: r for r in get_my_results(current_user, now=utcnow(), record=data)}
            if own else {})
    editable = has_role(current_user, Role.ORGANIZER)
    # An organizer may hand a person without an account a code to claim this record.
    claimable = (not own and editable
                 and data.person.duplicate_of_id is None and account_of(person_id) is None)
    return render_template("people/record.html", record=data, own=own, mine=mine,
                           claimable=claimable,
                           confirm=ConfirmForm(), editable=editable,
                           honour_form=honour_form() if editable else None,
                           grade_form=grade_form() if editable else None,
                           confirm_form=ConfirmForm() if editable else None)
