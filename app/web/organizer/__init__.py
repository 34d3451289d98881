"""Organizer pages: set up competitions and projects, and see the contest pyramid."""

from flask import Blueprint

bp = Blueprint("organizer", __name__, url_prefix="/organizer")

from app.web.organizer import routes, routes_occupations, routes_projects  # noqa: E402, F401
