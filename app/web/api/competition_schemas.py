"""Marshmallow schemas of the competition set-up endpoints (documented in OpenAPI)."""

from __future__ import annotations

from decimal import Decimal
from zoneinfo import ZoneInfo

from marshmallow import Schema, fields, validate

from app.domain.awards import AwardScheme
from app.domain.codes import Category, Group, Tier
from app.domain.grades import Grade
from app.domain.honours import Honour
from app.domain.numbers import MARK
from app.services.setup.competitions import ISSUER_KINDS, VISIBILITIES
from app.web.api.fields import BoundedDecimal, BoundedInteger

# A time sent without an offset is read as Beijing time, as the pages show it.
BEIJING = ZoneInfo("Asia/Shanghai")
_ACTIONS = ("TARGET", "TARGET_NO_BUMP", "RELATIVE", "ELIGIBLE_TO_APPLY")
_TITLE_STATES = ("NOMINATED", "ELIGIBLE_TO_APPLY", "AUTO_GRANTED")


def _one_of(values: object) -> validate.OneOf:
    return validate.OneOf([str(v) for v in values])  # type: ignore[attr-defined]


def _when(description: str) -> fields.AwareDateTime:
    return fields.AwareDateTime(load_default=None, allow_none=True, default_timezone=BEIJING,
                                metadata={"description": description})


class CompetitionInSchema(Schema):
    """A competition as created or replaced (PUT sends every field)."""

    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    tier = fields.String(required=True, validate=_one_of(Tier))
    category = fields.String(required=True, validate=_one_of(Category))
    region = fields.String(load_default="", validate=validate.Length(max=100))
    year = BoundedInteger(required=True, validate=validate.Range(2000, 2100))
    organizer_id = BoundedInteger(required=True, metadata={
        "description": "An organization within the caller's organizer scope."})
    parent_id = BoundedInteger(load_default=None, allow_none=True, metadata={
        "description": "The competition this one feeds; its tier must be higher."})
    registration_opens_at = _when("ISO 8601; without an offset, Beijing time.")
    registration_closes_at = _when("Must be after registration_opens_at.")
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True)
    appeal_window_minutes = BoundedInteger(load_default=120)
    publication_working_days = BoundedInteger(load_default=5)
    shares_ranks = fields.Boolean(load_default=False)
    public_visibility = fields.String(load_default="LIVE", validate=_one_of(VISIBILITIES))
    mask_names = fields.Boolean(load_default=True)
    issuer_kind = fields.String(load_default="", validate=_one_of(("", *ISSUER_KINDS)),
                                metadata={"description": "Y employer or S social assessor."})
    issuer_body_code = fields.String(load_default="", metadata={"description": "4 digits."})
    issuer_province_code = fields.String(load_default="", metadata={"description": "2 digits."})
    issuer_site_serial = fields.String(load_default="", metadata={
        "description": "6 digits: the assessing-site serial the provincial bureau assigns."})
    description = fields.String(load_default="", validate=validate.Length(max=5000))
    is_municipality = fields.Boolean(load_default=False, metadata={
        "description": "Organised by 北京/天津/上海/重庆: a 市级 contest takes provincial-layer "
                       "presets (DOMAIN §1)."})
    once_a_year = fields.Boolean(load_default=True, metadata={
        "description": "[LOCAL 天津] at most one contest promotion per person per year."})


class CompetitionSchema(Schema):
    """A competition as stored (times in UTC)."""

    id = BoundedInteger(required=True)
    name = fields.String()
    tier = fields.String()
    category = fields.String()
    region = fields.String()
    year = BoundedInteger()
    organizer_id = BoundedInteger()
    organizer_name = fields.Function(lambda c: c.organizer.name)
    parent_id = BoundedInteger(allow_none=True)
    feeder_ids = fields.Function(lambda c: [f.id for f in c.feeders])
    registration_opens_at = fields.DateTime(allow_none=True)
    registration_closes_at = fields.DateTime(allow_none=True)
    starts_on = fields.Date()
    ends_on = fields.Date()
    appeal_window_minutes = BoundedInteger()
    publication_working_days = BoundedInteger()
    shares_ranks = fields.Boolean()
    public_visibility = fields.String()
    mask_names = fields.Boolean()
    issuer_kind = fields.String()
    issuer_body_code = fields.String()
    issuer_province_code = fields.String()
    issuer_site_serial = fields.String()
    description = fields.String()
    is_municipality = fields.Boolean()
    once_a_year = fields.Boolean()
    created_at = fields.DateTime()


class ProjectInSchema(Schema):
    """A project as created or replaced."""

    occupation_id = BoundedInteger(required=True)
    group = fields.String(required=True, validate=_one_of(Group))
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    award_scheme = fields.String(load_default="MEDALS_PLUS_MERIT", validate=_one_of(AwardScheme))
    award_params = fields.Dict(load_default=dict, metadata={
        "description": 'PERCENT_PRIZES: {"percents": ["0.1", "0.2", "0.3"]}; '
                       'FIXED_COUNT: {"counts": [2, 4, 6]}; others: {}.'})
    team_size = BoundedInteger(load_default=1)
    venue = fields.String(load_default="", validate=validate.Length(max=200))
    starts_at = _when("ISO 8601; without an offset, Beijing time.")
    ends_at = _when("Must be after starts_at.")
    advances_to_id = BoundedInteger(load_default=None, allow_none=True, metadata={
        "description": "A project of the parent competition with the same occupation."})
    quota = BoundedInteger(load_default=0)
    qualification_only = fields.Boolean(load_default=False)
    min_grade = fields.String(load_default=None, allow_none=True, validate=_one_of(Grade))
    max_grade = fields.String(load_default=None, allow_none=True, validate=_one_of(Grade))
    pass_mark = BoundedDecimal(MARK, load_default=Decimal("60"),
                               metadata={"description": "0 to 100, each component.",
                                         "default": 60})
    shares_ranks = fields.Boolean(load_default=None, allow_none=True, metadata={
        "description": "null: the competition's setting."})
    min_age = BoundedInteger(load_default=16, validate=validate.Range(16, 70), metadata={
        "description": "Youngest age at the contest date (烟台: 18)."})
    max_age = BoundedInteger(load_default=None, allow_none=True,
                             validate=validate.Range(16, 70), metadata={
        "description": "Oldest age at the contest date (烟台: 50); null: retirement age."})
    barred_honours = fields.List(fields.String(validate=_one_of(Honour)), load_default=list,
                                 validate=validate.Length(max=10), metadata={
        "description": "Honour codes whose holders may not enter (e.g. CHINA_SKILLS_AWARD)."})
    board_freeze_at = _when(
        "Public board freeze (封榜): from then until publication the public board shows the "
        "standings as they stood then. ISO 8601, without an offset Beijing time; within "
        "starts_at–ends_at (the competition's days where those are unset); null: no freeze.")


class ProjectCreateSchema(ProjectInSchema):
    """A new project, optionally naming the promotion preset to copy."""

    promotion_preset = fields.String(load_default=None, allow_none=True, metadata={
        "description": "A code from /api/v1/presets; default: the tier's suggestion."})


class ProjectSchema(Schema):
    """A project as stored."""

    id = BoundedInteger(required=True)
    competition_id = BoundedInteger()
    occupation_id = BoundedInteger()
    occupation_name = fields.Function(lambda p: p.occupation.name)
    group = fields.String()
    name = fields.String()
    team_size = BoundedInteger()
    venue = fields.String()
    starts_at = fields.DateTime(allow_none=True)
    ends_at = fields.DateTime(allow_none=True)
    advances_to_id = BoundedInteger(allow_none=True)
    quota = BoundedInteger()
    qualification_only = fields.Boolean()
    min_grade = fields.String(allow_none=True)
    max_grade = fields.String(allow_none=True)
    pass_mark = BoundedDecimal(MARK)
    shares_ranks = fields.Boolean(allow_none=True)
    min_age = BoundedInteger()
    max_age = BoundedInteger(allow_none=True)
    barred_honours = fields.List(fields.String())
    award_scheme = fields.String()
    award_params = fields.Dict()
    promotion_preset = fields.String()
    result_status = fields.String()
    board_freeze_at = fields.DateTime(allow_none=True)
    scores_locked_at = fields.DateTime(allow_none=True)
    signed_off_at = fields.DateTime(allow_none=True, metadata={
        "description": "When the chief judge signed off the locked results (签核)."})
    signed_off_by_id = BoundedInteger(allow_none=True)


class RuleRowSchema(Schema):
    """One promotion/title row as typed: codes and a band text."""

    band = fields.String(required=True, metadata={
        "description": 'A rank band: "1-10", "4-n/2", "top30%" or "team_top".'})
    group = fields.String(load_default="", validate=_one_of(("", *Group)),
                          metadata={"description": "Empty: both groups."})
    action = fields.String(load_default="", validate=_one_of(("", *_ACTIONS)))
    target = fields.String(load_default="", validate=_one_of(("", *Grade)))
    cap = fields.String(load_default="", validate=_one_of(("", *Grade)))
    steps = BoundedInteger(load_default=1)
    title = fields.String(load_default="", validate=validate.Length(max=40), metadata={
        "description": "A title code used by the presets, e.g. PROVINCIAL_TECHNICAL_EXPERT."})
    title_state = fields.String(load_default="", validate=_one_of(("", *_TITLE_STATES)))
    note = fields.String(load_default="", validate=validate.Length(max=200))
    pass_gate = fields.Boolean(load_default=True, metadata={
        "description": "Promotion on this row needs every component ≥ the pass mark."})
    min_grade = fields.String(load_default="", validate=_one_of(("", *Grade)), metadata={
        "description": "Grade condition: the row applies only from this current grade."})
    max_grade = fields.String(load_default="", validate=_one_of(("", *Grade)), metadata={
        "description": "Grade condition: the row applies only up to this current grade."})
    title_name = fields.String(load_default="", validate=validate.Length(max=100), metadata={
        "description": 'A name template, e.g. "{region}{occupation}技术状元".'})
    title_tier = fields.String(load_default="", validate=_one_of(("", *Tier)))


class RuleRowOutSchema(RuleRowSchema):
    """A stored row with its position and where it came from."""

    index = BoundedInteger()
    provenance = fields.String(metadata={
        "description": "SRC / LOCAL / DEFAULT: as the preset has it; EDITED: changed here."})


class PresetRefSchema(Schema):
    """Which shipped preset the rows were copied from."""

    code = fields.String()
    name = fields.String()
    source = fields.String(metadata={"description": "SRC, LOCAL or DEFAULT (DOMAIN.md)."})
    document = fields.String(metadata={"description": "The notice the rows come from."})
    issuer = fields.String()
    year = BoundedInteger(allow_none=True)
    layer = fields.String(allow_none=True, metadata={
        "description": "The contest layer the preset is written for; a 直辖市's 市级 contest "
                       "is PROVINCIAL."})


class RulesInSchema(Schema):
    """Every row of the project's rule set, in order (replaces the stored rows)."""

    rows = fields.List(fields.Nested(RuleRowSchema), required=True)


class RulesSchema(Schema):
    """The project's rule rows and their preset."""

    preset = fields.Nested(PresetRefSchema, allow_none=True)
    rows = fields.List(fields.Nested(RuleRowOutSchema))


class ApplyPresetSchema(Schema):
    """Replace the rows with a fresh copy of a shipped preset."""

    preset = fields.String(required=True)


class PresetSchema(PresetRefSchema):
    """A shipped preset with its rows."""

    rows = fields.List(fields.Nested(RuleRowSchema))
