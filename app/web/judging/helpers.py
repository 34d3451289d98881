"""Loading helpers of the judging pages: a project the user may see, or 404."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from app.models import Project
from app.services.judging_access import assignment_of, can_oversee, get_project
from app.services.judging_errors import JudgingError


def project_or_404(project_id: int) -> Project:
    """Return the project or answer 404."""
    try:
        return get_project(project_id)
    except JudgingError:
        abort(404)


def judged_project_or_404(project_id: int) -> Project:
    """Return a project the user is assigned to judge; others get 404 (no hint it exists)."""
    project = project_or_404(project_id)
    if assignment_of(current_user, project.id) is None:
        abort(404)
    return project


def overseen_project_or_404(project_id: int) -> Project:
    """Return a project whose matrix the user may watch (its chief judge, organizer, admin)."""
    project = project_or_404(project_id)
    if not can_oversee(current_user, project):
        abort(404)
    return project
