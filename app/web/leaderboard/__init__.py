"""Live results: public boards per project and competition, the big screen, the 公示 list."""

from flask import Blueprint

bp = Blueprint("leaderboard", __name__, url_prefix="/live")

from app.web.leaderboard import routes, routes_staff  # noqa: E402, F401
