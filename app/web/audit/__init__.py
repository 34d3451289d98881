"""The administrator's audit check: the keyed chain, its anchors and the scores."""

from flask import Blueprint

bp = Blueprint("audit", __name__, url_prefix="/audit")

from app.web.audit import routes  # noqa: E402, F401
