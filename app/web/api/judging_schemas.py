"""Marshmallow schemas of the judging endpoints: the inputs, and the judge's project list."""

from __future__ import annotations

from flask import url_for
from marshmallow import Schema, fields, validate

from app.domain.numbers import MARK, PENALTY
from app.web.api.fields import BoundedDecimal, BoundedInteger


class ScoreInSchema(Schema):
    """One score event from a tablet: the same payload as the submit_score socket event."""

    client_id = fields.String(required=True, validate=validate.Length(max=64),
                              metadata={"description": "A UUID made by the client."})
    registration_code = fields.String(
        load_default=None, allow_none=True, validate=validate.Length(min=1, max=16),
        metadata={"description": "The contestant's anonymous code (加密号), as judges know them."})
    registration_id = BoundedInteger(load_default=None, allow_none=True, metadata={
        "description": "Staff tools only; tablets send registration_code."})
    aspect_id = BoundedInteger(allow_none=True, load_default=None)
    component_id = BoundedInteger(allow_none=True, load_default=None)
    value = BoundedDecimal(MARK, required=True, metadata={
        "description": "A number or numeric text in plain decimal notation: at most 3 integer "
                       "digits and 4 decimal places, no exponent."})
    client_time = fields.Raw(allow_none=True, load_default=None,
                             metadata={"description": "ISO 8601 or epoch milliseconds."})


class SheetInSchema(Schema):
    """A sheet: contestant × aspect (or whole component)."""

    registration_id = BoundedInteger(required=True)
    aspect_id = BoundedInteger(allow_none=True, load_default=None)
    component_id = BoundedInteger(allow_none=True, load_default=None)


class RescoreInSchema(SheetInSchema):
    """A re-score request: the sheet, why, and optionally which judges."""

    reason = fields.String(required=True, validate=validate.Length(max=500))
    judge_ids = fields.List(BoundedInteger(), load_default=None)


class ReasonInSchema(Schema):
    """A written reason (unlock, withdrawal)."""

    reason = fields.String(required=True, validate=validate.Length(max=500))


class AnnouncementInSchema(Schema):
    """The chief judge's announcement to the project's tablets (the service bounds its length)."""

    text = fields.String(required=True, validate=validate.Length(max=2000))


class PenaltyInSchema(Schema):
    """A penalty on one component of one contestant."""

    registration_id = BoundedInteger(required=True)
    component_id = BoundedInteger(required=True)
    points = BoundedDecimal(PENALTY, required=True)
    reason = fields.String(required=True, validate=validate.Length(max=500))
    disqualifies = fields.Boolean(load_default=False)


class FinishInSchema(Schema):
    """A finish status (FINISHED, DNF, DQ) with its reason and the working time."""

    status = fields.String(required=True, validate=validate.OneOf(["FINISHED", "DNF", "DQ"]))
    reason = fields.String(load_default="", validate=validate.Length(max=500))
    working_time_seconds = BoundedInteger(allow_none=True, load_default=None,
                                          validate=validate.Range(min=0))


class AssignInSchema(Schema):
    """A judge's role on a project; accept recusals to assign a judge with conflicts."""

    role = fields.String(load_default="JUDGE", validate=validate.OneOf(["JUDGE", "CHIEF_JUDGE"]))
    allow_recusals = fields.Boolean(load_default=False)


class PanelInSchema(Schema):
    """The aspects and whole components a judge scores."""

    aspect_ids = fields.List(BoundedInteger(), load_default=list)
    component_ids = fields.List(BoundedInteger(), load_default=list)


class SchemeInSchema(Schema):
    """A marking scheme as the plain structure (see app/services/setup/schemes.py)."""

    components = fields.List(fields.Dict(), required=True)


class AssignedProjectSchema(Schema):
    """A project the caller judges: its role there and where it stands."""

    project_id = BoundedInteger()
    project_name = fields.String()
    competition_name = fields.String()
    role = fields.String(metadata={"example": "JUDGE"})
    result_status = fields.String(metadata={"example": "OPEN"})
    scores_locked = fields.Boolean()
    starts_on = fields.Date(allow_none=True)
    worklist = fields.Function(lambda p: url_for("judging_api.get_my_worklist",
                                                 project_id=p.project_id))
