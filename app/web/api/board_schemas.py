"""Schemas of the boards, publication and appeals API."""

from __future__ import annotations

from marshmallow import Schema, fields, validate
from marshmallow.fields import Raw

from app.services.boards.leaderboard_ceremony import MODES
from app.web.api.fields import BoundedInteger


class StandingsArgsSchema(Schema):
    """Query of the standings snapshot."""

    since = BoundedInteger(load_default=None, validate=validate.Range(min=0), metadata={
        "description": "Resume: return the deltas after this seq, or refetch: true."})


class ProjectStatusSchema(Schema):
    """A project's results status after publish/finalize."""

    project_id = BoundedInteger()
    result_status = fields.String()
    published_at = fields.DateTime(allow_none=True)
    publication_ends_at = fields.DateTime(allow_none=True)
    finalized_at = fields.DateTime(allow_none=True)
    seq = BoundedInteger()


class PublicationRowSchema(Schema):
    """One line of the 公示 list."""

    rank = BoundedInteger(allow_none=True)
    name = fields.String()
    organization = fields.String()
    components = fields.Dict(keys=fields.String(), values=fields.String())
    total = fields.String(allow_none=True)
    award = fields.String(allow_none=True)
    status = fields.String()
    promotion = fields.String()


class PublicationSchema(Schema):
    """The 公示 list of a published project."""

    competition = fields.String()
    project = fields.String()
    status = fields.String(metadata={"description": "PUBLISHED, OBJECTION_CLOSED (the 公示 has "
                                                    "ended, not yet finalised) or FINAL (or "
                                                    "PROVISIONAL while an upheld appeal or "
                                                    "objection is re-marked)."})
    published_at = fields.DateTime(allow_none=True)
    ends_at = fields.DateTime(allow_none=True, metadata={
        "description": "The end of the 公示: objections (异议) until then."})
    appeal_deadline = fields.DateTime(allow_none=True, metadata={
        "description": "Score appeals (申诉) close: the contest's end plus the window."})
    override_reason = fields.String(metadata={
        "description": "An administrator's reason for finalising before the 公示 ended."})
    weekends_only = fields.Boolean(metadata={
        "description": "The official holidays of the period were unknown: weekends only."})
    appeals_open = BoundedInteger()
    components = fields.List(fields.Dict())
    rows = fields.List(fields.Nested(PublicationRowSchema))


class AppealInSchema(Schema):
    """An appeal as the contestant files it (JSON or multipart form fields)."""

    registration_id = BoundedInteger(required=True)
    kind = fields.String(load_default="APPEAL", validate=validate.OneOf(["APPEAL", "OBJECTION"]),
                         metadata={"description": "APPEAL (申诉): within the window after the "
                                                  "contest; OBJECTION (异议): during the 公示."})
    subject = fields.String(required=True, validate=validate.OneOf(["SCORE", "EQUIPMENT",
                                                                     "CONDUCT"]))
    aspect_id = BoundedInteger(load_default=None, allow_none=True)
    text = fields.String(required=True, validate=validate.Length(min=10, max=5000))
    # Documented here, read from request.files by the view.
    attachment = Raw(load_default=None, metadata={"type": "string", "format": "binary",
                                                  "description": "Optional, at most 5 MB."})


class AppealDecisionSchema(Schema):
    """An arbitrator's final decision."""

    decision = fields.String(required=True, validate=validate.OneOf(["UPHELD", "DISMISSED"]))
    reason = fields.String(required=True, validate=validate.Length(min=10, max=5000))


class AppealOutSchema(Schema):
    """An appeal (without the attachment's bytes)."""

    id = BoundedInteger()
    kind = fields.String(metadata={"description": "APPEAL (申诉) or OBJECTION (异议)."})
    project_id = BoundedInteger()
    registration_id = BoundedInteger()
    subject = fields.String()
    aspect_id = BoundedInteger(allow_none=True)
    text = fields.String()
    attachment_name = fields.String()
    has_attachment = fields.Boolean()
    state = fields.String(metadata={"description": "ACCEPTED, UPHELD or DISMISSED."})
    filed_at = fields.String()
    decided_at = fields.String(allow_none=True)
    decision_reason = fields.String()
    recused = fields.List(fields.String(), dump_default=list)


class CeremonyStartSchema(Schema):
    """How a reveal starts."""

    mode = fields.String(required=True, validate=validate.OneOf(MODES),
                         metadata={"description": "ALL: every ranked place from the last "
                                                  "upward; MEDALS: the award winners only."})


class CeremonySchema(Schema):
    """A running ceremony reveal (or ``running: false``)."""

    running = fields.Boolean()
    project_id = BoundedInteger()
    mode = fields.String()
    step = BoundedInteger()
    total = BoundedInteger()
    revealed = fields.List(fields.Dict())
    done = fields.Boolean()
