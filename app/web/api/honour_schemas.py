"""Marshmallow schemas of the API's honours endpoints (honours.py)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from app.domain.grades import Grade
from app.domain.honours import GradeSource, Honour
from app.web.api.fields import BoundedInteger


class HonourRecordInSchema(Schema):
    """An honour to record."""

    honour = fields.String(required=True, validate=validate.OneOf([h.value for h in Honour]),
                           metadata={"description": "CHINA_SKILLS_AWARD, NATIONAL_TECHNICAL_"
                                                    "EXPERT, …, LOCAL_TITLE (give its name)."})
    year = BoundedInteger(required=True, validate=validate.Range(1950, 2100))
    name = fields.String(load_default="", validate=validate.Length(max=100))
    issuer = fields.String(load_default="", validate=validate.Length(max=100))
    document_no = fields.String(load_default="", validate=validate.Length(max=64))
    occupation_id = BoundedInteger(load_default=None, allow_none=True)


class HonourSchema(Schema):
    """A recorded honour."""

    id = BoundedInteger()
    person_id = BoundedInteger()
    honour = fields.String()
    name = fields.String()
    year = BoundedInteger()
    issuer = fields.String()
    document_no = fields.String()
    occupation_id = BoundedInteger(allow_none=True)


class GradeEvidenceInSchema(Schema):
    """A grade with its source and evidence."""

    occupation_id = BoundedInteger(required=True)
    grade = fields.String(required=True, validate=validate.OneOf([g.value for g in Grade]))
    source = fields.String(required=True, validate=validate.OneOf(
        [s.value for s in GradeSource]), metadata={
        "description": "CERTIFICATE, DIRECT_CERTIFICATION, EXCEPTIONAL, ENTERPRISE_ASSESSMENT "
                       "or APPOINTMENT; contest promotions arrive when certified."})
    obtained_on = fields.Date(required=True)
    document_no = fields.String(load_default="", validate=validate.Length(max=32))
    issuer = fields.String(load_default="", validate=validate.Length(max=100))


class GradeEvidenceSchema(Schema):
    """A recorded grade."""

    id = BoundedInteger()
    occupation_id = BoundedInteger()
    grade = fields.String()
    source = fields.String()
    certificate_no = fields.String()
    issuer = fields.String()
    obtained_on = fields.Date()
