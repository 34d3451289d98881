"""The approver's (核准) review of proposed grade promotions."""

from flask import Blueprint

bp = Blueprint("approvals", __name__, url_prefix="/approvals")

from app.web.approvals import routes  # noqa: E402, F401
from app.web.outcome_labels import register_filters  # noqa: E402

register_filters(bp)
