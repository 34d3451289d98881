"""Marshmallow schemas of the API's unit awards endpoints (unit_awards.py)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from app.domain.unit_awards import TeamRule, UnitAwardKind
from app.services.certification.certificates import verify_url
from app.web.api.fields import BoundedInteger
from app.web.public_url import public_base_url


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


class AwardOrganizationSchema(Schema):
    """An organisation a unit award may go to (one the entrants came from)."""

    id = BoundedInteger()
    name = fields.String()


class UnitAwardsSchema(Schema):
    """The competition's team rule, standings, coaches and awards."""

    team_rule = fields.String()
    team_k = BoundedInteger()
    team_standings = fields.List(fields.Nested(TeamStandingSchema))
    organizations = fields.List(fields.Nested(AwardOrganizationSchema), metadata={
        "description": "The organization_id choices of 优秀组织奖 and 突出贡献单位."})
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
