"""Marshmallow schemas of the ticket, check-in and lot draw endpoints."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from app.web.api.fields import BoundedInteger

PDF_SCHEMA = {"type": "string", "format": "binary"}


class CheckInSchema(Schema):
    """A scanned QR token, or a typed ticket number with the ID's last 4 characters (or an
    override reason)."""

    token = fields.String(
        load_default=None, validate=validate.Length(max=500),
        metadata={"description": "The text of the ticket's QR code."},
    )
    ticket_no = fields.String(
        load_default=None, validate=validate.Length(max=40),
        metadata={"description": "The ticket number, as typed from the paper ticket."},
    )
    id_last4 = fields.String(
        load_default=None, validate=validate.Length(max=4),
        metadata={"description": "With ticket_no: the last 4 characters of the ID number."},
    )
    override_reason = fields.String(
        load_default=None, validate=validate.Length(max=500),
        metadata={"description": "With ticket_no, instead of id_last4: why the ID cannot be "
                  "checked (audited)."},
    )


class CountsSchema(Schema):
    """How many of a project's approved contestants have checked in."""

    project_id = BoundedInteger(required=True)
    checked_in = BoundedInteger(required=True)
    approved = BoundedInteger(required=True, metadata={"description": "Approved in total, "
                                                       "checked in or not."})


class CheckedInSchema(Schema):
    """The contestant a ticket names, as shown to check-in staff."""

    registration_id = BoundedInteger(required=True)
    ticket_no = fields.String(required=True)
    name = fields.String(required=True)
    id_number_masked = fields.String(required=True, metadata={"example": "110101********1234"})
    project_id = BoundedInteger(required=True)
    project = fields.String(required=True)
    competition = fields.String(required=True)
    status = fields.String(required=True)
    checked_in_at = fields.DateTime(allow_none=True)
    station_no = BoundedInteger(allow_none=True)
    already_checked_in = fields.Boolean(
        required=True, metadata={"description": "True when this ticket had already been "
                                 "checked in: nothing was changed."}
    )
    message = fields.String(required=True, metadata={"description": "In the caller's language."})
    counts = fields.Nested(CountsSchema, required=True)


class TicketIssuedSchema(Schema):
    """A re-issued ticket: same number, new version and QR token."""

    registration_id = BoundedInteger(required=True)
    ticket_no = fields.String(required=True)
    ticket_version = BoundedInteger(required=True)
    token = fields.String(required=True, metadata={"description": "The new QR code's text."})


class LotDrawSchema(Schema):
    """A project's lot draw as the public sees it: the commitment, the seed once locked."""

    project_id = BoundedInteger(required=True)
    status = fields.String(
        required=True, validate=validate.OneOf(["NONE", "COMMITTED", "DRAWN"]),
        metadata={"description": "NONE, COMMITTED (hash published) or DRAWN (codes assigned)."},
    )
    seed_hash = fields.String(allow_none=True, metadata={"description": "SHA-256 of the seed."})
    seed = fields.String(allow_none=True, metadata={
        "description": "Revealed when the chief judge locks the scores, not at the draw."})
    revealed = fields.Boolean(metadata={"description": "Whether the seed is revealed."})
    committed_at = fields.DateTime(allow_none=True)
    drawn_at = fields.DateTime(allow_none=True)
    contestants = BoundedInteger(required=True)
    list_digest = fields.String(
        allow_none=True,
        metadata={"description": "SHA-256 of the drawn registration ids, ascending, "
                  "joined by commas."},
    )
    verified = fields.Boolean(
        allow_none=True,
        metadata={"description": "Re-running the draw from the seed reproduces every station "
                  "and code, and the seed matches the hash (null before the draw)."},
    )
    algorithm = fields.String(required=True)


class AssignmentSchema(Schema):
    """One contestant's station and anonymous code: the mapping, for organizers only."""

    registration_id = BoundedInteger(required=True)
    ticket_no = fields.String(allow_none=True)
    name = fields.String(required=True)
    station_no = BoundedInteger(required=True)
    anonymous_code = fields.String(required=True)
