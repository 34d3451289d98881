"""/api/v1/competitions/<id>/unit-awards: 团体奖, 优秀组织奖, 突出贡献单位, 优秀指导教师 (§6)."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from app.domain.unit_awards import TeamRule, UnitAwardKind
from app.models._types import utcnow
from app.security import Role, roles_required
from app.services.certification.certificates import verify_url
from app.services.common.access import Need, get_competition
from app.services.results import unit_awards as svc
from app.web.api.base import ApiBlueprint, api_user
from app.web.api.fields import BoundedInteger
from app.web.public_url import public_base_url

blp = ApiBlueprint(
    "unit_awards", __name__, url_prefix="/api/v1/competitions",
    description="Unit and coach awards of a competition, with verifiable certificates.",
)


class TeamStandingSchema(Schema):
    """An organisation's team result."""

    organization = fields.String()
    rank = BoundedInteger(allow_none=True, metadata={"description": "null: unranked."})
    score = fields.String(metadata={"description": "How the place was earned."})
    counted = fields.List(BoundedInteger())
    medals = fields.List(BoundedInteger())
    finishers = BoundedInteger()


class CoachStandingSchema(Schema):
    """A coach named at registration and their contestants' results."""

    coach = fields.String()
    contestants = BoundedInteger()
    awarded = BoundedInteger()
    best_rank = BoundedInteger(allow_none=True)


class UnitAwardSchema(Schema):
    """A unit or coach award."""

    id = BoundedInteger()
    kind = fields.String()
    organization_id = BoundedInteger(allow_none=True)
    organization = fields.Function(lambda a: a.organization.name if a.organization else None)
    coach_name = fields.String()
    rank = BoundedInteger(allow_none=True)
    score = fields.String()
    reason = fields.String()


class UnitAwardsSchema(Schema):
    """The competition's team rule, standings, coaches and awards."""

    team_rule = fields.String()
    team_k = BoundedInteger()
    team_standings = fields.List(fields.Nested(TeamStandingSchema))
    coaches = fields.List(fields.Nested(CoachStandingSchema))
    awards = fields.List(fields.Nested(UnitAwardSchema))


class TeamRuleSchema(Schema):
    """How organisations are ranked."""

    team_rule = fields.String(required=True, validate=validate.OneOf([r.value for r in TeamRule]))
    team_k = BoundedInteger(load_default=3, validate=validate.Range(1, 50), metadata={
        "description": "BEST_K_RANKS: how many members' ranks count."})


class TeamPlacesSchema(Schema):
    """How many team places get the 团体奖."""

    places = BoundedInteger(required=True, validate=validate.Range(1, 20))


class UnitAwardInSchema(Schema):
    """An award the organiser gives."""

    kind = fields.String(required=True, validate=validate.OneOf(
        [k.value for k in UnitAwardKind if k is not UnitAwardKind.TEAM]))
    organization_id = BoundedInteger(load_default=None, allow_none=True)
    coach_name = fields.String(load_default="", validate=validate.Length(max=100))
    reason = fields.String(load_default="", validate=validate.Length(max=500))


class UnitCertificateSchema(Schema):
    """An issued unit certificate."""

    id = BoundedInteger()
    serial = fields.String()
    unit_award_id = BoundedInteger(allow_none=True)
    verify_url = fields.Function(lambda c: verify_url(c, base_url=public_base_url()))


def _body(competition_id: int) -> dict[str, Any]:
    user = api_user()
    competition = get_competition(user, competition_id, Need.MANAGE)
    return {"team_rule": competition.team_rule, "team_k": competition.team_k,
            "team_standings": svc.list_team_standings(user, competition_id),
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
