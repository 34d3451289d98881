"""A judged, locked, published project ready for finalisation, with chosen marks per contestant.

Built on tests.judging_setup (theory T 0.3 entered by the chief judge, practical P 0.7 with
A1.1 measurement 40, A1.2 judgement ×10, B1.1 panel 0–30). ``marks[k]`` = (theory, panel) for
contestant k; equal marks make an unresolved tie (ranks are not shared by default).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from itertools import count
from typing import Any

from tests.judging_setup import NOW, Contest, build_contest, new_id
from tests.outcome_factories import id_number

_people = count(200)
LOCK_AT = NOW + timedelta(hours=3)
PUBLISH_AT = NOW + timedelta(hours=4)
FINAL_AT = NOW + timedelta(days=8)


def enter_marks(contest: Contest, marks: list[tuple[int, int]]) -> None:
    """Enter a complete set of marks through the judging service."""
    from app.services.judging import submit_score

    for k, registration in enumerate(contest.registrations):
        theory, panel = marks[k]
        submit_score(client_id=new_id(), judge=contest.chief, registration_id=registration.id,
                     component_id=contest.theory.id, value=theory, now=NOW)
        submit_score(client_id=new_id(), judge=contest.judges[0], registration_id=registration.id,
                     aspect_id=contest.m.id, value=40, now=NOW)
        for i, judge in enumerate(contest.judges):
            if i == 2 and k == 2:
                continue  # judge 3 recuses from contestant 3
            submit_score(client_id=new_id(), judge=judge, registration_id=registration.id,
                         aspect_id=contest.j.id, value=2, now=NOW)
            submit_score(client_id=new_id(), judge=judge, registration_id=registration.id,
                         aspect_id=contest.panel.id, value=panel, now=NOW)


def ready_contest(marks: list[tuple[int, int]], *, preset: str = "MUNICIPALITY_CLASS_1",
                  publish: bool = True, feeds: Any = None, quota: int = 0) -> Contest:
    """Build, mark, lock and (by default) publish a project with the preset's rules."""
    from app.domain.presets import get_preset
    from app.extensions import db
    from app.services.chief_judge import lock_project
    from app.services.competition_rules import copy_preset_into
    from app.services.publication import publish_results

    contest = build_contest(contestants=len(marks))
    project = contest.project
    for registration in contest.registrations:
        # Real (checksummed) ID numbers, so eligibility in a fed project can be checked.
        registration.person.id_number = id_number(next(_people))
    copy_preset_into(project, get_preset(preset))
    if feeds is not None:
        project.advances_to_id, project.quota = feeds.id, quota
    db.session.commit()
    enter_marks(contest, marks)
    lock_project(contest.chief, project.id, now=LOCK_AT)
    if publish:
        publish_results(contest.organizer, project.id, now=PUBLISH_AT)
    return contest


def fed_project(contest: Contest, *, registration_closes: datetime | None = None) -> Any:
    """Create the provincial project the contest's project feeds (same occupation and group)."""
    from app.extensions import db
    from app.models import Competition, Project

    source = contest.project
    comp = Competition(
        name="省职业技能大赛", tier="PROVINCIAL", category="CLASS_1", year=2026,
        organizer_id=source.competition.organizer_id, starts_on=date(2026, 9, 1),
        ends_on=date(2026, 9, 2),
        registration_opens_at=datetime(2026, 8, 1, tzinfo=UTC),
        registration_closes_at=registration_closes or datetime(2026, 8, 20, tzinfo=UTC))
    db.session.add(comp)
    db.session.flush()
    target = Project(competition_id=comp.id, occupation_id=source.occupation_id,
                     group="EMPLOYEE", name="焊工（省赛）", award_scheme="PERCENT_PRIZES",
                     qualification_only=True)
    db.session.add(target)
    db.session.commit()
    return target


def outcome_snapshot(project_id: int) -> dict[str, Any]:
    """Return every outcome row of a project as plain data, for before/after comparisons."""
    from sqlalchemy import select

    from app.extensions import db
    from app.models import (
        AuditEntry,
        Award,
        EntryResult,
        Project,
        Promotion,
        Qualification,
        Registration,
        TitleAward,
    )

    db.session.expire_all()
    regs = list(db.session.scalars(select(Registration.id).where(
        Registration.project_id == project_id)))

    def rows(model: Any, *columns: str) -> list[tuple[Any, ...]]:
        found = db.session.scalars(select(model).where(model.registration_id.in_(regs))
                                   .order_by(model.id))
        return [tuple(_plain(getattr(r, c)) for c in ("id", *columns)) for r in found]

    project = db.session.get(Project, project_id)
    return {
        "project": (project.result_status, project.finalized_at),
        "results": rows(EntryResult, "finish_status", "component_scores", "total", "rank",
                        "award", "ws_score", "computed_at"),
        "awards": rows(Award, "award", "rank", "replaced_at", "replaced_reason"),
        "titles": rows(TitleAward, "title", "state", "replaced_at"),
        "promotions": rows(Promotion, "state", "grade_before", "grade_after", "explanation",
                           "superseded_by_id", "decision_reason"),
        "qualifications": rows(Qualification, "state", "rank", "target_registration_id"),
        "audit": db.session.scalar(select(db.func.count(AuditEntry.id))),
    }


def _plain(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value
