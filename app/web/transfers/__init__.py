"""Transfer pages: theory scores from a machine-marked exam, imported as .xlsx."""

from flask import Blueprint

bp = Blueprint("transfers", __name__, url_prefix="/transfers")

from app.web.transfers import routes  # noqa: E402, F401
