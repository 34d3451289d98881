"""A competition's public page: its projects' boards and a medal table by organization/region."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select

from app.extensions import db
from app.models import Competition, Project
from app.services.boards.leaderboard import MEDALS, PRIZES, get_board, public_view_of

#: Columns of the medal table, best first (medals, then prizes, then merit).
TALLY = (*MEDALS, *PRIZES, "MERIT")


@dataclass
class TallyRow:
    """One organization's (or region's) awards, counted over the visible boards."""

    name: str
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def order(self) -> tuple[Any, ...]:
        return (*(-self.counts.get(a, 0) for a in TALLY), self.name)


@dataclass(frozen=True, slots=True)
class ProjectSummary:
    """A project as the competition page lists it."""

    project: Project
    status: str
    visibility: str
    entries: int
    done: int
    total: int
    leader: dict[str, Any] | None


@dataclass(frozen=True, slots=True)
class CompetitionBoard:
    """The competition page: its projects and the medal tables."""

    competition: Competition
    projects: list[ProjectSummary]
    by_organization: list[TallyRow]
    by_region: list[TallyRow]
    columns: tuple[str, ...]
    # 暂定: some counted project is published but not yet final.
    provisional: bool = False


def list_public_competitions() -> list[Competition]:
    """Return the competitions that have projects, newest first."""
    return list(db.session.scalars(
        select(Competition).where(Competition.projects.any())
        .order_by(Competition.year.desc(), Competition.starts_on.desc(), Competition.id.desc())
    ))


def get_competition_board(competition: Competition, *, now: datetime) -> CompetitionBoard:
    """Return the projects' summaries and the medal tables over the published projects."""
    projects = list(db.session.scalars(
        select(Project).where(Project.competition_id == competition.id).order_by(Project.id)))
    organizations: dict[str, TallyRow] = {}
    regions: dict[str, TallyRow] = {}
    summaries = []
    provisional = False
    for project in projects:
        board = get_board(project, public_view_of(project, now), now=now)
        rows = board["rows"]
        leader = rows[0] if rows and board["visibility"] == "LIVE" and rows[0].get("rank") else None
        summaries.append(ProjectSummary(project, board["status"], board["visibility"],
                                        board["entries"], board["progress"]["done"],
                                        board["progress"]["total"], leader))
        # Only published results count (never live or locked-but-unpublished prizes).
        if board["status"] not in ("PUBLISHED", "OBJECTION_CLOSED", "FINAL"):
            continue
        provisional = provisional or board["status"] != "FINAL"
        for row in rows:
            award = row.get("award")
            if not award or award not in TALLY:
                continue
            org = row.get("organization") or "—"
            organizations.setdefault(org, TallyRow(org)).counts[award] += 1
            region = row.get("region") or "—"
            regions.setdefault(region, TallyRow(region)).counts[award] += 1
    used = tuple(a for a in TALLY
                 if any(r.counts.get(a) for r in organizations.values()))
    return CompetitionBoard(
        competition=competition,
        projects=summaries,
        by_organization=sorted(organizations.values(), key=TallyRow.order),
        by_region=sorted(regions.values(), key=TallyRow.order),
        columns=used,
        provisional=provisional,
    )
