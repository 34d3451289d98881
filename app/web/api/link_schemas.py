"""Marshmallow schemas of the API's links endpoints (links.py)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from app.web.api.fields import BoundedInteger


class LinkRequestSchema(Schema):
    """A link request and its answer."""

    id = BoundedInteger()
    kind = fields.String(metadata={"description": "PARENT (competition) or FEED (project)"})
    state = fields.String(metadata={"description": "PENDING, ACCEPTED, DECLINED, CANCELLED"})
    competition_id = BoundedInteger()
    competition_name = fields.Function(lambda r: r.competition.name)
    project_id = BoundedInteger(allow_none=True)
    target_competition_id = BoundedInteger()
    target_competition_name = fields.Function(lambda r: r.target_competition.name)
    target_project_id = BoundedInteger(allow_none=True)
    quota = BoundedInteger()
    reason = fields.String()
    created_at = fields.DateTime()
    decided_at = fields.DateTime(allow_none=True)


class LinkRequestListSchema(Schema):
    """Requests to answer (incoming) and requests the caller's side filed (outgoing)."""

    incoming = fields.List(fields.Nested(LinkRequestSchema))
    outgoing = fields.List(fields.Nested(LinkRequestSchema))


class DeclineSchema(Schema):
    """Why the link is declined (shown to the requester)."""

    reason = fields.String(load_default="", validate=validate.Length(max=500))


class ConflictSchema(Schema):
    """A refused place: the fed registration keeps its status and reason."""

    qualification_id = fields.Function(lambda c: c.place.id)
    rank = fields.Function(lambda c: c.place.rank)
    person_name = fields.String()
    source_project_id = fields.Function(lambda c: c.source_project.id)
    source_registration_id = fields.Function(lambda c: c.source.id)
    target_project_id = fields.Function(lambda c: c.target_project.id)
    target_registration_id = fields.Function(lambda c: c.target.id)
    status = fields.String(metadata={"description": "REJECTED, WITHDRAWN or DISQUALIFIED"})
    reason = fields.String()
    created_at = fields.Function(lambda c: c.place.created_at.isoformat())
