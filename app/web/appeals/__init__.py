"""Appeals (申诉): contestants file them; arbitrators (仲裁组) read the case and decide."""

from flask import Blueprint

bp = Blueprint("appeals", __name__, url_prefix="/appeals")

from app.web.appeals import routes  # noqa: E402, F401
