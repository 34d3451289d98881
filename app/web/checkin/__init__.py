"""Check-in (检录), admission tickets and the lot draw (抽签): staff pages and public proof."""

from flask import Blueprint

bp = Blueprint("checkin", __name__, url_prefix="/checkin")

from app.web.checkin import routes, routes_draw  # noqa: E402, F401
