"""Loading helpers of the board pages."""

from __future__ import annotations

from typing import Any

from flask import abort
from flask_login import current_user

from app.extensions import db
from app.models import Competition, Project
from app.models._types import utcnow
from app.services import leaderboard


def project_or_404(project_id: int) -> Project:
    """Load a project or 404."""
    project = db.session.get(Project, project_id)
    if project is None:
        abort(404)
    return project


def competition_or_404(competition_id: int) -> Competition:
    """Load a competition or 404."""
    competition = db.session.get(Competition, competition_id)
    if competition is None:
        abort(404)
    return competition


def viewer() -> Any:
    """Return the logged-in user, or None for a spectator."""
    return current_user._get_current_object() if current_user.is_authenticated else None


def board_for(project: Project) -> tuple[leaderboard.View, dict[str, Any]]:
    """Return the viewer's view of the project and the board as they may see it now."""
    now = utcnow()
    view = leaderboard.view_for(viewer(), project, now)
    return view, leaderboard.get_board(project, view, now=now)


def label_texts() -> dict[str, dict[str, str]]:
    """Return the award and status labels in the user's language (for templates and JSON)."""
    return {
        "labels": {k: str(v) for k, v in leaderboard.AWARD_LABELS.items()},
        "statuses": {k: str(v) for k, v in leaderboard.STATUS_LABELS.items()},
    }
