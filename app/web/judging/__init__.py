"""Live judging pages: the judge's tablet, the chief judge's console, audit log, statistics."""

from flask import Blueprint

bp = Blueprint("judging", __name__, url_prefix="/judging")

from app.web.judging import console_routes, routes, tie_routes  # noqa: E402, F401
