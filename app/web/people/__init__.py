"""The lifetime record (技能人才成长档案) of a person."""

from flask import Blueprint

bp = Blueprint("people", __name__, url_prefix="/people")

from app.web.outcome_labels import register_filters  # noqa: E402
from app.web.people import routes, routes_honours, routes_list  # noqa: E402, F401

register_filters(bp)
