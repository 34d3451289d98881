"""Outcome pages: finalise a project, its outcomes, the rule what-if, a contestant's places."""

from flask import Blueprint

bp = Blueprint("outcomes", __name__, url_prefix="/outcomes")

from app.web.outcomes import routes  # noqa: E402, F401
