"""Bulk import of registrations from .xlsx/.csv: validate the whole file, then import.

Nothing is imported unless every row is valid, or the organizer asks for the valid rows
only. People are matched by ID number, employers and schools by name.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import insert, select, update

from app.documents.workbooks import read_table
from app.errors import ServiceError
from app.extensions import begin_write, db
from app.models import Competition, Organization, Person, PersonGrade, Project, Registration
from app.services.common.mappers import current_grades
from app.services.common.offload import offload
from app.services.entry import tickets
from app.services.entry.import_checks import PlannedRow, RowChecker, RowError, load_lookup
from app.services.entry.registration_rules import snapshot
from app.services.entry.registration_sheets import EXPECTED, OPTIONAL, example_row
from app.services.identity.people import organizations_by_name
from app.services.results.reasons import describe
from app.services.scoring import audit

MAX_ROWS = 20_000

__all__ = ["ImportRefused", "ImportReport", "ImportResult", "RowError", "import_registrations",
           "validate_import"]


@dataclass
class ImportReport:
    """Every problem of a file, and the rows that could be imported."""

    filename: str
    rows: int
    errors: list[RowError]
    planned: list[PlannedRow] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Tell whether every row is valid (and there is at least one)."""
        return not self.errors and bool(self.planned)

    @property
    def bad_rows(self) -> list[int]:
        """Return the numbers of the rows with a problem."""
        return sorted({e.row for e in self.errors if e.row is not None})

    @property
    def file_errors(self) -> list[RowError]:
        """Return problems of the file as a whole (no row, or the header row)."""
        return [e for e in self.errors if e.row is None or (e.column is None and e.row == 1)]

    @property
    def by_code(self) -> list[tuple[str, int]]:
        """Count the problems per reason code, most frequent first."""
        return Counter(e.code for e in self.errors).most_common()

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready summary with every error."""
        return {"filename": self.filename, "rows": self.rows, "valid_rows": len(self.planned),
                "bad_rows": self.bad_rows, "ok": self.ok,
                "errors": [e.to_dict() for e in self.errors]}


@dataclass(frozen=True)
class ImportResult:
    """What an import did."""

    report: ImportReport
    imported: int
    approved: int
    skipped_rows: list[int]


class ImportRefused(ServiceError):
    """The file has problems and the organizer did not ask for the valid rows only."""

    def __init__(self, report: ImportReport) -> None:
        super().__init__("import.refused", _l("The file has problems; nothing was imported."),
                         field="file")
        self.report = report


def _target(target: Competition | Project) -> tuple[Competition, Project | None]:
    if isinstance(target, Project):
        return target.competition, target
    return target, None


def validate_import(target: Competition | Project, data: bytes, filename: str, *,
                    now: datetime) -> ImportReport:
    """Check a whole file: sheet problems first, then every row; change nothing."""
    competition, project = _target(target)
    table = offload(read_table, data, filename, expected_headers=EXPECTED, optional=OPTIONAL,
                       max_rows=MAX_ROWS, max_bytes=current_app.config["MAX_CONTENT_LENGTH"],
                       example=example_row(competition))
    errors = [RowError(e.row, e.column, e.code, describe(e.code, e.params, e.message))
              for e in table.errors]
    if not table.rows and not errors:
        errors.append(RowError(None, None, "import.no_rows", _("The file has no data rows.")))
    bad_cells = {e.row for e in errors}
    lookup = load_lookup(competition.projects, table.rows)
    checker = RowChecker(lookup, target_project=project, now=now)
    planned = []
    for row in table.rows:
        plan, row_errors = checker.check(row)
        errors += row_errors
        if plan is not None and row.row_number not in bad_cells:
            planned.append(plan)
    errors.sort(key=lambda e: (e.row or 0, _column_order(e.column)))
    return ImportReport(filename, len(table.rows), errors, planned)


def _column_order(column: str | None) -> int:
    keys = list(EXPECTED)
    return keys.index(column) if column in keys else len(keys)


def import_registrations(user: Any, target: Competition | Project, data: bytes, filename: str,
                         *, now: datetime, only_valid: bool = False,
                         approve: bool = False) -> ImportResult:
    """Validate the file again and import it: all rows, or only the valid ones if asked."""
    begin_write()  # the checks and the writes see the same database state
    report = validate_import(target, data, filename, now=now)
    if not report.planned or (report.errors and not only_valid):
        db.session.rollback()
        raise ImportRefused(report)
    competition, project = _target(target)
    orgs = _organizations(report.planned)
    people = _people(report.planned, orgs, now=now)
    regs = _registrations(report.planned, people, orgs, approve=approve, now=now)
    audit.record("registrations.imported", entity="competition", entity_id=competition.id,
                 actor_id=user.id, project_id=project.id if project else None, now=now,
                 new={"filename": filename, "rows": report.rows, "imported": len(regs),
                      "approved": len(regs) if approve else 0,
                      "skipped_rows": report.bad_rows,
                      "first_registration_id": min(regs, default=None),
                      "last_registration_id": max(regs, default=None)})
    db.session.commit()
    return ImportResult(report, len(regs), len(regs) if approve else 0, report.bad_rows)


def _organizations(planned: list[PlannedRow]) -> dict[str, int]:
    """Return the rows' organization ids by name, inserting the new ones in one statement."""
    ids = {name: org.id for name, org in organizations_by_name(
        p.organization for p in planned if p.organization).items()}
    new = {p.organization: p.organization_kind for p in planned
           if p.organization and p.organization not in ids}
    if new:
        rows = db.session.execute(
            insert(Organization).returning(Organization.id, Organization.name),
            [{"name": name, "kind": kind} for name, kind in new.items()])
        ids.update({name: org_id for org_id, name in rows})
    return ids


def _people(planned: list[PlannedRow], orgs: dict[str, int], *, now: datetime) -> dict[str, int]:
    """Insert or update each row's person (by ID number) and record stated grades.

    Bulk statements, not the unit of work: 10,000 ORM objects would take seconds.
    """
    ids = {p.id_info.number: p.person.id for p in planned if p.person is not None}
    # A row without an employer keeps the person's recorded one.
    updates = {p.person.id: {"id": p.person.id, "phone": p.phone,
                             "organization_id": orgs.get(p.organization,
                                                         p.person.organization_id)}
               for p in planned if p.person is not None}
    new = {p.id_info.number: {"name": p.name, "id_number": p.id_info.number, "phone": p.phone,
                              "gender": p.id_info.gender.value,
                              "birth_date": p.id_info.birth_date,
                              "organization_id": orgs.get(p.organization)}
           for p in planned if p.person is None}
    if updates:
        db.session.execute(update(Person), list(updates.values()))
    if new:
        rows = db.session.execute(insert(Person).returning(Person.id, Person.id_number),
                                  list(new.values()))
        ids.update({number: person_id for person_id, number in rows})
    grades = {}
    for plan in planned:
        if plan.grade is None:
            continue
        occupation_id = plan.project.occupation_id
        held = current_grades(plan.person.grades).get(occupation_id) if plan.person else None
        if held is None or held.grade != plan.grade.value or (
                plan.certificate_no and held.certificate_no != plan.certificate_no):
            person_id = ids[plan.id_info.number]
            grades[(person_id, occupation_id)] = {
                "person_id": person_id, "occupation_id": occupation_id,
                "grade": plan.grade.value, "source": "CERTIFICATE",
                "certificate_no": plan.certificate_no, "obtained_on": now.date()}
    if grades:
        db.session.execute(insert(PersonGrade), list(grades.values()))
    return ids


def _registrations(planned: list[PlannedRow], people: dict[str, int], orgs: dict[str, int],
                   *, approve: bool, now: datetime) -> list[int]:
    """Add a registration per row (re-opening a withdrawn or rejected one); return the ids."""
    status = "APPROVED" if approve else "SUBMITTED"
    fresh, reopened = [], []
    for plan in planned:
        values = {"group": plan.group, "organization_id": orgs.get(plan.organization),
                  "coach_name": plan.coach_name,
                  "status": status, "submitted_at": now, "withdrawn_at": None,
                  "decided_at": now if approve else None, "decision_reason": "",
                  "eligibility": snapshot(plan.result, now)}
        if plan.existing is not None:
            reopened.append({"id": plan.existing.id, **values})
        else:
            fresh.append({"project_id": plan.project.id,
                          "person_id": people[plan.id_info.number], "source": "IMPORT",
                          **values})
    ids = [row["id"] for row in reopened]
    if reopened:
        db.session.execute(update(Registration), reopened)
    if fresh:
        ids += db.session.scalars(insert(Registration).returning(Registration.id), fresh).all()
    if approve:
        db.session.expire_all()  # bulk updates bypassed the identity map
        for start in range(0, len(ids), 1000):
            for reg in db.session.scalars(select(Registration).where(
                    Registration.id.in_(ids[start:start + 1000]))):
                tickets.assign_ticket(reg)
        db.session.flush()
    return ids


def list_import_projects(competition: Competition) -> list[Project]:
    """List a competition's projects, for the import page."""
    return list(db.session.scalars(select(Project).where(
        Project.competition_id == competition.id).order_by(Project.id)))
