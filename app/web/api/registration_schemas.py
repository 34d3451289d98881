"""Marshmallow schemas of the registration endpoints (they document the OpenAPI spec)."""

from __future__ import annotations

from flask_smorest.fields import Upload
from marshmallow import Schema, fields, validate

from app.services.entry.registration_status import MAX_BATCH, MAX_REASON, SPEC, STATUSES
from app.web.api.error_schemas import FileCheckSchema
from app.web.api.fields import BoundedInteger
from app.web.api.list_schemas import ListArgsSchema as BaseListArgs
from app.web.api.list_schemas import PageSchema, sort_field


class GradeInSchema(Schema):
    """A current grade the applicant holds."""

    occupation_id = BoundedInteger(required=True)
    grade = fields.String(required=True, validate=validate.Length(max=30),
                          metadata={"description": "Code (L3) or Chinese name (高级工)."})
    certificate_no = fields.String(load_default="", validate=validate.Length(max=32))


class ApplicantSchema(Schema):
    """The contestant's details and the projects they enter."""

    name = fields.String(required=True, validate=validate.Length(max=100))
    id_number = fields.String(required=True, validate=validate.Length(max=30),
                              metadata={"description": "18-character 居民身份证 number."})
    phone = fields.String(required=True, validate=validate.Length(max=20),
                          metadata={"example": "13812345678"})
    organization_name = fields.String(load_default="", validate=validate.Length(max=200), metadata={
        "description": "Optional: self-employed and flexibly employed people register too."})
    coach_name = fields.String(load_default="", validate=validate.Length(max=100), metadata={
        "description": "Optional: the coach or instructing teacher (优秀指导教师 awards)."})
    organization_kind = fields.String(load_default="",
                                      validate=validate.OneOf(["", "EMPLOYER", "SCHOOL"]))
    group = fields.String(required=True, validate=validate.OneOf(["EMPLOYEE", "STUDENT"]))
    grades = fields.List(fields.Nested(GradeInSchema), load_default=list,
                         validate=validate.Length(max=20))
    project_ids = fields.List(BoundedInteger(), required=True,
                              validate=validate.Length(min=1, max=20))


class ReasonSchema(Schema):
    """One failing eligibility rule."""

    code = fields.String(required=True, metadata={"example": "eligibility.age_min"})
    message = fields.String(required=True, metadata={"description": "In the caller's language."})
    params = fields.Dict()
    field = fields.String(allow_none=True)


class ProblemSchema(Schema):
    """One refused input field."""

    field = fields.String()
    code = fields.String()
    message = fields.String()


class VerdictSchema(Schema):
    """A project's eligibility verdict."""

    project_id = BoundedInteger()
    project_name = fields.String()
    ok = fields.Boolean()
    blocking = fields.Boolean(metadata={
        "description": "A failure (closed window, already registered) refuses the registration."})
    failures = fields.List(fields.Nested(ReasonSchema))


class PreviewSchema(Schema):
    """The outcome of checking a registration without saving it."""

    problems = fields.List(fields.Nested(ProblemSchema))
    verdicts = fields.List(fields.Nested(VerdictSchema))


class PersonOutSchema(Schema):
    """A contestant; ID number and phone are masked for callers outside the competition."""

    name = fields.String()
    id_number = fields.String()
    phone = fields.String()
    gender = fields.String()
    birth_date = fields.Date()
    organization = fields.String(allow_none=True)


class RegistrationOutSchema(Schema):
    """A registration with its eligibility snapshot and decision."""

    id = BoundedInteger()
    project_id = BoundedInteger()
    project_name = fields.String()
    competition_id = BoundedInteger()
    status = fields.String(metadata={"example": "SUBMITTED"})
    source = fields.String()
    group = fields.String()
    eligible = fields.Boolean(allow_none=True)
    failures = fields.List(fields.Nested(ReasonSchema))
    decision_reason = fields.String()
    ticket_no = fields.String(allow_none=True)
    ticket_pdf = fields.String(allow_none=True, metadata={
        "description": "Where the admission ticket PDF is, once the registration holds one"})
    submitted_at = fields.DateTime()
    decided_at = fields.DateTime(allow_none=True)
    person = fields.Nested(PersonOutSchema)


class RegistrationPageSchema(PageSchema):
    """A page of registrations."""

    items = fields.List(fields.Nested(RegistrationOutSchema))


class ListArgsSchema(BaseListArgs):
    """Filters of the registration list (q: name, ticket, registration or ID number)."""

    competition_id = BoundedInteger()
    status = fields.String(validate=validate.OneOf(STATUSES))
    eligible = fields.Boolean()
    sort = sort_field(SPEC)


class DecisionSchema(Schema):
    """Registrations to approve or reject."""

    ids = fields.List(BoundedInteger(), required=True,
                      validate=validate.Length(min=1, max=MAX_BATCH))
    reason = fields.String(load_default="", validate=validate.Length(max=MAX_REASON),
                           metadata={"description": "Required to reject; the contestant sees it."})


class WithdrawSchema(Schema):
    """Why the contestant withdraws (optional)."""

    reason = fields.String(load_default="", validate=validate.Length(max=MAX_REASON))


class ImportFileSchema(Schema):
    """The uploaded sheet."""

    file = Upload(required=True, metadata={"description": ".xlsx or .csv (UTF-8 or GBK)."})


class ImportFormSchema(Schema):
    """Where to import and how (query string of the multipart upload)."""

    competition_id = BoundedInteger(required=True)
    project_id = BoundedInteger(metadata={"description": "Restrict the rows to one project."})
    validate_only = fields.Boolean(load_default=False)
    only_valid = fields.Boolean(load_default=False, metadata={
        "description": "Import the valid rows even when others have problems."})
    approve = fields.Boolean(load_default=False, metadata={
        "description": "Approve on import and assign admission tickets."})


class RowErrorSchema(Schema):
    """One problem of the file or of one row."""

    row = BoundedInteger(allow_none=True, metadata={"description": "Spreadsheet row number."})
    column = fields.String(allow_none=True)
    header = fields.String()
    code = fields.String(metadata={"example": "idcard.checksum"})
    message = fields.String()


class ImportReportSchema(FileCheckSchema):
    """The check of a whole file."""

    errors = fields.List(fields.Nested(RowErrorSchema))


class ImportResultSchema(Schema):
    """What an import did."""

    imported = BoundedInteger()
    approved = BoundedInteger()
    skipped_rows = fields.List(BoundedInteger())
    report = fields.Nested(ImportReportSchema)


class SheetArgsSchema(ListArgsSchema):
    """The competition whose template or registrations to download (and export filters)."""

    competition_id = BoundedInteger(required=True)
