"""Where each checklist line is fixed: the page for its code (pages and API share it)."""

from __future__ import annotations

from flask import url_for

from app.services.setup.checklist import CheckItem

_COMPETITION_PAGES = {
    "competition.projects": "organizer.new_project",
    "competition.dates": "organizer.edit_competition",
    "competition.registration_window": "organizer.edit_competition",
    "competition.site_serial": "organizer.edit_competition",
    "project.qualifications": "organizer.staff",
}
_PROJECT_PAGES = {
    "project.scheme": "schemes.editor",
    "project.chief_judge": "schemes.judges",
    "project.panels": "schemes.judges",
    "project.coverage": "schemes.judges",
}


def fix_url(item: CheckItem, competition_id: int) -> str:
    """Return the path of the page that fixes a checklist line."""
    if item.code in _PROJECT_PAGES and item.project_id is not None:
        return url_for(_PROJECT_PAGES[item.code], project_id=item.project_id)
    if item.code == "competition.organizer_active":
        return url_for("organizer.bodies")
    return url_for(_COMPETITION_PAGES.get(item.code, "organizer.competition"),
                   competition_id=competition_id)
