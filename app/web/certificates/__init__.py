"""Certificates: public verification, a contestant's own, an organizer's issuing and zips."""

from flask import Blueprint

bp = Blueprint("certificates", __name__)

from app.web.certificates import routes, routes_list, routes_seals  # noqa: E402, F401
from app.web.outcome_labels import register_filters  # noqa: E402

register_filters(bp)
