"""Marshmallow schemas of the API's outcomes endpoints (outcomes.py)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from app.services.certification import certificates as certs
from app.services.results import promotions as promos
from app.web.api.fields import BoundedInteger


class GateSchema(Schema):
    """One gate of the promotion rules, passed or not."""

    gate = fields.String()
    passed = fields.Boolean(allow_none=True)
    code = fields.String()
    message = fields.String()


class ExplanationSchema(Schema):
    """Why the promotion was proposed: rule row, rank, n, gates, grades."""

    rule_set = fields.String()
    row_index = BoundedInteger(allow_none=True)
    row_band = fields.String(allow_none=True)
    row = fields.Dict(allow_none=True, metadata={
        "description": "The rule row that applied: band, group, action, target, grade "
                       "condition, pass gate."})
    target = fields.Function(lambda e: (e.get("row") or {}).get("target"), metadata={
        "description": "The action's target grade (TARGET, TARGET_NO_BUMP, ELIGIBLE_TO_APPLY) "
                       "or cap (RELATIVE)."})
    rank = BoundedInteger(allow_none=True)
    n = BoundedInteger()
    group = fields.String()
    occupation = fields.String()
    grade_before = fields.String()
    proposed_grade = fields.String(allow_none=True, metadata={
        "description": "What the action gives after the caps, before finality and the "
                       "once-a-year gate (a SUPERSEDED decision's would-be grade)."})
    grade_after = fields.String()
    apply_for = fields.String(allow_none=True)
    outcome = fields.String(metadata={"description": "PROMOTED, ELIGIBLE_TO_APPLY, NO_CHANGE, "
                                                     "NOT_PASSED, SUPERSEDED, …"})
    gates = fields.List(fields.Nested(GateSchema))


class PromotionSchema(Schema):
    """A promotion decision."""

    id = BoundedInteger()
    registration_id = BoundedInteger()
    person_id = BoundedInteger()
    person_name = fields.Function(lambda p: p.person.name)
    project_id = fields.Function(lambda p: p.registration.project_id)
    occupation_id = BoundedInteger()
    year = BoundedInteger()
    action = fields.String()
    grade_before = fields.String()
    grade_after = fields.String()
    state = fields.String(metadata={"description": "PROPOSED, APPROVED, CERTIFIED, REJECTED, "
                                                   "SUPERSEDED, NOT_PASSED, ELIGIBLE_TO_APPLY"})
    decision_reason = fields.String()
    decided_at = fields.DateTime(allow_none=True)
    certificate_no = fields.String(allow_none=True,
                                   metadata={"description": "The 22-character number."})
    certified_at = fields.DateTime(allow_none=True)
    superseded_by_id = BoundedInteger(allow_none=True)
    explanation = fields.Nested(ExplanationSchema)


class EntryExplanationSchema(Schema):
    """Why an entry stands where it does: rank and tie-break, pass/fail, award, titles, place."""

    rank = BoundedInteger(allow_none=True)
    n = BoundedInteger(allow_none=True)
    tie_size = BoundedInteger(allow_none=True)
    decided_by = fields.String(allow_none=True, metadata={
        "description": "What decided the rank: TOTAL, a tie-break (PRACTICAL, WORKING_TIME, "
                       "THEORY, TOP_CRITERION), CHIEF_JUDGE, SHARED or UNRESOLVED."})
    pass_mark = fields.String(allow_none=True)
    passed = fields.Boolean(allow_none=True)
    components = fields.Dict(metadata={
        "description": "Per component: score, pass_mark, passed."})
    award = fields.String(allow_none=True)
    titles = fields.List(fields.Dict())
    qualification = fields.Dict(metadata={
        "description": "qualified and its code: within_quota, outside_quota, not_finisher, "
                       "no_feeder (with rank and quota)."})


class PromotionQuerySchema(Schema):
    """Which promotions to list: a project or a competition, optionally one state."""

    project_id = BoundedInteger(load_default=None)
    competition_id = BoundedInteger(load_default=None)
    state = fields.String(load_default=None, validate=validate.OneOf(promos.STATES))


class IdsSchema(Schema):
    """The promotions to act on, all or none."""

    ids = fields.List(BoundedInteger(), required=True,
                      validate=validate.Length(min=1, max=promos.MAX_BATCH))
    reason = fields.String(load_default="", validate=validate.Length(max=500))


class RejectSchema(IdsSchema):
    """The promotions to reject, with the reason."""

    reason = fields.String(required=True, validate=validate.Length(min=1, max=500))


class CertificateSchema(Schema):
    """An issued certificate and the data it prints."""

    id = BoundedInteger()
    serial = fields.String()
    kind = fields.String(metadata={"description": "AWARD, PROMOTION or PARTICIPATION"})
    registration_id = BoundedInteger()
    promotion_id = BoundedInteger(allow_none=True)
    status = fields.String(metadata={"description": "VALID or REVOKED"})
    revoked_reason = fields.String()
    revoked_at = fields.DateTime(allow_none=True)
    replaces_id = BoundedInteger(allow_none=True)
    issued_at = fields.DateTime()
    content = fields.Dict()
    content_hash = fields.String()


class VerifyNumberSchema(Schema):
    """The number printed on the certificate and the holder's surname (姓)."""

    number = fields.String(required=True, validate=validate.Length(min=1, max=40))
    surname = fields.String(required=True, validate=validate.Length(min=1, max=20))


class VerificationSchema(Schema):
    """A verified certificate, personal data masked."""

    valid = fields.Boolean()
    status = fields.String()
    serial = fields.String()
    kind = fields.String()
    name = fields.String(metadata={"description": "Masked, e.g. 张*丰."})
    revoked_reason = fields.String()
    content = fields.Dict(metadata={"description": "Printed fields; the name is masked."})


class RevokeSchema(Schema):
    """Why a certificate is revoked."""

    reason = fields.String(required=True, validate=validate.Length(min=1, max=500))


class IssueSchema(Schema):
    """Which kinds of certificate to issue for a project."""

    kinds = fields.List(fields.String(validate=validate.OneOf(certs.KINDS)),
                        load_default=list(certs.KINDS))


class IssueReportSchema(Schema):
    """What an issuing run did."""

    issued = fields.List(fields.Nested(CertificateSchema))
    unchanged = BoundedInteger()
    revoked = fields.List(fields.Nested(CertificateSchema))


class GradeSchema(Schema):
    """One step of a grade history."""

    occupation_id = BoundedInteger()
    occupation = fields.Function(lambda g: g.occupation.name)
    grade = fields.String()
    source = fields.String()
    certificate_no = fields.String(metadata={"description": "The evidence's document number."})
    issuer = fields.String()
    obtained_on = fields.Date()
    promotion_id = BoundedInteger(allow_none=True)


class EntrySchema(Schema):
    """One registration on the person's path and what came of it."""

    registration_id = fields.Function(lambda e: e.registration.id)
    competition = fields.Function(lambda e: e.competition.name)
    tier = fields.Function(lambda e: e.competition.tier)
    project = fields.Function(lambda e: e.registration.project.name)
    status = fields.Function(lambda e: e.registration.status)
    rank = fields.Function(lambda e: e.result.rank if e.result else None)
    awards = fields.Function(lambda e: [a.award for a in e.awards])
    titles = fields.Function(lambda e: [{"title": t.title, "state": t.state} for t in e.titles])
    # The same explanations as the project's outcomes (issue #14).
    explanation = fields.Function(lambda e: EntryExplanationSchema().dump(
        e.result.explanation or {}) if e.result else None)
    promotions = fields.List(fields.Nested(PromotionSchema))
    certificates = fields.Function(lambda e: [c.serial for c in e.certificates])


class PersonRecordSchema(Schema):
    """A person's lifetime record (技能人才成长档案)."""

    id = fields.Function(lambda r: r.person.id)
    name = fields.Function(lambda r: r.person.name)
    grades = fields.List(fields.Nested(GradeSchema))
    honours = fields.Function(lambda r: [
        {"id": h.id, "honour": h.honour, "name": h.name, "year": h.year, "issuer": h.issuer,
         "document_no": h.document_no} for h in r.honours])
    entries = fields.List(fields.Nested(EntrySchema))
