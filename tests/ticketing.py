"""Test data for tickets, check-in and the lot draw: a contest, its people, their tickets."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from itertools import count
from typing import Any

from app.extensions import db
from app.models import (
    Competition,
    Occupation,
    Organization,
    Person,
    Project,
    Registration,
    RoleAssignment,
    User,
)
from app.services.tickets import assign_ticket
from tests.factories import create_user
from tests.fixtures import people

_seq = count(1)
NOW = datetime(2026, 6, 1, 0, 30, tzinfo=UTC)


def id_number(serial: int) -> str:
    """Return a valid 居民身份证 number, distinct per serial, born 1990-01-01 like the person."""
    return people.id_number(date(1990, 1, 1), serial=serial)


@dataclass
class Contest:
    """A municipal contest with two projects, an organizer body and an employer."""

    body: Organization
    employer: Organization
    competition: Competition
    project: Project
    other_project: Project
    people: list[Person] = field(default_factory=list)


def make_contest(name: str = "2026年市职业技能大赛") -> Contest:
    """Create an organizer body, a competition and two projects (焊工, 电工)."""
    n = next(_seq)
    body = Organization(name=f"市人社局{n}", kind="ORGANIZER")
    employer = Organization(name=f"某机械有限公司{n}", kind="EMPLOYER")
    welder = Occupation(code=f"6-18-02-04-{n}", name="焊工")
    electrician = Occupation(code=f"6-31-01-03-{n}", name="电工")
    db.session.add_all([body, employer, welder, electrician])
    db.session.flush()
    competition = Competition(
        name=name, tier="MUNICIPAL", category="CLASS_2", year=2026, organizer_id=body.id,
        starts_on=date(2026, 6, 1), ends_on=date(2026, 6, 2),
    )
    db.session.add(competition)
    db.session.flush()

    def project(occupation: Occupation, label: str) -> Project:
        row = Project(
            competition_id=competition.id, occupation_id=occupation.id, group="EMPLOYEE",
            name=label, venue="市技师学院实训楼", award_scheme="RATIO",
            starts_at=datetime(2026, 6, 1, 0, 30, tzinfo=UTC),
            ends_at=datetime(2026, 6, 1, 3, 30, tzinfo=UTC),
        )
        db.session.add(row)
        return row

    contest = Contest(body, employer, competition, project(welder, "焊工（职工组）"),
                      project(electrician, "电工（职工组）"))
    db.session.commit()
    return contest


def make_registration(project: Project, *, name: str = "张伟", status: str = "APPROVED",
                      organization: Organization | None = None) -> Registration:
    """Register a new person in a project; approved-or-later ones get a ticket."""
    serial = next(_seq)
    person = Person(name=name, id_number=id_number(serial), gender="M",
                    birth_date=date(1990, 1, 1), organization=organization)
    registration = Registration(project=project, person=person, group=project.group,
                                status=status, organization=organization)
    db.session.add(registration)
    db.session.flush()
    if status in ("APPROVED", "CHECKED_IN", "COMPETED"):
        assign_ticket(registration)
    db.session.commit()
    return registration


def make_organizer(body: Organization, **fields: Any) -> User:
    """Create an organizer scoped to an organizing body."""
    user = create_user(**fields)
    user.roles.append(RoleAssignment(role="ORGANIZER", organization_id=body.id))
    db.session.commit()
    return user


def make_contestant_user(registration: Registration) -> User:
    """Create a contestant account linked to the registration's person."""
    user = create_user("CONTESTANT", person_id=registration.person_id)
    return user
