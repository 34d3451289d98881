"""/api/v1/competitions/<id>/unit-awards: 团体奖, 优秀组织奖, 突出贡献单位, 优秀指导教师 (§6)."""

from __future__ import annotations

from typing import Any

from app.models._types import utcnow
from app.security import Role, roles_required
from app.services.common.access import Need, get_competition
from app.services.results import unit_awards as svc
from app.web.api.base import ApiBlueprint, api_user
from app.web.api.unit_award_schemas import (
    TeamPlacesSchema,
    TeamRuleSchema,
    UnitAwardInSchema,
    UnitAwardSchema,
    UnitAwardsSchema,
    UnitCertificateSchema,
)

blp = ApiBlueprint(
    "unit_awards", __name__, url_prefix="/api/v1/competitions",
    description="Unit and coach awards of a competition, with verifiable certificates.",
)


def _body(competition_id: int) -> dict[str, Any]:
    user = api_user()
    competition = get_competition(user, competition_id, Need.MANAGE)
    return {"team_rule": competition.team_rule, "team_k": competition.team_k,
            "team_standings": svc.list_team_standings(user, competition_id),
            "organizations": svc.list_award_organizations(user, competition_id),
            "coaches": svc.list_coach_standings(user, competition_id),
            "awards": svc.list_unit_awards(user, competition_id)}


@blp.route("/<int:competition_id>/unit-awards", methods=["GET"])
@roles_required(Role.ORGANIZER)
@blp.response(200, UnitAwardsSchema)
def get_unit_awards(competition_id: int) -> Any:
    """Return team standings (FINAL projects only), coaches and the awards given."""
    return _body(competition_id)


@blp.route("/<int:competition_id>/unit-awards/team-rule", methods=["PUT"])
@roles_required(Role.ORGANIZER)
@blp.arguments(TeamRuleSchema)
@blp.response(200, UnitAwardsSchema)
def set_team_rule(data: dict[str, Any], competition_id: int) -> Any:
    """Choose the team rule: the sum of the best k ranks, or the medal count."""
    svc.update_team_rule(api_user(), competition_id, rule=data["team_rule"], k=data["team_k"])
    return _body(competition_id)


@blp.route("/<int:competition_id>/unit-awards/team", methods=["POST"])
@roles_required(Role.ORGANIZER)
@blp.arguments(TeamPlacesSchema)
@blp.response(201, UnitAwardSchema(many=True))
def award_team(data: dict[str, Any], competition_id: int) -> Any:
    """Give the 团体奖 to team places 1…places (replacing earlier team awards)."""
    return svc.award_team_places(api_user(), competition_id, places=data["places"])


@blp.route("/<int:competition_id>/unit-awards", methods=["POST"])
@roles_required(Role.ORGANIZER)
@blp.arguments(UnitAwardInSchema)
@blp.response(201, UnitAwardSchema)
def assign(data: dict[str, Any], competition_id: int) -> Any:
    """Give 优秀组织奖 / 突出贡献单位 to an organisation or 优秀指导教师 to a named coach."""
    return svc.assign_unit_award(api_user(), competition_id, svc.UnitAwardData(**data))


@blp.route("/<int:competition_id>/unit-awards/<int:award_id>", methods=["DELETE"])
@roles_required(Role.ORGANIZER)
@blp.response(204)
def remove(competition_id: int, award_id: int) -> Any:
    """Withdraw an award; its certificate is revoked."""
    get_competition(api_user(), competition_id, Need.MANAGE)
    svc.remove_unit_award(api_user(), award_id, now=utcnow())
    return None


@blp.route("/<int:competition_id>/unit-awards/certificates", methods=["POST"])
@roles_required(Role.ORGANIZER)
@blp.response(201, UnitCertificateSchema(many=True))
def issue(competition_id: int) -> Any:
    """Issue a verifiable certificate for every award that has none yet."""
    return svc.issue_unit_certificates(api_user(), competition_id, now=utcnow())
