"""Marking sheets for signature: gather a judge's marks or the per-criterion marks, by code only.

A judge prints their own sheet; the chief judge, the project's organizer or an administrator
may print any judge's sheet and the sign-off sheet. Contestants appear by anonymous code only,
and a judge's sheet leaves out the contestants that judge recused from (as the tablet does).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _

from app.documents.marking_sheets import (
    JudgeSheetData,
    SheetRow,
    SignoffSheetData,
    render_judge_sheet,
    render_signoff_sheet,
)
from app.errors import ForbiddenError, NotFoundError
from app.models import Project, User
from app.services.boards.standings_inputs import (
    competing_registrations,
    latest_values,
    sheet_values,
)
from app.services.common.access import get_project
from app.services.entry.sheets import assess
from app.services.scoring.judging_access import (
    CHIEF,
    SCORABLE,
    can_oversee,
    load_assignments,
    load_components,
)
from app.services.scoring.score_matrix import get_worklist


def _stamp(now: datetime) -> str:
    zone = ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE", "Asia/Shanghai"))
    return now.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def _name(user: User) -> str:
    return user.display_name or user.username


def _judge(user: Any, project: Project, judge_id: int | None) -> User:
    """Return whose sheet is printed: one's own, or (for overseers) any seated judge's."""
    target_id = user.id if judge_id is None else judge_id
    if target_id != user.id and not can_oversee(user, project):
        raise ForbiddenError("auth.forbidden", _("You may print only your own marking sheet."))
    seated = {a.user_id: a.user for a in load_assignments(project.id)}
    if target_id not in seated:
        raise NotFoundError("judge.not_assigned", _("This judge is not assigned to the "
                                                    "project."), field="judge_id")
    return seated[target_id]


def judge_sheet(user: Any, project_id: int, *, judge_id: int | None = None,
                now: datetime) -> JudgeSheetData:
    """Return a judge's marks on a project: their aspects × the contestants they score."""
    project = get_project(user, project_id)
    judge = _judge(user, project, judge_id)
    work = get_worklist(judge, project)
    contestants = work["contestants"]
    codes = tuple(c["code"] or "?" for c in contestants)
    rows = [SheetRow(f"{a['sub_criterion']}·{a['code']}", a["description"], a["kind"],
                     a["max_mark"], tuple(c["values"].get(f"a:{a['id']}", "")
                                          for c in contestants))
            for a in work["aspects"]]
    rows += [SheetRow(c["code"], c["name"], "", "100",
                      tuple(x["values"].get(f"c:{c['id']}", "") for x in contestants))
             for c in work["components"]]
    return JudgeSheetData(project.competition.name, project.name, _name(judge), _stamp(now),
                          codes, tuple(rows))


def judge_sheet_pdf(user: Any, project_id: int, *, judge_id: int | None = None,
                    now: datetime) -> bytes:
    """Return a judge's marking sheet as a PDF for signature."""
    return render_judge_sheet(judge_sheet(user, project_id, judge_id=judge_id, now=now))


def _mark_text(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def signoff_sheet(user: Any, project_id: int, *, now: datetime) -> SignoffSheetData:
    """Return every scorable contestant's mark per criterion (sum of its aspects' marks)."""
    project = get_project(user, project_id)
    if not can_oversee(user, project):
        raise ForbiddenError("auth.forbidden",
                             _("Only the chief judge or an organizer may print the sign-off "
                               "sheet."))
    registrations = [r for r in competing_registrations(project.id) if r.status in SCORABLE]
    values = latest_values(project.id)
    rows: list[SheetRow] = []
    for component in load_components(project.id):
        for criterion in component.criteria:
            aspects = [a for sub in criterion.sub_criteria for a in sub.aspects]
            if not aspects:
                continue
            marks = []
            for reg in registrations:
                parts = [assess((a.id, None), sheet_values(values.get((reg.id, (a.id, None)), {}),
                                                           a.kind))[0] for a in aspects]
                marks.append(_mark_text(None if None in parts else sum(parts, Decimal(0))))
            top = sum((a.max_mark for a in aspects), Decimal(0))
            rows.append(SheetRow(f"{component.code}·{criterion.code}", criterion.name, "",
                                 f"{top:.2f}", tuple(marks)))
        if not component.criteria:  # a whole-component mark, e.g. an imported theory exam
            key = (None, component.id)
            marks = [_mark_text(assess(key, sheet_values(values.get((r.id, key), {}), None))[0])
                     for r in registrations]
            rows.append(SheetRow(component.code, component.name, "", "100.00", tuple(marks)))
    assignments = load_assignments(project.id)
    chiefs = [_name(a.user) for a in assignments if a.role == CHIEF]
    judges = tuple(_name(a.user) for a in assignments if a.role != CHIEF)
    return SignoffSheetData(project.competition.name, project.name, "、".join(chiefs) or "—",
                            _stamp(now), project.scores_locked_at is not None,
                            tuple(r.anonymous_code or "?" for r in registrations), tuple(rows),
                            judges)


def signoff_sheet_pdf(user: Any, project_id: int, *, now: datetime) -> bytes:
    """Return the chief judge's per-criterion sign-off sheet as a PDF."""
    return render_signoff_sheet(signoff_sheet(user, project_id, now=now))
