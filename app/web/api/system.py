"""/api/v1/health: is the service up and its database reachable."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app.extensions import db
from app.security import public
from app.web.api.base import ApiBlueprint
from app.web.api.schemas import HealthSchema

blp = ApiBlueprint(
    "system", __name__, url_prefix="/api/v1/health", description="Service status."
)


@cache
def app_version() -> str:
    """Return the version from pyproject.toml."""
    path = Path(__file__).resolve().parents[3] / "pyproject.toml"
    try:
        return tomllib.loads(path.read_text("utf-8"))["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


@blp.route("", methods=["GET"])
@public
@blp.response(200, HealthSchema)
@blp.alt_response(503, schema=HealthSchema, description="The database does not answer.")
def health() -> Any:
    """Report whether the database answers, and the version."""
    try:
        db.session.execute(text("SELECT 1"))
        reachable = True
    except SQLAlchemyError:
        current_app.logger.exception("Health check: database unreachable")
        db.session.rollback()
        reachable = False
    body = {"status": "ok" if reachable else "degraded", "database": reachable,
            "version": app_version()}
    return body, (200 if reachable else 503)
