"""Loading helpers of the set-up pages."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from app.models import Project
from app.services.judging_access import can_manage, get_project
from app.services.judging_errors import JudgingError


def managed_project_or_404(project_id: int) -> Project:
    """Return a project the user may set up (its organizer, an admin), else 404."""
    try:
        project = get_project(project_id)
    except JudgingError:
        abort(404)
    if not can_manage(current_user, project):
        abort(404)
    return project
