"""Loading helpers shared by the check-in views."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from app.extensions import db
from app.models import Project, Registration
from app.services.scope import can_manage_project


def managed_project_or_404(project_id: int) -> Project:
    """Load a project the user manages; others' projects look as if they did not exist."""
    project = db.session.get(Project, project_id)
    if project is None or not can_manage_project(current_user, project):
        abort(404)
    return project


def managed_registration_or_404(registration_id: int) -> Registration:
    """Load a registration of a project the user manages, or 404."""
    registration = db.session.get(Registration, registration_id)
    if registration is None or not can_manage_project(current_user, registration.project):
        abort(404)
    return registration
