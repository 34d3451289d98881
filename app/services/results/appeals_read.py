"""Reading appeals: the contestant's own, the arbitrators' list and one appeal's case file."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, false, select
from sqlalchemy.orm import selectinload

from app.documents.workbooks import rows_xlsx
from app.extensions import db
from app.models import (
    Appeal,
    Aspect,
    AuditEntry,
    Component,
    Person,
    Project,
    Registration,
    ScoreEvent,
    User,
)
from app.security import Role, has_role
from app.services.boards import leaderboard
from app.services.boards.board_errors import BoardError
from app.services.common import labels, list_query, local_time, scope
from app.services.common.access import Need, get_appeal
from app.services.common.offload import offload
from app.services.results.appeals import (
    appeal_deadline,
    objection_deadline,
    recusal_of,
)
from app.services.results.result_flow import FINISHED, ResultState, project_state
from app.services.scoring import audit


@dataclass(frozen=True, slots=True)
class AppealItem:
    """An appeal in a list, with whether the viewer must recuse."""

    appeal: Appeal
    project: Project
    contestant: str
    recused: list[str]


@dataclass(frozen=True, slots=True)
class AppealCase:
    """What an arbitrator sees: the appeal, the entry's scores and standing, the audit trail."""

    appeal: Appeal
    project: Project
    contestant: str
    organization: str
    aspect: str
    standing: dict[str, Any] | None
    scores: list[dict[str, Any]]
    trail: list[AuditEntry]


@dataclass(frozen=True, slots=True)
class Appealable:
    """One of the contestant's registrations and until when each channel is open.

    ``deadline``/``appeal_open``: the score appeal (申诉) after the contest;
    ``objection_deadline``/``objection_open``: the objection (异议) during the 公示.
    """

    registration: Registration
    project: Project
    deadline: datetime | None
    open: bool
    aspects: list[tuple[int, str]]
    appeal_open: bool = False
    objection_deadline: datetime | None = None
    objection_open: bool = False


def _name(registration: Registration) -> str:
    return registration.team_name or registration.person.name


def list_my_appealable(user: User, *, now: datetime) -> list[Appealable]:
    """Return the user's registrations that competed, with each one's appeal deadline."""
    if user.person_id is None:
        return []
    registrations = db.session.scalars(
        select(Registration)
        .where(Registration.person_id == user.person_id,
               Registration.status.in_(("CHECKED_IN", "COMPETED", "DISQUALIFIED", "QUALIFIED")))
        .order_by(Registration.id.desc())
    )
    out = []
    for registration in registrations:
        project = registration.project
        deadline = appeal_deadline(project)
        state = project_state(project, now)
        appeal_open = state not in FINISHED and (deadline is None or now <= deadline)
        objection_open = state is ResultState.PUBLISHED
        out.append(Appealable(registration, project, deadline, appeal_open or objection_open,
                              _aspects(project.id), appeal_open=appeal_open,
                              objection_deadline=objection_deadline(project),
                              objection_open=objection_open))
    return out


def _aspects(project_id: int) -> list[tuple[int, str]]:
    from app.models import Criterion, SubCriterion

    rows = db.session.execute(
        select(Aspect.id, Aspect.code, Aspect.description)
        .join(SubCriterion, SubCriterion.id == Aspect.sub_criterion_id)
        .join(Criterion, Criterion.id == SubCriterion.criterion_id)
        .join(Component, Component.id == Criterion.component_id)
        .where(Component.project_id == project_id)
        .order_by(Aspect.code)
    )
    return [(aid, f"{code} {desc}".strip()) for aid, code, desc in rows]


def list_my_appeals(user: User) -> list[Appeal]:
    """Return the appeals the user filed, newest first."""
    return list(db.session.scalars(
        select(Appeal).where(Appeal.filed_by_id == user.id).order_by(Appeal.id.desc())))


def list_appeals(user: User, *, project_id: int | None = None) -> list[AppealItem]:
    """Return appeals for an arbitrator (all, recusals marked) or an organizer (their projects),
    open ones first."""
    query = _visible_appeals(user).order_by(
        Appeal.state.in_(leaderboard.OPEN_APPEAL_STATES).desc(), Appeal.id.desc())
    if project_id is not None:
        query = query.where(Appeal.project_id == project_id)
    return _items(user, list(db.session.scalars(query).unique()))


def _appeal_search(text: str) -> Any:
    """Contestant or team name, appeal number or admission ticket."""
    number = list_query.number_in(text)
    return list_query.any_of(
        list_query.contains(Person.name, text), list_query.contains(Registration.team_name, text),
        list_query.contains(Registration.ticket_no, text),
        Appeal.id == number if number is not None else None)


APPEAL_SPEC = list_query.ListSpec(
    sorts={
        "id": list_query.SortKey((Appeal.id,)),
        "filed_at": list_query.SortKey((Appeal.filed_at,)),
        "state": list_query.SortKey((Appeal.state,)),
        "project": list_query.SortKey((Project.name,)),
        "ticket_no": list_query.SortKey((Registration.ticket_no,), natural=True),
    },
    default_sort="id", default_descending=True, tiebreak=Appeal.id, search=_appeal_search,
    status=Appeal.state, project=Appeal.project_id, organization=Registration.organization_id,
)


def _visible_appeals(user: User) -> Select[Any]:
    """Appeals the user may list: every one for an arbitrator, their projects' for organizers.

    The same reach as list_appeals (arbitrator: all; organizer: judging_access.can_manage,
    i.e. the projects of the competitions scope.managed_competition_ids returns).
    """
    query = (select(Appeal).join(Registration, Registration.id == Appeal.registration_id)
             .join(Person, Person.id == Registration.person_id)
             .join(Project, Project.id == Appeal.project_id)
             .options(selectinload(Appeal.registration).selectinload(Registration.person)))
    if has_role(user, Role.ARBITRATOR):
        return query
    if not has_role(user, Role.ORGANIZER):
        return query.where(false())
    managed = scope.managed_competition_ids(user)
    return query if managed is None else query.where(
        Project.competition_id.in_(managed or {-1}))


def _items(user: User, appeals: Sequence[Appeal]) -> list[AppealItem]:
    arbitrator = has_role(user, Role.ARBITRATOR)
    out = []
    for appeal in appeals:
        project = db.session.get(Project, appeal.project_id)
        assert project is not None
        out.append(AppealItem(appeal, project, _name(appeal.registration),
                              recusal_of(user, appeal) if arbitrator else []))
    return out


def page_appeals(user: User, wanted: list_query.ListFilter) -> tuple[Pagination, list[AppealItem]]:
    """Return one page of the appeals the user may list, filtered, with recusals."""
    page = list_query.page_of(_visible_appeals(user), APPEAL_SPEC, wanted)
    return page, _items(user, page.items)


def list_all_appeals(user: User, wanted: list_query.ListFilter) -> list[AppealItem]:
    """Return every appeal the user may list that matches (exports)."""
    return _items(user, list_query.everything(_visible_appeals(user), APPEAL_SPEC, wanted))


EXPORT_HEADERS = ("编号", "类别", "项目", "申诉人", "准考证号", "事由", "状态", "提交时间",
                  "处理意见")


def export_workbook(items: Sequence[AppealItem]) -> bytes:
    """Return appeals as .xlsx, in the list's order (names as the list shows them)."""
    return offload(rows_xlsx, "申诉", EXPORT_HEADERS, [
        [i.appeal.id, labels.chinese(i.appeal.kind, "appeal_kind"), i.project.name, i.contestant,
         i.appeal.registration.ticket_no or "", labels.chinese(i.appeal.subject, "appeal_subject"),
         labels.chinese(i.appeal.state, "appeal_state"), local_time.to_local(i.appeal.filed_at),
         i.appeal.decision_reason] for i in items])


def get_appeal_case(user: User, appeal_id: int) -> AppealCase:
    """Return an appeal's case file for an arbitrator who need not recuse."""
    appeal = get_appeal(user, appeal_id, Need.ARBITRATE)
    project = db.session.get(Project, appeal.project_id)
    assert project is not None
    registration = appeal.registration
    board = leaderboard.get_board(project, leaderboard.View(leaderboard.STAFF))
    standing = next((r for r in board["rows"] if r["registration_id"] == registration.id), None)
    aspect = db.session.get(Aspect, appeal.aspect_id) if appeal.aspect_id else None
    organization = registration.organization or registration.person.organization
    trail = [e for e in audit.list_entries(project_id=project.id, limit=300)]
    return AppealCase(
        appeal=appeal, project=project, contestant=_name(registration),
        organization=organization.name if organization else "",
        aspect=f"{aspect.code} {aspect.description}" if aspect else "",
        standing=standing, scores=_scores(registration.id), trail=trail,
    )


def _scores(registration_id: int) -> list[dict[str, Any]]:
    """Return every score event of the entry (re-marks included), oldest first."""
    rows = db.session.execute(
        select(ScoreEvent, Aspect.code, Component.code, User.username)
        .outerjoin(Aspect, Aspect.id == ScoreEvent.aspect_id)
        .outerjoin(Component, Component.id == ScoreEvent.component_id)
        .join(User, User.id == ScoreEvent.judge_id)
        .where(ScoreEvent.registration_id == registration_id)
        .order_by(ScoreEvent.id)
    )
    return [
        {"event_id": event.id, "sheet": aspect_code or component_code, "judge": username,
         "value": str(event.value), "at": event.server_time, "reason": event.reason}
        for event, aspect_code, component_code, username in rows
    ]


def get_attachment(user: User, appeal_id: int) -> tuple[str, bytes]:
    """Return an appeal's attachment for its filer, a non-recused arbitrator or an organizer."""
    appeal = get_appeal(user, appeal_id, Need.HOLD)
    if appeal.attachment is None:
        raise BoardError("appeal.not_found", field="appeal_id")
    return appeal.attachment_name or f"appeal-{appeal.id}.bin", appeal.attachment
