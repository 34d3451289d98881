"""HTTP layer: one blueprint package per audience or area."""

from __future__ import annotations

from flask import Flask


def register_web(app: Flask) -> None:
    """Register the page blueprints and the /api/v1 blueprints."""
    from app.web.api import register_api
    from app.web.appeals import bp as appeals_bp
    from app.web.approvals import bp as approvals_bp
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
    app.register_blueprint(notifications_bp)
    register_api(app)
