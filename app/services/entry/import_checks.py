"""Check every row of a registration sheet against the file, the database and §3 rules.

Everything the checks need is loaded up front in a few queries (people, their grades and
registrations, projects, occupations), so 10,000 rows cost no query per row.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.documents.workbooks import ParsedRow
from app.domain.eligibility import EligibilityResult, ExistingRegistration, check_eligibility
from app.domain.errors import IdCardError
from app.domain.grades import Grade
from app.domain.idcard import IdCardInfo, normalise_id_number, parse_id_number
from app.extensions import db
from app.models import Occupation, Person, Project, Registration
from app.services.common import mappers
from app.services.entry.registration_rules import (
    MAX_CERTIFICATE,
    MAX_COACH_NAME,
    MAX_NAME,
    MAX_ORG_NAME,
    existing_views,
)
from app.services.entry.registration_sheets import GROUPS, HEADERS, ORG_KINDS
from app.services.identity.people import (
    is_mobile,
    normalise_person_name,
    normalise_phone,
    parse_grade_text,
)
from app.services.results.reasons import describe

# Which sheet column an eligibility failure points at.
_FAILURE_COLUMN = {"id_number": "id_number", "birth_date": "id_number", "group": "group",
                   "grade": "grade", "person": "id_number", "titles": "name"}
_CHUNK = 1000


@dataclass(frozen=True)
class RowError:
    """One problem of the file or of one row; ``row`` is the spreadsheet's row number."""

    row: int | None
    column: str | None
    code: str
    message: str

    @property
    def header(self) -> str:
        """Return the column's header as in the template."""
        return HEADERS.get(self.column or "", "")

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {"row": self.row, "column": self.column, "header": self.header,
                "code": self.code, "message": self.message}


@dataclass
class PlannedRow:
    """A valid row, ready to import."""

    row: int
    name: str
    id_info: IdCardInfo
    phone: str
    organization: str
    organization_kind: str
    group: str
    project: Project
    grade: Grade | None
    certificate_no: str
    person: Person | None
    existing: Registration | None
    result: EligibilityResult
    coach_name: str = ""


@dataclass
class Lookup:
    """What the checks need from the database, loaded once per file."""

    projects: list[Project]
    # Folded name or code -> the occupations it names: codes are unique, names need not be.
    occupations: dict[str, set[int]]
    people: dict[str, Person]
    registrations: dict[tuple[int, int], Registration]
    existing: dict[int, list[ExistingRegistration]] = field(default_factory=dict)


def _fold(text: str) -> str:
    return re.sub(r"[\s\u3000]+", "", text).casefold()


def load_lookup(projects: Sequence[Project], rows: Iterable[ParsedRow]) -> Lookup:
    """Load projects' occupations, the people named in the file and their registrations."""
    numbers = sorted({normalise_id_number(r.values.get("id_number", "")) for r in rows} - {""})
    people: dict[str, Person] = {}
    for start in range(0, len(numbers), _CHUNK):
        # Confirmed records only: a sign-up's pending duplicate is never the imported person.
        query = (select(Person).where(Person.id_number.in_(numbers[start:start + _CHUNK]),
                                      Person.duplicate_of_id.is_(None))
                 .options(selectinload(Person.grades)))
        people.update({p.id_number: p for p in db.session.scalars(query)})
    occupations: dict[str, set[int]] = {}
    for occ_id, code, name in db.session.execute(
            select(Occupation.id, Occupation.code, Occupation.name)):
        for key in {_fold(code), _fold(name)}:
            occupations.setdefault(key, set()).add(occ_id)
    by_id = {p.id: p.id_number for p in people.values()}
    regs: list[Registration] = []
    ids = sorted(by_id)
    for start in range(0, len(ids), _CHUNK):
        regs += db.session.scalars(select(Registration).where(
            Registration.person_id.in_(ids[start:start + _CHUNK]),
            Registration.project_id.in_([p.id for p in projects])))
    lookup = Lookup(list(projects), occupations, people,
                    {(r.person_id, r.project_id): r for r in regs})
    for view, reg in zip(existing_views(regs, by_id), regs, strict=True):
        lookup.existing.setdefault(reg.person_id, []).append(view)
    return lookup


class RowChecker:
    """Check rows one by one, remembering what earlier rows of the file said."""

    def __init__(self, lookup: Lookup, *, target_project: Project | None, now: datetime) -> None:
        self.lookup, self.target, self.now = lookup, target_project, now
        self.rules = {p.id: mappers.project_rules(p) for p in lookup.projects}
        self.by_name = {_fold(p.name): p for p in lookup.projects}
        self.seen: dict[tuple[str, int], int] = {}
        self.names: dict[str, tuple[str, int]] = {}

    def check(self, row: ParsedRow) -> tuple[PlannedRow | None, list[RowError]]:
        """Return the row's plan, or every problem found in it."""
        v, n = row.values, row.row_number
        errors: list[RowError] = []

        def bad(column: str | None, code: str, message: str) -> None:
            errors.append(RowError(n, column, code, message))

        name, refused = normalise_person_name(v.get("name", ""))
        if refused:
            bad("name", "person.name_invalid_characters", refused)
        elif not name:
            bad("name", "person.name_missing", _("The name is missing."))
        elif len(name) > MAX_NAME:
            bad("name", "person.name_too_long",
                _("The name is longer than %(n)d characters.", n=MAX_NAME))
        info = None
        try:
            info = parse_id_number(v.get("id_number", ""), today=self.now.date())
        except IdCardError as error:
            bad("id_number", error.code, describe(error.code, error.params, error.message))
        phone = normalise_phone(v.get("phone", ""))
        if not phone:
            bad("phone", "person.phone_missing", _("The mobile number is missing."))
        elif not is_mobile(phone):
            bad("phone", "person.phone_invalid", _(
                "“%(value)s” is not a mainland mobile number (11 digits starting with 13 to 19).",
                value=v.get("phone", "")))
        # Optional: self-employed and flexibly employed people register too (seed 002).
        org = " ".join(v.get("organization", "").split())
        if len(org) > MAX_ORG_NAME:
            bad("organization", "person.organization_too_long",
                _("The name is longer than %(n)d characters.", n=MAX_ORG_NAME))
        group = GROUPS.get(_fold(v.get("group", "")))
        if group is None:
            bad("group", "person.group_invalid", _(
                "Unknown group “%(value)s”: write 职工组 or 学生组.", value=v.get("group", "")))
        kind_text = _fold(v.get("organization_kind", ""))
        kind = ORG_KINDS.get(kind_text) if kind_text else (
            "SCHOOL" if group == "STUDENT" else "EMPLOYER")
        if kind is None:
            bad("organization_kind", "person.organization_kind_invalid", _(
                "Unknown organization kind “%(value)s”: write 企业 or 院校.",
                value=v.get("organization_kind", "")))
        project = self._project(v, group, bad)
        grade = None
        if v.get("grade"):
            grade = parse_grade_text(v["grade"])
            if grade is None:
                bad("grade", "grade.unknown", _(
                    "Unknown grade “%(value)s”: use a choice of the template, e.g. 高级工（三级）.",
                    value=v["grade"]))
        certificate = v.get("certificate_no", "")
        coach = " ".join(v.get("coach", "").split())
        if len(coach) > MAX_COACH_NAME:
            bad("coach", "person.coach_too_long", _(
                "The coach's name is longer than %(n)d characters.", n=MAX_COACH_NAME))
        if len(certificate) > MAX_CERTIFICATE:
            bad("certificate_no", "grade.certificate_too_long", _(
                "The certificate number is longer than %(n)d characters.", n=MAX_CERTIFICATE))
        if info is None or project is None or group is None:
            return None, errors
        person = self.lookup.people.get(info.number)
        self._same_person(info.number, name, person, n, bad)
        first = self.seen.setdefault((info.number, project.id), n)
        if first != n:
            bad("id_number", "import.duplicate_row", _(
                "Row %(first)d already registers this person for %(project)s.",
                first=first, project=project.name))
        result = self._eligibility(info, group, grade, project, person)
        for failure in result.failures:
            bad(_FAILURE_COLUMN.get(failure.field or "", "project"), failure.code,
                describe(failure.code, failure.params, failure.message))
        if errors:
            return None, errors
        existing = self.lookup.registrations.get((person.id, project.id)) if person else None
        return PlannedRow(n, name, info, phone, org, kind or "EMPLOYER", group, project, grade,
                          certificate, person, existing, result, coach), []

    def _project(self, v: dict[str, str], group: str | None, bad: Any) -> Project | None:
        """Find the row's project by name, else by occupation and group, else the only one."""
        occupations: set[int] | None = None
        if v.get("occupation"):
            occupations = self.lookup.occupations.get(_fold(v["occupation"]))
            if not occupations:
                bad("occupation", "import.occupation_unknown",
                    _("Unknown occupation “%(value)s”.", value=v["occupation"]))
                return None
        candidates = self.lookup.projects if self.target is None else [self.target]
        if v.get("project"):
            project = self.by_name.get(_fold(v["project"]))
            if project is None or project not in candidates:
                names = "、".join(p.name for p in candidates)
                bad("project", "import.project_unknown", _(
                    "Unknown project “%(value)s”; this import accepts: %(names)s.",
                    value=v["project"], names=names))
                return None
        else:
            matching = [p for p in candidates
                        if (occupations is None or p.occupation_id in occupations)
                        and (group is None or p.group == group)]
            if len(matching) != 1:
                bad("project", "import.project_missing", _(
                    "Write the project: it cannot be told from the occupation and group."))
                return None
            project = matching[0]
        if occupations is not None and project.occupation_id not in occupations:
            bad("occupation", "import.occupation_mismatch", _(
                "The occupation “%(value)s” is not that of %(project)s (%(expected)s).",
                value=v["occupation"], project=project.name, expected=project.occupation.name))
        return project

    def _same_person(self, number: str, name: str, person: Person | None, n: int,
                     bad: Any) -> None:
        """Refuse an ID number that comes with another name (stored or earlier in the file)."""
        if person is not None and name and person.name != name:
            bad("name", "import.name_mismatch", _(
                "This ID number is on file as %(stored)s, not %(name)s.",
                stored=person.name, name=name))
            return
        earlier = self.names.setdefault(number, (name, n))
        if name and earlier[0] != name:
            bad("name", "import.name_conflict", _(
                "Row %(first)d gives this ID number the name %(other)s.",
                first=earlier[1], other=earlier[0]))

    def _eligibility(self, info: IdCardInfo, group: str, grade: Grade | None,
                     project: Project, person: Person | None) -> EligibilityResult:
        grades = mappers.person_grades_by_occupation_code(person) if person else {}
        if grade is not None:
            grades[project.occupation.code] = grade.value
        domain = mappers.domain_person(id_number=info.number, group=group, grades=grades,
                                       titles=mappers.held_titles(person))
        existing = self.lookup.existing.get(person.id, []) if person else []
        return check_eligibility(domain, self.rules[project.id], existing, self.now)

