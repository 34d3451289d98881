"""Marshmallow schemas of the API's my results endpoints (my_results.py)."""

from __future__ import annotations

from flask import url_for
from marshmallow import Schema, fields

from app.web.api.fields import BoundedInteger
from app.web.api.outcome_schemas import EntryExplanationSchema, PromotionSchema


class JudgeMarkSchema(Schema):
    """One judge's value, the judge named by number only."""

    judge = BoundedInteger(metadata={"description": "The judge's number in this project "
                                                    "(1, 2 …); never a name or account."})
    value = fields.String()


class AspectMarksSchema(Schema):
    """One aspect of the marking scheme and the caller's mark on it."""

    code = fields.String()
    description = fields.String()
    kind = fields.String(metadata={"description": "M, J or PANEL"})
    max_mark = fields.String()
    mark = fields.String(allow_none=True)
    judges = fields.List(fields.Nested(JudgeMarkSchema), metadata={
        "description": "Each judge's value (empty for an M aspect: one team value)."})


class CriterionMarksSchema(Schema):
    """One criterion: its score before penalties and its aspects."""

    code = fields.String()
    name = fields.String()
    max_mark = fields.String()
    score = fields.String(allow_none=True)
    aspects = fields.List(fields.Nested(AspectMarksSchema))


class ComponentMarksSchema(Schema):
    """One component of the caller's result."""

    code = fields.String()
    name = fields.String()
    kind = fields.String()
    weight = fields.String()
    score = fields.String(allow_none=True)
    penalty_points = fields.String()
    passed = fields.Boolean(allow_none=True)
    criteria = fields.List(fields.Nested(CriterionMarksSchema))
    judges = fields.List(fields.Nested(JudgeMarkSchema), metadata={
        "description": "A component entered whole (theory): each judge's value."})


class DeadlinesSchema(Schema):
    """Until when each channel is open, and the 公示 period (UTC)."""

    appeal_until = fields.DateTime(allow_none=True)
    appeal_open = fields.Boolean()
    objection_until = fields.DateTime(allow_none=True)
    objection_open = fields.Boolean()
    published_at = fields.DateTime(allow_none=True)
    publication_ends_at = fields.DateTime(allow_none=True)
    finalized_at = fields.DateTime(allow_none=True)


class MyResultSchema(Schema):
    """One of the caller's entries: marks once published, rank, outcomes, deadlines, downloads."""

    registration_id = BoundedInteger()
    project_id = fields.Function(lambda r: r.project.id)
    project = fields.Function(lambda r: r.project.name)
    competition = fields.Function(lambda r: r.project.competition.name)
    state = fields.String(metadata={"description": "The results state: SCORING, LOCKED, "
                                                   "PUBLISHED, OBJECTION_CLOSED, FINAL, …"})
    published = fields.Boolean(metadata={"description": "Whether marks and rank are out."})
    expected_on = fields.Date(metadata={
        "description": "Before publication: the contest's last day, after which results come."})
    rank = BoundedInteger(allow_none=True)
    n = BoundedInteger(allow_none=True)
    total = fields.String(allow_none=True)
    award = fields.String(allow_none=True)
    finish_status = fields.String(allow_none=True)
    provisional_promotion = fields.String()
    qualification = fields.Dict()
    explanation = fields.Function(lambda r: EntryExplanationSchema().dump(
        r.entry.result.explanation or {}) if r.published and r.entry.result else None)
    titles = fields.Function(lambda r: [{"title": t.title, "state": t.state}
                                        for t in r.entry.titles] if r.published else [])
    promotions = fields.Function(lambda r: PromotionSchema(many=True).dump(
        r.entry.promotions) if r.published else [])
    components = fields.List(fields.Nested(ComponentMarksSchema))
    deadlines = fields.Nested(DeadlinesSchema)
    downloads = fields.Function(lambda r: {
        "ticket": (url_for("checkin.ticket", registration_id=r.registration_id)
                   if r.downloads.ticket else None),
        "publication_pdf": (url_for("leaderboard.publication_pdf", project_id=r.project.id)
                            if r.downloads.publication else None),
        "certificates": [{"id": c.id, "serial": c.serial, "kind": c.kind,
                          "pdf": url_for("certificate_api.download", certificate_id=c.id)}
                         for c in r.downloads.certificates]})
