"""Public pages: the home page and the language switch."""

from flask import Blueprint

bp = Blueprint("public", __name__)

from app.web.public import routes  # noqa: E402, F401
