"""HTTP layer: one blueprint package per audience or area."""

from __future__ import annotations

import builtins  # the converter's `min` / `max` arguments shadow the builtins

from flask import Flask
from werkzeug.routing import IntegerConverter, Map

from app.domain.numbers import ID_MAX


class BoundedIntConverter(IntegerConverter):
    """Flask's `int` converter capped at the 32-bit INTEGER columns: a larger id is a 404.

    PostgreSQL refuses a larger parameter ("integer out of range") and SQLite's driver raises
    OverflowError above 64 bits; either was a 500. flask-smorest documents the maximum.
    """

    def __init__(self, map: Map, fixed_digits: int = 0, min: int | None = None,  # noqa: A002
                 max: int | None = None, signed: bool = False) -> None:  # noqa: A002
        bounded = ID_MAX if max is None else builtins.min(max, ID_MAX)
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=bounded, signed=signed)


def register_web(app: Flask) -> None:
    """Register the page blueprints and the /api/v1 blueprints (after the bounded converter)."""
    app.url_map.converters["int"] = BoundedIntConverter
    from app.web.api import register_api
    from app.web.appeals import bp as appeals_bp
    from app.web.approvals import bp as approvals_bp
    from app.web.audit import bp as audit_bp
    from app.web.auth import bp as auth_bp
    from app.web.certificates import bp as certificates_bp
    from app.web.checkin import bp as checkin_bp
    from app.web.judging import bp as judging_bp
    from app.web.leaderboard import bp as leaderboard_bp
    from app.web.notifications import bp as notifications_bp
    from app.web.organizer import bp as organizer_bp
    from app.web.outcomes import bp as outcomes_bp
    from app.web.people import bp as people_bp
    from app.web.public import bp as public_bp
    from app.web.registration import bp as registration_bp
    from app.web.schemes import bp as schemes_bp
    from app.web.transfers import bp as transfers_bp

    app.register_blueprint(public_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(checkin_bp)
    app.register_blueprint(judging_bp)
    app.register_blueprint(organizer_bp)
    app.register_blueprint(outcomes_bp)
    app.register_blueprint(registration_bp)
    app.register_blueprint(schemes_bp)
    app.register_blueprint(certificates_bp)
    app.register_blueprint(approvals_bp)
    app.register_blueprint(people_bp)
    app.register_blueprint(leaderboard_bp)
    app.register_blueprint(appeals_bp)
    app.register_blueprint(transfers_bp)
    app.register_blueprint(audit_bp)
    app.register_blueprint(notifications_bp)
    register_api(app)
