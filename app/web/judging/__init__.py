"""Live judging pages: the judge's tablet, the chief judge's console, audit log, statistics."""

from flask import Blueprint

bp = Blueprint("judging", __name__, url_prefix="/judging")

from app.web.judging import (  # noqa: E402, F401
    routes,
    routes_console,
    routes_sheets,
    routes_ties,
)
