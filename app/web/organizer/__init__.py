"""Organizer pages: set up competitions and projects, and see the contest pyramid."""

from flask import Blueprint

bp = Blueprint("organizer", __name__, url_prefix="/organizer")

from app.web.organizer import (  # noqa: E402, F401
    routes,
    routes_bodies,
    routes_judges,
    routes_links,
    routes_occupations,
    routes_projects,
    routes_staff,
    routes_unit_awards,
)
