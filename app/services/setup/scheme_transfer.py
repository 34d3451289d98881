"""Marking scheme export and import as .xlsx (WorldSkills layout, one row per aspect).

The import checks the whole workbook first (file, then every row, then every §4 problem the
domain finds, each pointed back at its row) and saves only when everything is valid, through
save_marking_scheme (one commit, audit-logged as scheme.saved). Once judging has started the
scheme is locked and an import is refused before the file is read.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l

from app.documents.schemes_xlsx import (
    ParsedScheme,
    SchemeRowError,
    parse_scheme_workbook,
    scheme_workbook,
)
from app.domain.errors import Reason
from app.models import Project, User
from app.services.results.reasons import describe
from app.services.scoring.judging_access import can_manage, require
from app.services.scoring.judging_errors import JudgingError, describe_reason, message_for
from app.services.setup import schemes
from app.services.setup.transfer_report import TransferError, TransferRefused, TransferReport

__all__ = ["export_scheme", "import_scheme", "TransferRefused"]

# The workbook reader's codes as msgids (Chinese in zh_CN); unknown codes keep its message.
_TEXTS: dict[str, Any] = {
    "scheme.cell_required": _l("“%(header)s” must not be empty."),
    "scheme.too_long": _l("Longer than %(n)s characters."),
    "scheme.number": _l("“%(value)s” is not a valid number."),
    "scheme.aspect_kind": _l("Unknown type “%(value)s”: write M (measurement), J (judgement) "
                             "or PANEL (panel marks)."),
    "scheme.component_kind": _l("Unknown component kind “%(value)s”: write 理论知识, 技能操作, "
                                "技术答辩 or 其他."),
    "scheme.aggregation": _l("Unknown aggregation “%(value)s”: write 平均值, 去掉最高最低后平均 "
                             "or 中位数."),
    "scheme.component_unknown": _l("Component “%(value)s” is not on the 成绩组成 sheet "
                                   "(there: %(known)s)."),
    "scheme.component_missing": _l("Write the component code: the aspect's component cannot be "
                                   "told."),
    "scheme.inconsistent": _l("Code %(code)s has another name or parent on row %(first)s; a "
                              "code must be written the same way every time."),
    "scheme.duplicate_aspect_row": _l("Aspect code %(code)s repeats row %(first)s."),
    "scheme.duplicate_component_row": _l("Component code %(code)s repeats row %(first)s."),
    "scheme.components_header": _l("The 成绩组成 sheet has no header row: 成绩组成代码, 类型, "
                                   "名称, 权重."),
    "scheme.no_rows": _l("The scheme sheet has no aspects."),
}


def export_scheme(project: Project) -> bytes:
    """Return the project's components and marking scheme as a workbook."""
    return scheme_workbook(schemes.get_marking_scheme(project.id), project_name=project.name)


def import_scheme(project: Project, data: bytes, filename: str, *, actor: User,
                  now: datetime) -> dict[str, Any]:
    """Replace the project's scheme from a workbook, or refuse with every problem found."""
    require(can_manage(actor, project))
    if project.scheme_locked_at is not None:
        raise TransferRefused(_file_report(filename, "scheme.locked"), 409)
    current = schemes.get_marking_scheme(project.id)["components"]
    parsed = parse_scheme_workbook(data, filename, default_components=current,
                                   max_bytes=current_app.config["MAX_CONTENT_LENGTH"])
    report = TransferReport(filename, parsed.rows, [_row_error(e) for e in parsed.errors],
                            valid_rows=len(parsed.aspect_rows))
    if parsed.data is None:
        raise TransferRefused(report)
    try:
        return schemes.save_marking_scheme(actor, project.id, parsed.data, now=now)
    except JudgingError as error:
        if error.code == "auth.forbidden":
            raise
        report.errors = _domain_errors(error, parsed)
        report.valid_rows = 0
        raise TransferRefused(report, 409 if error.code == "scheme.locked" else 422) from None


def _file_report(filename: str, code: str) -> TransferReport:
    return TransferReport(filename, 0, [TransferError(None, None, "", code, message_for(code))])


def _row_error(error: SchemeRowError) -> TransferError:
    return TransferError(error.row, error.column, error.header, error.code, _message(error),
                         error.sheet)


def _message(error: SchemeRowError) -> str:
    """Return the reader's message in the request's language."""
    if error.code.startswith("sheet."):
        return describe(error.code, error.params, error.message)
    text = _TEXTS.get(error.code)
    if text is None:
        return error.message
    try:
        return str(text) % error.params
    except (KeyError, TypeError, ValueError):
        return error.message


def _domain_errors(error: JudgingError, parsed: ParsedScheme) -> list[TransferError]:
    """Point each §4 problem at the row of its aspect or component where there is one."""
    if not error.problems:
        return [TransferError(None, error.field, "", error.code, error.message)]
    return [_domain_error(p, parsed) for p in error.problems]


def _domain_error(problem: Reason, parsed: ParsedScheme) -> TransferError:
    params: Mapping[str, Any] = problem.params
    message = describe_reason(problem)["message"]
    component, aspect = str(params.get("component", "")), str(params.get("aspect", ""))
    row = parsed.aspect_rows.get((component, aspect))
    if row is not None:
        column = "max_mark" if problem.field == "max_mark" else (
            "allowed" if problem.code == "scheme.allowed_value" else "code")
        header = {"max_mark": "分值", "allowed": "测量可选分值"}.get(column, "评分项代码")
        return TransferError(row, column, header, problem.code, message, "评分标准")
    row = parsed.component_rows.get(component)
    if row is not None:
        column = "c.weight" if problem.field == "weight" else "c.code"
        header = "权重" if problem.field == "weight" else "成绩组成代码"
        return TransferError(row, column, header, problem.code, message, "成绩组成")
    return TransferError(None, None, "", problem.code, message)
