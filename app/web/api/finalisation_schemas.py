"""Marshmallow schemas of the API's finalisation endpoints (finalisation.py)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from app.web.api.competition_schemas import RuleRowSchema
from app.web.api.fields import BoundedInteger
from app.web.api.outcome_schemas import EntryExplanationSchema, ExplanationSchema, PromotionSchema


class ReportSchema(Schema):
    """What a finalisation did; ``changed`` false means the stored outcomes already matched."""

    project_id = fields.Function(lambda r: r.project.id)
    result_status = fields.Function(lambda r: r.project.result_status)
    finalized_at = fields.Function(lambda r: r.project.finalized_at.isoformat()
                                   if r.project.finalized_at else None)
    changed = fields.Boolean()
    finalized_now = fields.Boolean()
    override_reason = fields.Function(lambda r: r.project.finalize_override_reason)
    seq = fields.Function(lambda r: r.project.event_seq)
    created = fields.Dict(keys=fields.String(), values=BoundedInteger(), metadata={
        "description": "Rows stored by kind: results, awards, titles, promotions, "
                       "qualifications."})
    replaced = fields.List(fields.String(), metadata={
        "description": "Each replaced outcome with the reason (also in the audit log)."})


class FinalizeInSchema(Schema):
    """Only an administrator finalising before the 公示 ends gives a reason."""

    override_reason = fields.String(load_default="", validate=validate.Length(max=500),
                                    metadata={"description": "Why the 公示 ends early "
                                                             "(administrators only)."})


class AwardSchema(Schema):
    """An award row."""

    id = BoundedInteger()
    award = fields.String()
    rank = BoundedInteger(allow_none=True)
    replaced_at = fields.DateTime(allow_none=True)
    replaced_reason = fields.String()


class TitleSchema(Schema):
    """A title row: NOMINATED, ELIGIBLE_TO_APPLY or AUTO_GRANTED."""

    id = BoundedInteger()
    title = fields.String()
    state = fields.String()
    replaced_at = fields.DateTime(allow_none=True)


class QualificationSchema(Schema):
    """A place in the fed project."""

    id = BoundedInteger()
    registration_id = BoundedInteger(metadata={"description": "The finisher's registration."})
    target_project_id = BoundedInteger()
    target_registration_id = BoundedInteger(allow_none=True)
    rank = BoundedInteger()
    state = fields.String(metadata={"description": "QUALIFIED, CONFIRMED, WITHDRAWN, REPLACED, "
                                                   "BLOCKED (the fed side's decision kept)"})
    decided_at = fields.DateTime(allow_none=True)


class EntryOutcomeSchema(Schema):
    """One registration's stored result and outcomes."""

    registration_id = fields.Function(lambda e: e.registration.id)
    name = fields.Function(lambda e: e.registration.person.name)
    finish_status = fields.Function(lambda e: e.result.finish_status)
    component_scores = fields.Function(lambda e: e.result.component_scores)
    total = fields.Function(lambda e: None if e.result.total is None else str(e.result.total))
    rank = fields.Function(lambda e: e.result.rank)
    tie_order_reason = fields.Function(lambda e: e.tie_note or None, metadata={
        "description": "The chief judge's written reason when the rank within a tie that "
                       "survived every tie-break was set by their order."})
    ws_score = fields.Function(lambda e: e.result.ws_score)
    explanation = fields.Function(
        lambda e: EntryExplanationSchema().dump(
            {**(e.result.explanation or {}), "qualification": e.qualification}),
        metadata={"description": "Rank and its tie-break, pass/fail per component, award, "
                                 "titles, qualification with its reason."})
    awards = fields.List(fields.Nested(AwardSchema))
    titles = fields.List(fields.Nested(TitleSchema))
    promotions = fields.List(fields.Nested(PromotionSchema))


class OriginSchema(Schema):
    """Where an entrant of a fed project came from."""

    registration_id = fields.Function(lambda o: o.registration.id)
    name = fields.Function(lambda o: o.registration.person.name)
    status = fields.Function(lambda o: o.registration.status)
    source_project_id = fields.Function(lambda o: o.source_project.id
                                        if o.source_project else None)
    rank = fields.Function(lambda o: o.place.rank if o.place else None)
    label = fields.String(metadata={"description": "e.g. 唐山市职业技能大赛 #12, 第3名"})


class OutcomesSchema(Schema):
    """A project's stored outcomes."""

    project_id = fields.Function(lambda o: o.project.id)
    result_status = fields.Function(lambda o: o.project.result_status)
    finalizable = fields.Function(lambda o: o.blocker is None)
    refusal = fields.Function(lambda o: None if o.blocker is None else {
        "code": o.blocker.code, "message": o.blocker.message})
    entries = fields.List(fields.Nested(EntryOutcomeSchema))
    qualifications = fields.List(fields.Nested(QualificationSchema))
    origins = fields.List(fields.Nested(OriginSchema))


class WhatIfInSchema(Schema):
    """Rows to try instead of the project's own; none: the project's rules."""

    rows = fields.List(fields.Nested(RuleRowSchema), load_default=None,
                       validate=validate.Length(max=40))


class WhatIfDecisionSchema(Schema):
    """What the rules would decide for one person."""

    outcome = fields.String(metadata={"description": "PROMOTED, ELIGIBLE_TO_APPLY, NO_CHANGE, "
                                                     "NOT_PASSED, SUPERSEDED, NOT_IN_BAND, …"})
    person_id = BoundedInteger()
    grade_before = fields.String()
    grade_after = fields.String()
    apply_for = fields.String(allow_none=True)
    explanation = fields.Nested(ExplanationSchema)


class WhatIfRowSchema(Schema):
    """One entry in a what-if run."""

    registration_id = fields.Function(lambda r: r.registration.id)
    name = fields.Function(lambda r: r.registration.person.name)
    rank = BoundedInteger(allow_none=True)
    total = fields.String(allow_none=True)
    status = fields.String()
    award = fields.String(allow_none=True)
    titles = fields.List(fields.Dict())
    promoted = fields.Boolean()
    changed = fields.Boolean(metadata={"description": "Differs from the project's own rules."})
    decisions = fields.List(fields.Nested(WhatIfDecisionSchema))


class WhatIfSchema(Schema):
    """A what-if run: nothing was stored."""

    project_id = fields.Function(lambda w: w.project.id)
    edited = fields.Boolean()
    n = BoundedInteger()
    promoted = BoundedInteger()
    rows = fields.List(fields.Nested(WhatIfRowSchema))
    blockers = fields.Function(lambda w: [{"code": b.code, "message": b.message}
                                          for b in w.blockers])


class QualificationWithdrawSchema(Schema):
    """Why the place is given up (optional for the contestant, required for an organizer)."""

    reason = fields.String(load_default="", validate=validate.Length(max=500))


class WithdrawnSchema(Schema):
    """The withdrawn place and the places offered to the next-ranked finishers."""

    qualification = fields.Nested(QualificationSchema)
    offered = fields.List(fields.Nested(QualificationSchema))
