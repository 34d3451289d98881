"""Judging set-up pages for organizers: the marking scheme editor (.xlsx in and out), judges."""

from flask import Blueprint

bp = Blueprint("schemes", __name__, url_prefix="/schemes")

from app.web.schemes import routes, routes_judges  # noqa: E402, F401
