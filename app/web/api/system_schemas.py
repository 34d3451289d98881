"""Schemas of the system endpoints: the health check."""

from __future__ import annotations

from marshmallow import Schema, fields


class HealthSchema(Schema):
    """Whether the service, its database and its message queue answer."""

    status = fields.String(required=True, metadata={"example": "ok"})
    database = fields.Boolean(required=True)
    message_queue = fields.Boolean(
        required=True, allow_none=True,
        metadata={"description": "Whether the Socket.IO message queue (Redis) answers; "
                                 "null when the process runs without one."},
    )
    version = fields.String(required=True)
