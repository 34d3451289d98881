"""/api/v1/people/me/results: the contestant's own marks, rank, outcomes, deadlines, downloads.

Registered on the person-records blueprint (app/web/api/outcomes.py) when this module is
imported by app/web/api/__init__.py.
"""

from __future__ import annotations

from typing import Any

from app.models._types import utcnow
from app.security import login_required
from app.services.identity.my_results import get_my_results
from app.web.api.base import api_user
from app.web.api.my_results_schemas import MyResultSchema
from app.web.api.outcomes import people_blp


@people_blp.route("/me/results", methods=["GET"])
@login_required
@people_blp.response(200, MyResultSchema(many=True))
def my_results() -> Any:
    """Return the caller's own results per entry: marks (judges by number) once published, rank,
    outcomes with explanations, appeal/objection deadlines and downloads."""
    return get_my_results(api_user(), now=utcnow())
