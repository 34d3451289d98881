"""Theory scores from a machine-marked exam, imported from .xlsx/.csv like registrations.

The whole file is checked first (sheet, then every row); nothing is stored unless every row is
valid, or the caller asks for the valid rows only. Each mark is stored through the judging
service's one write path (append_score_event: an append-only ScoreEvent, audited, its sheet
refreshed) under the importing user, with a client id derived from the project, the contestant,
the file's hash and the sheet's previous event, so importing the same file twice stores nothing
the second time. One commit for the whole file; the standings move once.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app.documents.workbooks import read_table, rows_xlsx
from app.domain.numbers import MARK, NumberError, parse_decimal
from app.extensions import begin_write, db
from app.models import Component, Project, Registration, User
from app.services.common.access import can_import_theory
from app.services.common.numbers import number_message
from app.services.common.offload import offload
from app.services.entry.sheets import finish_status, judge_values
from app.services.results.reasons import describe
from app.services.scoring import audit, judging_events, judging_tx
from app.services.scoring.judging import check_value, lock_scheme, payload_hash
from app.services.scoring.judging_access import SCORABLE, require
from app.services.scoring.judging_errors import JudgingError
from app.services.scoring.score_append import append_score_event
from app.services.setup.transfer_report import TransferError, TransferRefused, TransferReport

MAX_ROWS = 5000
_NS = uuid.UUID("5b0e3c36-8f39-4f8e-9a57-0d7c2f1e6a10")
HEADERS = {"contestant": "准考证号或加密号", "name": "姓名", "score": "理论成绩"}
EXPECTED = {
    "contestant": ("准考证号或加密号", "准考证号/加密号", "准考证号", "准考证", "加密号", "检录号",
                   "ticket_no", "anonymous_code", "ticket"),
    "name": ("姓名", "选手姓名", "name"),
    "score": ("理论成绩", "理论知识成绩", "成绩", "分数", "score", "theory"),
}


@dataclass(frozen=True)
class TheoryRow:
    """A valid row: whose mark, what value, and whether it is already stored."""

    row: int
    registration: Registration
    value: Decimal
    unchanged: bool


@dataclass(frozen=True)
class TheoryImportResult:
    """What an import did: marks stored, rows already stored as given, rows skipped."""

    report: TransferReport
    imported: int
    unchanged: int
    skipped_rows: list[int]


can_import = can_import_theory


def theory_component(project: Project) -> Component | None:
    """Return the project's theory component, if it has one."""
    return db.session.scalar(select(Component).where(
        Component.project_id == project.id, Component.kind == "THEORY"))


def theory_template(project: Project) -> bytes:
    """Return the score sheet: one row per checked-in contestant, the score to fill in."""
    regs = {r.id: r for r in _registrations(project).values()}  # each once, not once per key
    rows = [[r.ticket_no or r.anonymous_code or "", r.person.name, None]
            for r in sorted(regs.values(), key=lambda r: (r.ticket_no or "", r.id))
            if r.status in SCORABLE]
    return offload(rows_xlsx, "理论成绩", list(HEADERS.values()), rows, column_widths=[24, 14, 12])


def _registrations(project: Project) -> dict[str, Registration]:
    """Return the project's registrations by ticket number and by anonymous code."""
    out: dict[str, Registration] = {}
    for reg in db.session.scalars(select(Registration).where(
            Registration.project_id == project.id).options(selectinload(Registration.person))):
        for key in (reg.anonymous_code, reg.ticket_no):
            if key:
                out[_fold(key)] = reg
    return out


def _fold(text: str) -> str:
    return re.sub(r"[\s\u3000]+", "", text).upper()


def validate_theory_import(project: Project, data: bytes, filename: str, *,
                           actor: User) -> TransferReport:
    """Check a whole file: sheet problems first, then every row; change nothing."""
    report = TransferReport(filename, 0, [])
    component = theory_component(project)
    if component is None:
        return _refusal(report, "theory.no_component")
    if project.scores_locked_at is not None:
        return _refusal(report, "score.project_locked")
    table = offload(read_table, data, filename, expected_headers=EXPECTED, optional=("name",),
                       max_rows=MAX_ROWS, max_bytes=current_app.config["MAX_CONTENT_LENGTH"])
    report.rows = len(table.rows)
    report.errors = [TransferError(e.row, e.column, HEADERS.get(e.column or "", ""), e.code,
                                   describe(e.code, e.params, e.message)) for e in table.errors]
    if not table.rows and not report.errors:
        report.errors.append(TransferError(None, None, "", "import.no_rows",
                                           _("The file has no data rows.")))
    bad_cells = {e.row for e in report.errors}
    regs, seen = _registrations(project), {}
    for row in table.rows:
        planned = _check_row(row.row_number, row.values, regs, seen, component, actor, report)
        if planned is not None and row.row_number not in bad_cells:
            report.planned.append(planned)
    report.valid_rows = len(report.planned)
    report.errors.sort(key=lambda e: (e.row or 0, list(HEADERS).index(e.column)
                                      if e.column in HEADERS else 3))
    return report


def _refusal(report: TransferReport, code: str) -> TransferReport:
    report.errors.append(TransferError(None, None, "", code, JudgingError(code).message))
    return report


def _check_row(n: int, v: dict[str, str], regs: dict[str, Registration], seen: dict[int, int],
               component: Component, actor: User, report: TransferReport) -> TheoryRow | None:
    """Return the row's plan, or add its problems to the report."""
    errors: list[TransferError] = []

    def bad(column: str, code: str, message: str) -> None:
        errors.append(TransferError(n, column, HEADERS[column], code, message))

    key = v.get("contestant", "")
    reg = regs.get(_fold(key)) if key else None
    if not key:
        bad("contestant", "theory.key_missing", _("The ticket number or anonymous code is "
                                                  "missing."))
    elif reg is None:
        bad("contestant", "theory.unknown_contestant", _(
            "No contestant of this project has the ticket number or code “%(key)s”.", key=key))
    value = _value(v.get("score", ""), component, bad)
    if reg is not None:
        _check_contestant(reg, v.get("name", ""), seen, n, bad)
    if errors or reg is None or value is None:
        report.errors += errors
        return None
    by_judge = judge_values(reg.id, (None, component.id))
    others = sorted(j for j in by_judge if j != actor.id)
    if others:
        user = db.session.get(User, others[0])
        bad("score", "theory.other_entrant", _(
            "The theory score of this contestant was entered by %(user)s; only they can "
            "change it.", user=user.username if user else others[0]))
        report.errors += errors
        return None
    current = by_judge.get(actor.id)
    return TheoryRow(n, reg, value, current is not None and current[1] == value)


def _value(text: str, component: Component, bad: Any) -> Decimal | None:
    if not text:
        bad("score", "theory.value_missing", _("The theory score is missing; enter it or "
                                               "delete the row."))
        return None
    try:  # the one bounded parser: plain decimal notation, ≤ 4 places (issue #11.1)
        value = parse_decimal(text, MARK, field="score")
    except NumberError as error:
        if error.code == "number.invalid":
            bad("score", "theory.value", _("“%(value)s” is not a number.", value=text))
        else:
            bad("score", "theory.value", number_message(error, text))
        return None
    try:
        check_value(component, value)
    except JudgingError:
        bad("score", "theory.value", _("The theory score %(value)s is outside 0–100.",
                                       value=text))
        return None
    return value


def _check_contestant(reg: Registration, name: str, seen: dict[int, int], n: int,
                      bad: Any) -> None:
    if name and "".join(name.split()) != "".join(reg.person.name.split()):
        bad("name", "theory.name_mismatch", _(
            "This ticket belongs to %(stored)s, not %(name)s.", stored=reg.person.name,
            name=name))
    if reg.status not in SCORABLE:
        bad("contestant", "theory.not_checked_in", _(
            "This contestant has not checked in and cannot be scored."))
    elif finish_status(reg.id) != "FINISHED":
        bad("contestant", "theory.not_finished", _(
            "This contestant did not finish or was disqualified."))
    first = seen.setdefault(reg.id, n)
    if first != n:
        bad("contestant", "theory.duplicate", _(
            "Row %(first)d already gives this contestant's score.", first=first))


def import_theory_scores(project: Project, data: bytes, filename: str, *, actor: User,
                         now: datetime, only_valid: bool = False) -> TheoryImportResult:
    """Check the file again and store its marks: all rows, or only the valid ones if asked."""
    require(can_import(actor, project))
    for attempt in range(2):
        begin_write()  # the checks and the writes see the same database state
        try:
            return _import(project, data, filename, actor=actor, now=now,
                           only_valid=only_valid)
        except IntegrityError:
            db.session.rollback()
            if attempt:
                raise
            # The same file raced in from another request: checked again, its rows are stored.
        except BaseException:
            db.session.rollback()
            raise
    raise AssertionError("unreachable")


def _import(project: Project, data: bytes, filename: str, *, actor: User, now: datetime,
            only_valid: bool) -> TheoryImportResult:
    report = validate_theory_import(project, data, filename, actor=actor)
    file_problem = any(e.row is None for e in report.errors)
    if not report.planned or file_problem or (report.errors and not only_valid):
        db.session.rollback()
        raise TransferRefused(report, 409 if file_problem and report.errors[0].code in {
            "score.project_locked", "theory.no_component"} else 422)
    component = theory_component(project)
    assert component is not None
    fresh = [p for p in report.planned if not p.unchanged]
    if not fresh:
        db.session.rollback()
        return TheoryImportResult(report, 0, len(report.planned), report.bad_rows)
    if project.scheme_locked_at is None:
        try:
            lock_scheme(project, actor, now)
        except JudgingError as error:
            db.session.rollback()
            report.errors = [TransferError(None, None, "", error.code, error.message)]
            raise TransferRefused(report, 409) from None
    judging_events.prepare_change(project)
    digest = hashlib.sha256(data).hexdigest()
    for plan in fresh:
        key = (None, component.id)
        previous = judge_values(plan.registration.id, key).get(actor.id)
        client_id = str(uuid.uuid5(_NS, f"{project.id}:{plan.registration.id}:{digest}:"
                                        f"{previous[0] if previous else 0}"))
        append_score_event(actor, plan.registration, project, key, plan.value,
                           client_id=client_id, client_time=None, now=now,
                           digest=payload_hash(client_id=client_id, judge_id=actor.id,
                                               registration_id=plan.registration.id,
                                               aspect_id=None, component_id=component.id,
                                               value=plan.value))
    audit.record("theory.imported", entity="project", entity_id=project.id, actor_id=actor.id,
                 project_id=project.id, now=now,
                 new={"filename": filename, "sha256": digest, "rows": report.rows,
                      "imported": len(fresh), "unchanged": len(report.planned) - len(fresh),
                      "skipped_rows": report.bad_rows})
    judging_tx.finish_change(project)
    return TheoryImportResult(report, len(fresh), len(report.planned) - len(fresh),
                              report.bad_rows)
