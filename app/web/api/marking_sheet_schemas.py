"""Marshmallow schemas of the API's marking sheets endpoints (marking_sheets.py)."""

from __future__ import annotations

from marshmallow import Schema

from app.web.api.fields import BoundedInteger


class JudgeQuerySchema(Schema):
    """Whose sheet: the caller's own unless an overseer names a judge."""

    judge_id = BoundedInteger(load_default=None, allow_none=True)
