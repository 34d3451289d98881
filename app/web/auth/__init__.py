"""Log-in, log-out, account pages and API token management."""

from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/auth")

from app.web.auth import routes, routes_account  # noqa: E402, F401
