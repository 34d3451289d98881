"""Bulk staff accounts from .xlsx/.csv, checked like registration imports: every row reported.

Nothing is created unless every row is valid, or the organizer asks for the valid rows
only. Each created account's one-time password is returned once, with its row number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from app.documents.tables import ParsedRow, read_table
from app.documents.workbooks import TemplateColumn, registration_template_xlsx
from app.domain.idcard import normalise_id_number
from app.errors import ServiceError
from app.extensions import db, write_transaction
from app.models import Competition, User
from app.services.common.offload import offload
from app.services.entry.import_checks import RowError
from app.services.entry.imports import ImportReport
from app.services.identity.staff import (
    CreatedStaff,
    StaffData,
    add_staff,
    check_staff,
    load_competition,
    new_secret,
    project_names,
)
from app.services.results.reasons import describe

MAX_ROWS = 2_000


@dataclass(frozen=True)
class StaffColumn:
    """One column of the staff sheet: key, Chinese header, accepted spellings."""

    key: str
    header: str
    spellings: tuple[str, ...]
    required: bool = True
    hint: str = ""


COLUMNS: tuple[StaffColumn, ...] = (
    StaffColumn("role", "角色", ("角色", "role"), hint="裁判员、裁判长、审核员 或 仲裁员"),
    StaffColumn("username", "用户名", ("用户名", "账号", "username")),
    StaffColumn("name", "姓名", ("姓名", "name")),
    StaffColumn("id_number", "身份证号", ("身份证号", "身份证号码", "id_number", "id number")),
    StaffColumn("employer", "工作单位", ("工作单位", "单位", "employer"), required=False),
    StaffColumn("phone", "手机号", ("手机号", "手机", "phone"), required=False),
    StaffColumn("qualification_level", "裁判员资格等级",
                ("裁判员资格等级", "资格等级", "qualification_level"), required=False,
                hint="国家级、省级、市级 或 企业级"),
    StaffColumn("certificate_no", "资格证书编号", ("资格证书编号", "证书编号", "certificate_no"),
                required=False),
    StaffColumn("expires_on", "资格有效期至", ("资格有效期至", "有效期至", "expires_on"),
                required=False, hint="YYYY-MM-DD"),
    StaffColumn("projects", "赛项", ("赛项", "执裁赛项", "projects"), required=False,
                hint="赛项名称，多个用分号分隔"),
)
HEADERS = {c.key: c.header for c in COLUMNS}
ROLES = {"裁判员": "JUDGE", "裁判": "JUDGE", "裁判长": "CHIEF_JUDGE", "审核员": "APPROVER",
         "核准员": "APPROVER", "仲裁员": "ARBITRATOR", "仲裁": "ARBITRATOR"}
LEVELS = {"国家级": "NATIONAL", "省级": "PROVINCIAL", "市级": "MUNICIPAL", "企业级": "ENTERPRISE",
          "院校级": "ENTERPRISE", "企业/院校级": "ENTERPRISE"}


@dataclass(frozen=True)
class StaffRowError(RowError):
    """A row problem whose header is the staff sheet's."""

    @property
    def header(self) -> str:
        """Return the column's header as in the staff template."""
        return HEADERS.get(self.column or "", "")


@dataclass
class StaffImportResult:
    """What a staff import did: the report and the accounts made (with their passwords)."""

    report: ImportReport
    created: list[tuple[int, CreatedStaff]]

    def to_dict(self) -> dict[str, Any]:
        """Return JSON-ready data, one-time passwords included."""
        return {"report": self.report.to_dict(), "created": [
            {"row": row, **staff.to_dict()} for row, staff in self.created]}


class StaffImportRefused(ServiceError):
    """The file has problems and the organizer did not ask for the valid rows only."""

    def __init__(self, report: ImportReport) -> None:
        super().__init__("import.refused", _("The file has problems; nothing was imported."),
                         field="file")
        self.report = report


EXAMPLE = {"role": "裁判员", "username": "judge_example", "name": "示例", "id_number": "（示例行）",
           "employer": "", "phone": "", "qualification_level": "省级",
           "certificate_no": "", "expires_on": "", "projects": ""}


def staff_template_xlsx() -> bytes:
    """Return the staff import template (.xlsx) with its example row and hints."""
    columns = [TemplateColumn(c.key, c.header, required=c.required, hint=c.hint, text=True,
                              choices=tuple(ROLES) if c.key == "role" else ())
               for c in COLUMNS]
    return offload(registration_template_xlsx, columns, EXAMPLE, sheet_title="工作人员")


def _enum(text: str, table: dict[str, str]) -> str:
    folded = text.strip()
    return table.get(folded, folded.upper())


def _row_data(row: ParsedRow, names: dict[str, int],
              bad: Any) -> StaffData:
    v = row.values
    expires = None
    if v.get("expires_on", "").strip():
        try:
            expires = date.fromisoformat(v["expires_on"].strip()[:10])
        except ValueError:
            bad("expires_on", "staff.date_invalid", _("Write the date as YYYY-MM-DD."))
    project_ids = []
    for part in v.get("projects", "").replace("；", ";").replace("、", ";").split(";"):
        if not part.strip():
            continue
        found = names.get(part.strip().casefold())
        if found is None:
            bad("projects", "staff.project_unknown",
                _("No project of this competition is called “%(name)s”.", name=part.strip()))
        else:
            project_ids.append(found)
    return StaffData(
        role=_enum(v.get("role", ""), ROLES), username=v.get("username", "").strip(),
        name=v.get("name", ""), id_number=v.get("id_number", ""),
        employer=v.get("employer", ""), phone=v.get("phone", ""),
        qualification_level=_enum(v.get("qualification_level", ""), LEVELS)
        if v.get("qualification_level", "").strip() else "",
        certificate_no=v.get("certificate_no", ""), expires_on=expires,
        project_ids=tuple(dict.fromkeys(project_ids)))


def _collector(row: int, into: list[RowError]) -> Any:
    def bad(column: str, code: str, message: str) -> None:
        into.append(StaffRowError(row, column, code, message))

    return bad


def validate_staff_import(competition: Competition, data: bytes, filename: str, *,
                          now: datetime) -> ImportReport:
    """Check a whole staff file: sheet problems first, then every row; change nothing."""
    table = offload(read_table, data, filename,
                    expected_headers={c.key: c.spellings for c in COLUMNS},
                    optional=[c.key for c in COLUMNS if not c.required], max_rows=MAX_ROWS,
                    max_bytes=current_app.config["MAX_CONTENT_LENGTH"], example=EXAMPLE)
    errors: list[RowError] = [
        StaffRowError(e.row, e.column, e.code, describe(e.code, e.params, e.message))
        for e in table.errors]
    if not table.rows and not errors:
        errors.append(StaffRowError(None, None, "import.no_rows", _("The file has no data rows.")))
    names = project_names(competition)
    usernames = {r.values.get("username", "").strip() for r in table.rows}
    taken_names = set(db.session.scalars(select(User.username).where(
        User.username.in_(usernames)))) if usernames else set()
    seen_ids: set[str] = set()
    seen_names: set[str] = set()
    planned = []
    for row in table.rows:
        row_errors: list[RowError] = []
        bad = _collector(row.row_number, row_errors)
        staff = _row_data(row, names, bad)
        problems, info = check_staff(competition, staff, now=now, taken_ids=seen_ids)
        for p in problems:
            bad(p.field if p.field != "project_ids" else "projects", p.code, p.message)
        if staff.username in taken_names or staff.username in seen_names:
            bad("username", "username.taken", _("This username is already taken."))
        seen_names.add(staff.username)
        if info is not None:
            seen_ids.add(normalise_id_number(info.number))
        errors += row_errors
        if not row_errors and not any(e.row == row.row_number for e in errors):
            planned.append((row.row_number, staff, info))
    errors.sort(key=lambda e: (e.row or 0, list(HEADERS).index(e.column)
                               if e.column in HEADERS else len(HEADERS)))
    return ImportReport(filename, len(table.rows), errors, planned)  # type: ignore[arg-type]


def import_staff(actor: Any, competition_id: int, data: bytes, filename: str, *,
                 now: datetime, only_valid: bool = False) -> StaffImportResult:
    """Check a staff file and create every account (or only the valid rows, if asked).

    The passwords are hashed after a first check and before the write transaction (a strong
    hash costs about 0.1-0.2 s each), so a sheet of judges never holds up the scoring; the
    file is checked again inside the transaction.
    """
    first = validate_staff_import(load_competition(actor, competition_id), data, filename,
                                  now=now)
    if not first.planned or (first.errors and not only_valid):
        raise StaffImportRefused(first)
    hashed = {row: new_secret() for row, _staff, _info in first.planned}  # type: ignore[misc]
    with write_transaction():
        competition = load_competition(actor, competition_id)
        report = validate_staff_import(competition, data, filename, now=now)
        if not report.planned or (report.errors and not only_valid):
            raise StaffImportRefused(report)
        created = [(row, add_staff(actor, competition, staff, info, now=now,
                                   secret=hashed.get(row)))
                   for row, staff, info in report.planned]  # type: ignore[misc]
    return StaffImportResult(report, created)
