"""Loading helpers of the board pages."""

from __future__ import annotations

from typing import Any

from flask_login import current_user

from app.models import Project
from app.models._types import utcnow
from app.services.boards import leaderboard
from app.services.common import labels


def viewer() -> Any:
    """Return the logged-in user, or None for a spectator."""
    return current_user._get_current_object() if current_user.is_authenticated else None


def board_for(project: Project) -> tuple[leaderboard.View, dict[str, Any]]:
    """Return the viewer's view of the project and the board as they may see it now."""
    now = utcnow()
    view = leaderboard.view_for(viewer(), project, now)
    return view, leaderboard.get_board(project, view, now=now)


def label_texts() -> dict[str, dict[str, str]]:
    """Return the award, board status and finish status labels in the user's language."""
    return {
        "labels": {k: str(v) for k, v in leaderboard.AWARD_LABELS.items()},
        "statuses": {k: str(v) for k, v in leaderboard.STATUS_LABELS.items()},
        "finish_statuses": {k: str(v) for k, v in labels.FINISH_STATUS.items()},
    }
