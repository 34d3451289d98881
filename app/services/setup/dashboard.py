"""Read-only summaries for the role home page (/home): one card per role held."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import case, func, select

from app.extensions import db
from app.models import (
    Appeal,
    Certificate,
    Competition,
    JudgeAssignment,
    Project,
    Promotion,
    Qualification,
    Registration,
    User,
)
from app.services.common.local_time import local_date
from app.services.common.scope import managed_competition_ids
from app.services.setup.dashboard_progress import CompetitionProgress, competition_progress

ADMIN = "ADMIN"
# Registration statuses in lifecycle order (DOMAIN §3), so counts read left to right.
STATUS_ORDER = ("SUBMITTED", "APPROVED", "CHECKED_IN", "COMPETED", "QUALIFIED", "REJECTED",
                "WITHDRAWN", "DISQUALIFIED")
# Appeals not yet decided (DOMAIN §8: SUBMITTED → ACCEPTED → UPHELD | DISMISSED).
OPEN_APPEAL_STATES = ("SUBMITTED", "ACCEPTED")


@dataclass(frozen=True)
class CompetitionSummary:
    """A competition an organizer runs, with its registrations counted by status."""

    id: int
    name: str
    year: int
    tier: str
    project_count: int
    registrations_by_status: dict[str, int]

    @property
    def registration_total(self) -> int:
        """Return the number of registrations in every status."""
        return sum(self.registrations_by_status.values())


@dataclass(frozen=True)
class AssignedProject:
    """A project a judge or chief judge is assigned to."""

    project_id: int
    project_name: str
    competition_name: str
    role: str
    result_status: str
    scores_locked: bool
    #: The contest's first day, so a project not yet begun does not read as in progress.
    starts_on: date | None = None


@dataclass(frozen=True)
class MyRegistration:
    """One of the contestant's own registrations."""

    id: int
    project_name: str
    competition_name: str
    status: str
    ticket_no: str | None


@dataclass(frozen=True)
class PendingPlace:
    """A place the contestant won in a higher-tier contest, awaiting their answer."""

    id: int
    rank: int
    target: str  # "<competition> · <project>"


@dataclass(frozen=True)
class Totals:
    """System-wide counts for administrators."""

    users: int
    competitions: int
    projects: int
    registrations: int
    certificates: int


@dataclass(frozen=True)
class Dashboard:
    """Everything the role home shows; a field is None when the user lacks the role."""

    roles: tuple[str, ...]
    competitions: list[CompetitionSummary] | None = None
    judging: list[AssignedProject] | None = None
    registrations: list[MyRegistration] | None = None
    pending_places: list[PendingPlace] | None = None
    proposed_promotions: int | None = None
    open_appeals: int | None = None
    totals: Totals | None = None
    #: Competition id → live progress per step (app.services.setup.dashboard_progress).
    progress: dict[int, CompetitionProgress] | None = None


def get_dashboard(user_id: int, *, limit: int = 10) -> Dashboard:
    """Build the role home for a user: one section per role they hold (admins see all)."""
    user = db.session.get(User, user_id)
    if user is None:
        return Dashboard(roles=())
    roles = {assignment.role for assignment in user.roles}
    admin = ADMIN in roles

    def has_any(*wanted: str) -> bool:
        return admin or bool(roles.intersection(wanted))

    competitions = list_organizer_competitions(user, limit=limit) if has_any("ORGANIZER") else None
    return Dashboard(
        roles=tuple(sorted(roles)),
        competitions=competitions,
        progress=(competition_progress([c.id for c in competitions])
                  if competitions is not None else None),
        judging=(
            list_judge_projects(user_id, limit=limit) if has_any("JUDGE", "CHIEF_JUDGE") else None
        ),
        registrations=(
            list_my_registrations(user.person_id, limit=limit) if has_any("CONTESTANT") else None
        ),
        pending_places=list_pending_places(user.person_id) if has_any("CONTESTANT") else None,
        proposed_promotions=count_proposed_promotions() if has_any("APPROVER") else None,
        open_appeals=count_open_appeals() if has_any("ARBITRATOR") else None,
        totals=get_totals() if admin else None,
    )


def list_organizer_competitions(user: Any, *, limit: int = 10) -> list[CompetitionSummary]:
    """List the latest competitions in the user's organizer scope, with registration counts."""
    query = select(Competition).order_by(Competition.starts_on.desc(), Competition.id.desc())
    scope = managed_competition_ids(user)
    if scope is not None:
        if not scope:
            return []
        query = query.where(Competition.id.in_(scope))
    competitions = db.session.scalars(query.limit(limit)).all()
    ids = [c.id for c in competitions]
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    projects: dict[int, int] = {}
    if ids:
        rows = db.session.execute(
            select(Project.competition_id, Registration.status, func.count(Registration.id))
            .join(Project, Registration.project_id == Project.id)
            .where(Project.competition_id.in_(ids))
            .group_by(Project.competition_id, Registration.status)
        )
        for competition_id, status, n in rows:
            counts[competition_id][status] = n
        rows = db.session.execute(
            select(Project.competition_id, func.count(Project.id))
            .where(Project.competition_id.in_(ids))
            .group_by(Project.competition_id)
        )
        projects = {competition_id: n for competition_id, n in rows}
    return [
        CompetitionSummary(
            id=c.id,
            name=c.name,
            year=c.year,
            tier=c.tier,
            project_count=projects.get(c.id, 0),
            registrations_by_status=_in_lifecycle_order(counts[c.id]),
        )
        for c in competitions
    ]


#: How many assigned projects the judging page and its API list (the home card shows fewer).
ALL_ASSIGNED = 200


def list_judge_projects(user_id: int, *, limit: int = 10) -> list[AssignedProject]:
    """List the projects the user is assigned to judge: those still being scored first, the
    earliest contest first (today's before next month's), then the locked ones, latest first."""
    locked = Project.scores_locked_at.is_not(None)
    rows = db.session.execute(
        select(JudgeAssignment.role, Project, Competition.name, Competition.starts_on)
        .join(Project, JudgeAssignment.project_id == Project.id)
        .join(Competition, Project.competition_id == Competition.id)
        .where(JudgeAssignment.user_id == user_id)
        .order_by(case((locked, 1), else_=0), case((locked, None), else_=Competition.starts_on),
                  Competition.starts_on.desc(), Project.id)
        .limit(limit)
    )
    return [
        AssignedProject(
            project_id=project.id,
            project_name=project.name,
            competition_name=competition_name,
            role=role,
            result_status=project.result_status,
            scores_locked=project.scores_locked_at is not None,
            starts_on=(local_date(project.starts_at) if project.starts_at is not None
                       else starts_on),
        )
        for role, project, competition_name, starts_on in rows
    ]


def list_my_registrations(person_id: int | None, *, limit: int = 10) -> list[MyRegistration]:
    """List a person's registrations, newest first (none when the account has no person)."""
    if person_id is None:
        return []
    rows = db.session.execute(
        select(Registration, Project.name, Competition.name)
        .join(Project, Registration.project_id == Project.id)
        .join(Competition, Project.competition_id == Competition.id)
        .where(Registration.person_id == person_id)
        .order_by(Registration.submitted_at.desc(), Registration.id.desc())
        .limit(limit)
    )
    return [
        MyRegistration(
            id=registration.id,
            project_name=project_name,
            competition_name=competition_name,
            status=registration.status,
            ticket_no=registration.ticket_no,
        )
        for registration, project_name, competition_name in rows
    ]


def list_pending_places(person_id: int | None) -> list[PendingPlace]:
    """List the places a person won to the next tier that still await confirmation."""
    if person_id is None:
        return []
    rows = db.session.execute(
        select(Qualification, Project.name, Competition.name)
        .join(Registration, Qualification.registration_id == Registration.id)
        .join(Project, Qualification.target_project_id == Project.id)
        .join(Competition, Project.competition_id == Competition.id)
        .where(Registration.person_id == person_id, Qualification.state == "QUALIFIED")
        .order_by(Qualification.id.desc())
    )
    return [PendingPlace(id=q.id, rank=q.rank, target=f"{competition} · {project}")
            for q, project, competition in rows]


def count_proposed_promotions() -> int:
    """Count grade promotions waiting for an approver's decision."""
    return _count(select(func.count(Promotion.id)).where(Promotion.state == "PROPOSED"))


def count_open_appeals() -> int:
    """Count appeals the arbitration panel has not yet decided."""
    return _count(select(func.count(Appeal.id)).where(Appeal.state.in_(OPEN_APPEAL_STATES)))


def get_totals() -> Totals:
    """Count users, competitions, projects, registrations and certificates."""
    return Totals(
        users=_count(select(func.count(User.id))),
        competitions=_count(select(func.count(Competition.id))),
        projects=_count(select(func.count(Project.id))),
        registrations=_count(select(func.count(Registration.id))),
        certificates=_count(select(func.count(Certificate.id))),
    )


def _in_lifecycle_order(counts: dict[str, int]) -> dict[str, int]:
    """Order status counts as the lifecycle runs; unknown statuses go last."""

    def rank(status: str) -> int:
        return STATUS_ORDER.index(status) if status in STATUS_ORDER else len(STATUS_ORDER)

    return {status: counts[status] for status in sorted(counts, key=lambda s: (rank(s), s))}


def _count(query) -> int:  # noqa: ANN001
    return int(db.session.scalar(query) or 0)
