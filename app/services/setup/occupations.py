"""The occupations catalogue (职业/工种): code, name and the top grade of its standard (§2).

A promotion stops at the occupation's top grade (seed 004: 特级/首席 only "对设有高级技师的职业");
organizers add, edit and import occupations; an import is checked row by row and nothing is
saved unless every row is valid (or only the valid rows are asked for), like registrations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from app.documents.workbooks import read_table
from app.domain.grades import LADDER, PROMOTION_CAP, Grade
from app.errors import NotFoundError, ServiceError
from app.extensions import begin_write, db
from app.models import Occupation
from app.services.common.offload import offload
from app.services.scoring import audit

CODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]{0,31}$")
MAX_ROWS = 5_000
#: Grades a national standard may top at: 初级工 … 高级技师 (特级/首席 are posts, not levels).
TOP_GRADES = tuple(g for g in LADDER if Grade.L5.ordinal <= g.ordinal <= PROMOTION_CAP.ordinal)
HEADERS = {
    "code": ("职业编码", "编码", "代码", "code"),
    "name": ("职业名称", "名称", "工种", "name"),
    "name_en": ("英文名称", "name_en", "english name"),
    "top_grade": ("最高等级", "标准最高等级", "top grade", "top_grade"),
}
OPTIONAL = ("name_en", "top_grade")


@dataclass(frozen=True, slots=True)
class OccupationData:
    """What an organizer types for an occupation."""

    code: str
    name: str
    name_en: str = ""
    top_grade: str = "L1"


@dataclass(frozen=True, slots=True)
class OccupationRowError:
    """One problem of an imported file; ``row`` is the spreadsheet's row number."""

    row: int | None
    column: str | None
    code: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {"row": self.row, "column": self.column, "code": self.code,
                "message": self.message}


@dataclass
class OccupationImport:
    """A checked file: its problems, the rows to save, and what was saved."""

    filename: str
    rows: int
    errors: list[OccupationRowError]
    planned: list[tuple[int, OccupationData]] = field(default_factory=list)
    created: int = 0
    updated: int = 0

    @property
    def ok(self) -> bool:
        """Tell whether every row is valid (and there is at least one)."""
        return not self.errors and bool(self.planned)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready summary with every error."""
        return {"filename": self.filename, "rows": self.rows, "valid_rows": len(self.planned),
                "ok": self.ok, "created": self.created, "updated": self.updated,
                "errors": [e.to_dict() for e in self.errors]}


def parse_top_grade(text: str) -> Grade | None:
    """Return the top grade for a code (L2) or a Chinese name (技师), None when not one."""
    value = (text or "").strip()
    for grade in TOP_GRADES:
        if value.upper() == grade.value or value == grade.zh:
            return grade
    return None


def list_occupations() -> list[Occupation]:
    """Return every occupation by code."""
    return list(db.session.scalars(select(Occupation).order_by(Occupation.code)))


def get_occupation(occupation_id: int) -> Occupation:
    """Return an occupation, or raise NotFoundError."""
    occupation = db.session.get(Occupation, occupation_id)
    if occupation is None:
        raise NotFoundError("occupation.not_found", _("Not found."))
    return occupation


def create_occupation(user: Any, data: OccupationData) -> Occupation:
    """Add an occupation to the catalogue."""
    begin_write()
    clean = _checked(data)
    if _by_code(clean.code) is not None:
        raise ServiceError("occupation.duplicate", _("This occupation code already exists."),
                           field="code")
    occupation = Occupation(code=clean.code, name=clean.name, name_en=clean.name_en,
                            top_grade=clean.top_grade)
    db.session.add(occupation)
    db.session.flush()
    audit.record("occupation.create", entity="occupation", entity_id=occupation.id,
                 actor_id=user.id, new=_snapshot(occupation))
    db.session.commit()
    return occupation


def update_occupation(user: Any, occupation_id: int, data: OccupationData) -> Occupation:
    """Change an occupation's name or top grade (its code stays: rows refer to it)."""
    begin_write()
    occupation = get_occupation(occupation_id)
    clean = _checked(data)
    if clean.code != occupation.code:
        raise ServiceError("occupation.code_fixed",
                           _("An occupation's code cannot change."), field="code")
    old = _snapshot(occupation)
    occupation.name, occupation.name_en = clean.name, clean.name_en
    occupation.top_grade = clean.top_grade
    if _snapshot(occupation) != old:
        audit.record("occupation.update", entity="occupation", entity_id=occupation.id,
                     actor_id=user.id, old=old, new=_snapshot(occupation))
    db.session.commit()
    return occupation


def check_occupation_file(data: bytes, filename: str) -> OccupationImport:
    """Check a whole .xlsx/.csv of occupations row by row; change nothing."""
    table = offload(read_table, data, filename, expected_headers=HEADERS, optional=OPTIONAL,
                       max_rows=MAX_ROWS, max_bytes=current_app.config["MAX_CONTENT_LENGTH"])
    errors = [OccupationRowError(e.row, e.column, e.code, e.message) for e in table.errors]
    if not table.rows and not errors:
        errors.append(OccupationRowError(None, None, "import.no_rows",
                                         _("The file has no data rows.")))
    report = OccupationImport(filename, len(table.rows), errors)
    seen: dict[str, int] = {}
    for row in table.rows:
        v = row.values
        top = v.get("top_grade", "").strip()
        data_row = OccupationData(code=v.get("code", "").strip(), name=v.get("name", "").strip(),
                                  name_en=v.get("name_en", "").strip(),
                                  top_grade=top or Grade.L1.value)
        try:
            clean = _checked(data_row)
        except ServiceError as error:
            report.errors.append(OccupationRowError(row.row_number, error.field, error.code,
                                                    _("Row %(row)d: %(message)s",
                                                      row=row.row_number,
                                                      message=error.message)))
            continue
        if clean.code in seen:
            report.errors.append(OccupationRowError(
                row.row_number, "code", "occupation.duplicate_in_file",
                _("Row %(row)d: the code %(code)s is also on row %(first)d.",
                  row=row.row_number, code=clean.code, first=seen[clean.code])))
            continue
        seen[clean.code] = row.row_number
        report.planned.append((row.row_number, clean))
    return report


def import_occupations(user: Any, data: bytes, filename: str, *,
                       valid_only: bool = False) -> OccupationImport:
    """Add or update the file's occupations (matched by code); all rows valid, or valid_only."""
    begin_write()
    report = check_occupation_file(data, filename)
    if report.errors and not valid_only:
        db.session.rollback()
        return report
    for _row, item in report.planned:
        occupation = _by_code(item.code)
        if occupation is None:
            db.session.add(Occupation(code=item.code, name=item.name, name_en=item.name_en,
                                      top_grade=item.top_grade))
            report.created += 1
            continue
        before = _snapshot(occupation)
        occupation.name, occupation.top_grade = item.name, item.top_grade
        occupation.name_en = item.name_en or occupation.name_en
        if _snapshot(occupation) != before:
            report.updated += 1
    audit.record("occupation.import", entity="occupation", entity_id=None, actor_id=user.id,
                 new={"filename": filename, "created": report.created,
                      "updated": report.updated, "skipped": len(report.errors)})
    db.session.commit()
    return report


def _checked(data: OccupationData) -> OccupationData:
    """Return the data trimmed, or raise ServiceError naming the field."""
    code, name, name_en = data.code.strip(), data.name.strip(), data.name_en.strip()
    if not CODE.match(code):
        raise ServiceError("occupation.code", _("Use letters, digits, dots or dashes (at most "
                                                "32) for the occupation code."), field="code")
    if not name or len(name) > 100:
        raise ServiceError("occupation.name",
                           _("Give the occupation a name of at most 100 characters."),
                           field="name")
    if len(name_en) > 100:
        raise ServiceError("occupation.name_en",
                           _("The English name has at most 100 characters."), field="name_en")
    top = parse_top_grade(data.top_grade)
    if top is None:
        raise ServiceError("occupation.top_grade",
                           _("The top grade is one of 初级工, 中级工, 高级工, 技师, 高级技师."),
                           field="top_grade")
    return OccupationData(code, name, name_en, top.value)


def _by_code(code: str) -> Occupation | None:
    return db.session.scalar(select(Occupation).where(Occupation.code == code))


def _snapshot(occupation: Occupation) -> dict[str, Any]:
    return {"code": occupation.code, "name": occupation.name, "name_en": occupation.name_en,
            "top_grade": occupation.top_grade}
