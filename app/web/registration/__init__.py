"""Registration pages: contestants sign up and register; organizers approve, import, export."""

from typing import Any

from flask import Blueprint

from app.services.identity.people import mask_id_number, mask_phone
from app.services.results.reasons import describe_reason

bp = Blueprint("registration", __name__, url_prefix="/registrations")


@bp.app_template_filter("reason_text")
def reason_text(reason: dict[str, Any]) -> str:
    """Show a stored eligibility reason in the user's language."""
    return describe_reason(reason)


bp.add_app_template_filter(mask_id_number, "mask_id")
bp.add_app_template_filter(mask_phone, "mask_phone")

from app.web.registration import (  # noqa: E402, F401
    routes_claims,
    routes_contestant,
    routes_organizer,
)
