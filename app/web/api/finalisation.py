"""/api/v1 finalisation: finalise a project, read its outcomes, rule what-if, qualifications."""

from __future__ import annotations

from typing import Any

from app.models._types import utcnow
from app.security import Role, login_required, roles_required
from app.services.results import finalisation, outcomes_read, qualification, what_if
from app.services.setup.competition_rules import RowInput
from app.web.api.base import ApiBlueprint, api_user
from app.web.api.finalisation_schemas import (
    FinalizeInSchema,
    OriginSchema,
    OutcomesSchema,
    QualificationSchema,
    QualificationWithdrawSchema,
    ReportSchema,
    WhatIfInSchema,
    WhatIfSchema,
    WithdrawnSchema,
)

finalisation_blp = ApiBlueprint(
    "finalisation", __name__, url_prefix="/api/v1/projects",
    description="Finalise a project's results and read its outcomes; rule what-if.")
qualifications_blp = ApiBlueprint(
    "qualifications", __name__, url_prefix="/api/v1/qualifications",
    description="Places won in a feeder contest: the contestant confirms or withdraws.")


# ---------------------------------------------------------------- schemas


# ---------------------------------------------------------------- projects


@finalisation_blp.route("/<int:project_id>/finalize", methods=["POST"])
@roles_required(Role.ORGANIZER)
@finalisation_blp.arguments(FinalizeInSchema, required=False)
@finalisation_blp.response(200, ReportSchema)
def finalize(data: dict[str, Any], project_id: int) -> Any:
    """Finalise the results: make them FINAL and store awards, titles, promotions, places.

    The one finalise route (the pages and ``flask close-publications`` run the same use
    case). Refused (409) before the 公示 ends (the message gives the end, Beijing time),
    while an appeal or objection is open, the scores are unlocked, the results are not
    published, or a tie remains that the chief judge must order. An administrator may
    finalise early with ``override_reason`` (audited, printed on the final results); anyone
    else gets 403. Idempotent: calling it again on unchanged data changes nothing
    (``changed`` false).
    """
    return finalisation.finalize_project(project_id, actor=api_user(), now=utcnow(),
                                         override_reason=(data or {}).get("override_reason", ""))


@finalisation_blp.route("/<int:project_id>/outcomes", methods=["GET"])
@roles_required(Role.ORGANIZER)
@finalisation_blp.response(200, OutcomesSchema)
def outcomes(project_id: int) -> Any:
    """Return the stored outcomes, each promotion with its explanation, and whether (or why
    not) the project can be finalised now."""
    return outcomes_read.get_project_outcomes(api_user(), project_id)


@finalisation_blp.route("/<int:project_id>/what-if", methods=["POST"])
@roles_required(Role.ORGANIZER)
@finalisation_blp.arguments(WhatIfInSchema)
@finalisation_blp.response(200, WhatIfSchema)
def run_what_if(data: dict[str, Any], project_id: int) -> Any:
    """Run the promotion rules on the current standings (optionally edited rows); store nothing.

    A bad row is refused (422) with field ``rows[i].<field>``.
    """
    rows = None if data.get("rows") is None else [RowInput(**row) for row in data["rows"]]
    return what_if.run_what_if(api_user(), project_id, rows=rows)


@finalisation_blp.route("/<int:project_id>/entrant-origins", methods=["GET"])
@roles_required(Role.ORGANIZER)
@finalisation_blp.response(200, OriginSchema(many=True))
def entrant_origins(project_id: int) -> Any:
    """List a fed project's qualified entrants with the contest and rank they came from."""
    return outcomes_read.get_project_outcomes(api_user(), project_id,
                 check=False).origins


# ---------------------------------------------------------------- qualifications


@qualifications_blp.route("/mine", methods=["GET"])
@login_required
@qualifications_blp.response(200, QualificationSchema(many=True))
def my_qualifications() -> Any:
    """List the places the caller won in feeder contests."""
    return qualification.list_my_qualifications(api_user())


@qualifications_blp.route("/<int:qualification_id>/confirm", methods=["POST"])
@login_required
@qualifications_blp.response(200, QualificationSchema)
def confirm(qualification_id: int) -> Any:
    """Confirm a place in the fed project: one's own, or as its organizer for the contestant."""
    return qualification.confirm_qualification(api_user(), qualification_id,
                 now=utcnow())


@qualifications_blp.route("/<int:qualification_id>/withdraw", methods=["POST"])
@login_required
@qualifications_blp.arguments(QualificationWithdrawSchema)
@qualifications_blp.response(200, WithdrawnSchema)
def withdraw(data: dict[str, Any], qualification_id: int) -> Any:
    """Give up a place (an organizer for the contestant, with a reason); the next is offered it."""
    place, offered = qualification.withdraw_qualification(api_user(), qualification_id,
                           now=utcnow(), reason=data["reason"])
    return {"qualification": place, "offered": offered}
