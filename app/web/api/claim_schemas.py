"""Marshmallow schemas of the API's claims endpoints (claims.py)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from app.web.api.fields import BoundedInteger


class ClaimInSchema(Schema):
    """The code as printed on the ticket or handed over by the organizer."""

    code = fields.String(required=True, validate=validate.Length(min=1, max=40))


class ClaimedSchema(Schema):
    """The record the account now holds."""

    person_id = fields.Function(lambda p: p.id)
    name = fields.String()


class ClaimCodeSchema(Schema):
    """A claim code: shown this once, stored only as a digest."""

    person_id = BoundedInteger()
    code = fields.String()
    expires_in_days = BoundedInteger()


class DuplicateSchema(Schema):
    """A pending record, the existing record with the same ID number, and its account."""

    pending_person_id = fields.Function(lambda d: d.pending.id)
    person_id = fields.Function(lambda d: d.record.id)
    pending_name = fields.Function(lambda d: d.pending.name)
    name = fields.Function(lambda d: d.record.name)
    names_match = fields.Boolean()
    username = fields.Function(lambda d: d.account.username if d.account else None)
    registration_ids = fields.Function(lambda d: [r.id for r in d.registrations])
    refused_at = fields.Function(lambda d: d.pending.duplicate_refused_at.isoformat()
                                 if d.pending.duplicate_refused_at else None)


class RefuseSchema(Schema):
    """Why the pending record is not that person."""

    reason = fields.String(load_default="", validate=validate.Length(max=500))
