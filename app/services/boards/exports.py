"""Results exports: the 公示 list as PDF/.xlsx, full results per project and per competition.

Judge-level detail (every judge's latest mark per sheet) is for the project's organizers only;
the callers decide who gets ``detail=True``.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from app.documents.publication import PublicationSheet, SheetRows, publication_pdf, results_xlsx
from app.extensions import db
from app.models import Aspect, Competition, Component, Project, ScoreEvent, User
from app.services.boards import leaderboard
from app.services.boards.publication import PublicationList, get_publication
from app.services.common import labels
from app.services.common.local_time import format_local
from app.services.common.offload import offload
from app.services.scoring import audit

# The printed document's own title per results state (the official Chinese form): the board's
# status label ("公示中") says where the results stand, not what the paper is.
DOCUMENT_TITLE_ZH = {"PROVISIONAL": "成绩暂定", "PUBLISHED": "成绩公示",
                     "OBJECTION_CLOSED": "公示期满", "FINAL": "最终成绩"}


def _local(moment: datetime | None) -> str:
    return format_local(moment)


def _headers(listing: PublicationList) -> list[str]:
    return [_("Rank"), _("Name"), _("Organization"),
            *[f"{c['name']} ({c['code']})" for c in listing.components],
            _("Total"), _("Award"), _("Promotion")]


def _cells(listing: PublicationList) -> list[list[str]]:
    return [
        [str(row.rank or ""), row.name, row.organization,
         *[row.components.get(c["code"], "") for c in listing.components],
         row.total or "", labels.label(row.award, "award"), row.promotion]
        for row in listing.rows
    ]


def publication_pdf_bytes(project: Project, *, now: datetime) -> bytes:
    """Return the 公示 list of a published project as a PDF (Chinese, the official form)."""
    listing = get_publication(project, now=now)
    status = labels.chinese(listing.status, "board_status")
    period = ""
    if listing.published_at and listing.ends_at:
        period = f"公示期：{_local(listing.published_at)} 至 {_local(listing.ends_at)}"
    notes = []
    if listing.appeal_deadline is not None:
        notes.append(f"成绩申诉：竞赛结束后至 {_local(listing.appeal_deadline)}（北京时间）"
                     "以书面形式向本赛项仲裁组提出。")
    if listing.ends_at is not None:
        notes.append(f"异议：对公示结果有异议的，请在公示期内（至 {_local(listing.ends_at)}）"
                     "以书面形式向本赛项仲裁组提出。")
    if listing.weekends_only:
        notes.append("注：公示期所跨年份的法定节假日尚未公布，暂按周末计算工作日。")
    if listing.override_reason:
        notes.append(f"经系统管理员批准于公示期结束前确认最终成绩，理由：{listing.override_reason}")
    notes.append(f"生成时间：{_local(now)}。")
    if listing.appeals_open:
        notes.insert(0, f"本赛项尚有 {listing.appeals_open} 件申诉正在处理，结果暂定。")
    return offload(publication_pdf, PublicationSheet(
        title=f"{listing.project} {DOCUMENT_TITLE_ZH.get(listing.status, status)}",
        subtitle=listing.competition,
        period=period,
        headers=["名次", "姓名", "单位",
                 *[f"{c['name']}" for c in listing.components], "总分", "奖项", "晋升"],
        rows=_cells(listing),
        notes=notes,
        watermark="" if listing.status == "FINAL" else status,
        audit_anchor=results_anchor(project),
    ))


def results_anchor(project: Project) -> str:
    """Return the printed label of the project's newest publication or finalisation anchor."""
    return audit.anchor_label(audit.latest_anchor(project.id, ("PUBLICATION", "FINALISATION")))


def publication_xlsx_bytes(project: Project, *, now: datetime) -> bytes:
    """Return the 公示 list as a workbook."""
    listing = get_publication(project, now=now)
    return offload(results_xlsx, [SheetRows(listing.project, _headers(listing), _cells(listing))],
                        audit_anchor=results_anchor(project))


def project_results_xlsx(project: Project, *, detail: bool, now: datetime) -> bytes:
    """Return a project's full results; with ``detail`` also every judge's mark per sheet."""
    listing = get_publication(project, now=now)
    sheets = [SheetRows(listing.project, _headers(listing), _cells(listing))]
    if detail:
        sheets.append(SheetRows(_("Judges' marks"), *_judge_rows(project)))
    return offload(results_xlsx, sheets, audit_anchor=results_anchor(project))


def _judge_rows(project: Project) -> tuple[list[str], list[list[object]]]:
    """Return every judge's latest mark per contestant and sheet."""
    board = leaderboard.get_board(project, leaderboard.View(leaderboard.STAFF))
    names = {r["registration_id"]: (r.get("code") or "", r.get("name", "")) for r in board["rows"]}
    rows = db.session.execute(
        select(ScoreEvent, Aspect.code, Component.code, User.username)
        .outerjoin(Aspect, Aspect.id == ScoreEvent.aspect_id)
        .outerjoin(Component, Component.id == ScoreEvent.component_id)
        .join(User, User.id == ScoreEvent.judge_id)
        .where(ScoreEvent.registration_id.in_(list(names) or [0]))
        .order_by(ScoreEvent.id)
    )
    latest: dict[tuple[int, str, str], tuple[ScoreEvent, int]] = {}
    count: dict[tuple[int, str, str], int] = {}
    for event, aspect_code, component_code, username in rows:
        key = (event.registration_id, aspect_code or component_code or "", username)
        count[key] = count.get(key, 0) + 1
        latest[key] = (event, count[key])
    headers = [_("Code"), _("Name"), _("Sheet"), _("Judge"), _("Mark"), _("Entries"),
               _("Entered at")]
    out: list[list[object]] = []
    for (rid, sheet, judge), (event, entries) in sorted(
            latest.items(), key=lambda item: (names[item[0][0]], item[0][1], item[0][2])):
        code, name = names[rid]
        out.append([code, name, sheet, judge, event.value, entries, _local(event.server_time)])
    return headers, out


def competition_results_xlsx(competition: Competition, *, detail: bool, now: datetime) -> bytes:
    """Return a competition's results: a summary sheet, then one sheet per project."""
    projects = list(db.session.scalars(
        select(Project).where(Project.competition_id == competition.id).order_by(Project.id)))
    summary_headers = [_("Project"), _("Rank"), _("Name"), _("Organization"), _("Total"),
                       _("Award"), _("Status")]
    summary: list[list[object]] = []
    sheets = []
    for project in projects:
        listing = get_publication(project, now=now)
        for row in listing.rows:
            summary.append([project.name, row.rank, row.name, row.organization, row.total,
                            labels.label(row.award, "award"),
                            labels.label(listing.status, "board_status")])
        sheets.append(SheetRows(f"{project.id} {project.name}", _headers(listing),
                                _cells(listing)))
        if detail:
            sheets.append(SheetRows(f"{project.id} {_('Judges')}", *_judge_rows(project)))
    return offload(results_xlsx, [SheetRows(competition.name, summary_headers, summary), *sheets])
