"""Shared pieces of the registration use cases: errors, inputs, eligibility of one person."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.domain.codes import Group, RegistrationStatus
from app.domain.eligibility import EligibilityResult, ExistingRegistration, check_eligibility
from app.domain.errors import IdCardError, Reason
from app.domain.idcard import IdCardInfo, parse_id_number
from app.errors import ServiceError
from app.extensions import db
from app.models import Occupation, Person, Project, Registration
from app.services.common import labels, mappers
from app.services.identity.people import (
    ORG_KINDS,
    is_mobile,
    normalise_person_name,
    normalise_phone,
    parse_grade_text,
)
from app.services.results.reasons import describe

# Window and duplicate failures stop a self-registration; others are the organizer's call.
BLOCKING_CODES = frozenset(
    {"eligibility.window_closed", "eligibility.window_not_open", "eligibility.duplicate"}
)
MAX_NAME = 100
MAX_ORG_NAME = 200
MAX_CERTIFICATE = 32
MAX_COACH_NAME = 100


@dataclass(frozen=True)
class Problem:
    """One refused input: the field, a stable code and a message in the user's language."""

    field: str
    code: str
    message: str

    def to_dict(self) -> dict[str, str]:
        """Return a JSON-ready dict."""
        return {"field": self.field, "code": self.code, "message": self.message}


class RegistrationError(ServiceError):
    """A refused registration use case (422 unless said otherwise); nothing was changed."""

    def __init__(self, code: str, message: Any, *, field: str | None = None,
                 problems: Sequence[Problem] = (), status: int | None = None) -> None:
        super().__init__(code, message, field=field, status=status)
        self.problems = list(problems)


class NotFoundError(RegistrationError):
    """The registration, project or competition does not exist or is out of the user's scope."""

    status = 404

    def __init__(self, code: str = "registration.not_found", message: Any = None) -> None:
        super().__init__(code, message if message is not None else _l("Not found."))


def refuse(problems: Sequence[Problem]) -> RegistrationError:
    """Build the error for a list of problems, led by the first one."""
    first = problems[0]
    return RegistrationError(first.code, first.message, field=first.field, problems=problems)


@dataclass(frozen=True)
class GradeInput:
    """A current grade the applicant holds: occupation, grade (code or Chinese), certificate."""

    occupation_id: int
    grade: str
    certificate_no: str = ""


@dataclass(frozen=True)
class ApplicantInput:
    """What a contestant fills in about themselves."""

    name: str
    id_number: str
    phone: str
    organization_name: str
    group: str
    organization_kind: str = ""
    grades: tuple[GradeInput, ...] = ()
    coach_name: str = ""  # 指导教师/教练, optional (DOMAIN §6 unit and coach awards)


@dataclass
class CheckedApplicant:
    """An applicant whose fields passed the checks, normalised."""

    name: str
    id_info: IdCardInfo
    phone: str
    organization_name: str
    organization_kind: str
    group: str
    grades: list[tuple[Occupation, Any, str]] = field(default_factory=list)
    coach_name: str = ""


def idcard_problem(error: IdCardError) -> Problem:
    """Turn an ID-card error into a field problem in the user's language."""
    return Problem("id_number", error.code, describe(error.code, error.params, error.message))


def check_applicant(data: ApplicantInput, *, now: datetime) -> tuple[CheckedApplicant | None,
                                                                     list[Problem]]:
    """Check every field at once; return the normalised applicant or every problem."""
    problems: list[Problem] = []
    name, refused = normalise_person_name(data.name)
    if refused:
        problems.append(Problem("name", "person.name_invalid_characters", refused))
    elif not name:
        problems.append(Problem("name", "person.name_missing", _("Enter the name.")))
    elif len(name) > MAX_NAME:
        problems.append(Problem("name", "person.name_too_long",
                                _("The name is longer than %(n)d characters.", n=MAX_NAME)))
    info = None
    try:
        info = parse_id_number(data.id_number, today=now.date())
    except IdCardError as error:
        problems.append(idcard_problem(error))
    phone = normalise_phone(data.phone)
    if not is_mobile(phone):
        problems.append(Problem("phone", "person.phone_invalid", _(
            "Enter a mainland mobile number: 11 digits starting with 13 to 19.")))
    # Optional: self-employed and flexibly employed people register too (seed 002, §3).
    org_name = " ".join(data.organization_name.split())
    if len(org_name) > MAX_ORG_NAME:
        problems.append(Problem("organization_name", "person.organization_too_long",
                                _("The name is longer than %(n)d characters.", n=MAX_ORG_NAME)))
    if data.group not in Group.__members__:
        problems.append(Problem("group", "person.group_invalid", _("Choose a group.")))
    kind = data.organization_kind or ("SCHOOL" if data.group == "STUDENT" else "EMPLOYER")
    if kind not in ORG_KINDS:
        problems.append(Problem("organization_kind", "person.organization_kind_invalid",
                                _("Choose employer or school.")))
    coach = " ".join(data.coach_name.split())
    if len(coach) > MAX_COACH_NAME:
        problems.append(Problem("coach_name", "person.coach_too_long", _(
            "The coach's name is longer than %(n)d characters.", n=MAX_COACH_NAME)))
    grades = _check_grades(data.grades, problems)
    if problems or info is None:
        return None, problems
    return CheckedApplicant(name, info, phone, org_name, kind, data.group, grades, coach), []


def _check_grades(grades: Iterable[GradeInput], problems: list[Problem]) -> list[tuple[
        Occupation, Any, str]]:
    """Resolve occupation ids and grade spellings, noting each bad one."""
    rows = [g for g in grades if g.grade.strip() or g.certificate_no.strip()]
    ids = {g.occupation_id for g in rows}
    occupations = {o.id: o for o in db.session.scalars(
        select(Occupation).where(Occupation.id.in_(ids)))} if ids else {}
    out = []
    seen: set[int] = set()
    for g in rows:
        occupation = occupations.get(g.occupation_id)
        grade = parse_grade_text(g.grade)
        certificate = g.certificate_no.strip()
        if occupation is None:
            problems.append(Problem("grades", "grade.occupation_unknown",
                                    _("Unknown occupation.")))
        elif grade is None:
            problems.append(Problem("grades", "grade.unknown",
                                    _("Unknown grade “%(value)s”.", value=g.grade)))
        elif len(certificate) > MAX_CERTIFICATE:
            problems.append(Problem("grades", "grade.certificate_too_long", _(
                "The certificate number is longer than %(n)d characters.", n=MAX_CERTIFICATE)))
        elif occupation.id in seen:
            problems.append(Problem("grades", "grade.duplicate", _(
                "%(occupation)s is listed twice.", occupation=occupation.name)))
        else:
            seen.add(occupation.id)
            out.append((occupation, grade, certificate))
    return out


def existing_for(person: Person | None) -> list[ExistingRegistration]:
    """Return the eligibility view of every registration a stored person holds."""
    if person is None or person.id is None:
        return []
    regs = list(db.session.scalars(select(Registration).where(
        Registration.person_id == person.id)))
    return existing_views(regs, {person.id: person.id_number})


def existing_views(regs: Sequence[Registration],
                   id_numbers: dict[int, str]) -> list[ExistingRegistration]:
    """Map registrations to their eligibility view, looking up where qualified ones came from."""
    origin_ids = {r.qualified_from_id for r in regs if r.qualified_from_id is not None}
    origins: dict[int, int] = {}
    if origin_ids:
        # Iterate the rows: dict(result) would treat the Result as a mapping (it has keys()).
        origins = {rid: pid for rid, pid in db.session.execute(
            select(Registration.id, Registration.project_id)
            .where(Registration.id.in_(origin_ids)))}
    return [
        mappers.existing_registration(
            r, id_number=id_numbers[r.person_id],
            qualified_from_project_id=origins.get(r.qualified_from_id or 0))
        for r in regs
    ]


def evaluate(applicant: CheckedApplicant, person: Person | None, projects: Sequence[Project],
             *, now: datetime) -> dict[int, EligibilityResult]:
    """Check the applicant against each project, with their stored and stated grades."""
    grades = mappers.person_grades_by_occupation_code(person) if person is not None else {}
    grades.update({occ.code: grade.value for occ, grade, _cert in applicant.grades})
    domain = mappers.domain_person(
        id_number=applicant.id_info.number, group=applicant.group, grades=grades,
        titles=mappers.held_titles(person))
    existing = existing_for(person)
    # A submitted registration is updated in place, so it is not its own duplicate; an
    # approved (or later) one is.
    ids = {r.project_id: r.id for r in existing if r.status is RegistrationStatus.SUBMITTED}
    return {
        p.id: check_eligibility(domain, mappers.project_rules(p), existing, now,
                                registration_id=ids.get(str(p.id)))
        for p in projects
    }


def reason_dicts(result: EligibilityResult) -> list[dict[str, Any]]:
    """Return a result's failures as dicts, each with its message in the user's language."""
    out = []
    for failure in result.failures:
        data = failure.to_dict()
        data["text"] = describe(failure.code, failure.params, failure.message)
        out.append(data)
    return out


def snapshot(result: EligibilityResult, now: datetime) -> dict[str, Any]:
    """Return what Registration.eligibility stores: the verdict, the reasons, when."""
    return {**result.to_dict(), "checked_at": now.isoformat()}


def describe_failure(failure: Reason) -> str:
    """Return one failure's message in the user's language."""
    return describe(failure.code, failure.params, failure.message)


def status_label(code: str) -> str:
    """Return a registration status in the user's language."""
    return labels.label(code, "registration_status")
