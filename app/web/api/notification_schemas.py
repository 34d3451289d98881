"""Marshmallow schemas of the API's notifications endpoints (notifications.py)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from app.services.identity import notifications as svc
from app.web.api.fields import BoundedInteger


class NotificationSchema(Schema):
    """One notification with its text in the caller's language."""

    id = BoundedInteger()
    kind = fields.String()
    title = fields.String()
    body = fields.String()
    created_at = fields.DateTime()
    read = fields.Boolean()


class InboxSchema(Schema):
    """The newest notifications and the unread count."""

    unread = BoundedInteger()
    items = fields.List(fields.Nested(NotificationSchema))


class InboxQuerySchema(Schema):
    """Filters of the inbox listing."""

    unread_only = fields.Boolean(load_default=False)
    limit = BoundedInteger(load_default=svc.PAGE_SIZE, validate=validate.Range(min=1, max=200),
                           metadata={"description": "1–200, default 50."})


class MarkedSchema(Schema):
    """How many notifications were marked read."""

    marked = BoundedInteger()
