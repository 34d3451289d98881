"""A small judged project for the judging, standings, realtime and API tests.

Theory T (0.3, entered whole by the chief judge) and practical P (0.7): A1.1 measurement (40,
full or 0 or 20), A1.2 judgement (30, three judges), B1.1 panel 0–30 (three judges, mean).
Contestant 3 works where judge 3 works, so judge 3 must recuse from them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

NOW = datetime(2026, 5, 20, 9, 0, tzinfo=UTC)


@dataclass
class Contest:
    """Handles to the rows of a built project."""

    project: Any
    theory: Any
    practical: Any
    m: Any
    j: Any
    panel: Any
    chief: Any
    judges: list[Any]
    organizer: Any
    registrations: list[Any] = field(default_factory=list)


def new_id() -> str:
    """Return a fresh client event id."""
    return str(uuid.uuid4())


_counter = iter(range(1, 10**6))


def build_contest(*, contestants: int = 3, checked_in: bool = True, status: str = "CHECKED_IN",
                  visibility: str = "LIVE") -> Contest:
    """Create organizations, people, a competition and a fully seated project; commit."""
    from app.extensions import db
    from app.models import (
        Aspect,
        Competition,
        Component,
        Criterion,
        JudgeAssignment,
        Occupation,
        Organization,
        PanelSeat,
        Person,
        Project,
        Registration,
        RoleAssignment,
        SubCriterion,
    )
    from tests.factories import create_user

    n = next(_counter)
    body = Organization(name=f"人社局{n}", kind="ORGANIZER")
    plants = [Organization(name=f"工厂{n}-{i}", kind="EMPLOYER") for i in range(contestants + 3)]
    occupation = Occupation(code=f"OCC{n}", name="焊工")
    db.session.add_all([body, occupation, *plants])
    db.session.flush()
    competition = Competition(
        name=f"赛事{n}", tier="MUNICIPAL", category="CLASS_1", year=2026, organizer_id=body.id,
        starts_on=date(2026, 5, 20), ends_on=date(2026, 5, 21), public_visibility=visibility,
        region="天津市", is_municipality=True,  # the 直辖市 presets the outcome tests use
    )
    db.session.add(competition)
    db.session.flush()
    project = Project(competition_id=competition.id, occupation_id=occupation.id,
                      group="EMPLOYEE", name=f"焊工{n}", award_scheme="MEDALS_PLUS_MERIT")
    db.session.add(project)
    db.session.flush()
    theory = Component(project_id=project.id, code="T", kind="THEORY", name="理论知识",
                       weight=Decimal("0.3"), position=0)
    practical = Component(project_id=project.id, code="P", kind="PRACTICAL", name="技能操作",
                          weight=Decimal("0.7"), position=1)
    m = Aspect(code="A1.1", kind="M", max_mark=Decimal(40), description="尺寸",
               descriptors=[{"value": "40"}, {"value": "20"}, {"value": "0"}])
    j = Aspect(code="A1.2", kind="J", max_mark=Decimal(30), description="外观",
               descriptors=[{"score": s, "text": f"描述{s}"} for s in range(4)])
    panel = Aspect(code="B1.1", kind="PANEL", max_mark=Decimal(30), aggregation="mean",
                   description="工艺")
    practical.criteria = [
        Criterion(code="A", name="质量", sub_criteria=[SubCriterion(code="A1", name="焊缝",
                                                                  aspects=[m, j])]),
        Criterion(code="B", name="工艺", sub_criteria=[SubCriterion(code="B1", name="过程",
                                                                  aspects=[panel])]),
    ]
    db.session.add_all([theory, practical])
    db.session.flush()

    def person(name: str, org: Any) -> Any:
        row = Person(name=name, id_number=f"ID{n:06d}{next(_counter):08d}", gender="M",
                     birth_date=date(1990, 1, 1), organization_id=org.id)
        db.session.add(row)
        db.session.flush()
        return row

    chief_person = person("裁判长", plants[-1])
    chief = create_user("CHIEF_JUDGE", username=f"chief{n}", person_id=chief_person.id)
    judges = []
    for i in range(3):
        # Judge 3 (index 2) works at contestant 3's plant (index 2).
        org = plants[2] if i == 2 else plants[-2 if i == 0 else -3]
        judges.append(create_user("JUDGE", username=f"judge{n}-{i + 1}",
                                  person_id=person(f"裁判{i + 1}", org).id))
    organizer = create_user("ORGANIZER", username=f"org{n}")
    organizer.roles[0].organization_id = body.id
    db.session.add(RoleAssignment(user_id=chief.id, role="JUDGE"))
    chief_assignment = JudgeAssignment(project_id=project.id, user_id=chief.id,
                                       role="CHIEF_JUDGE")
    chief_assignment.panel = [PanelSeat(component_id=theory.id)]
    db.session.add(chief_assignment)
    for i, judge in enumerate(judges):
        assignment = JudgeAssignment(project_id=project.id, user_id=judge.id, role="JUDGE")
        seats = [PanelSeat(aspect_id=j.id), PanelSeat(aspect_id=panel.id)]
        if i == 0:
            seats.append(PanelSeat(aspect_id=m.id))
        assignment.panel = seats
        db.session.add(assignment)
    contest = Contest(project, theory, practical, m, j, panel, chief, judges, organizer)
    for i in range(contestants):
        registration = Registration(
            project_id=project.id, person_id=person(f"选手{i + 1}", plants[i]).id,
            group="EMPLOYEE", status=status if checked_in else "APPROVED",
            anonymous_code=f"J{i + 1:03d}", station_no=i + 1,
        )
        db.session.add(registration)
        contest.registrations.append(registration)
    db.session.commit()
    return contest


def score_all(contest: Contest, *, skip_recused: bool = True) -> None:
    """Enter a complete, unflagged set of scores for every contestant (through the service)."""
    from app.services.judging import submit_score

    for k, registration in enumerate(contest.registrations):
        submit_score(client_id=new_id(), judge=contest.chief, registration_id=registration.id,
                     component_id=contest.theory.id, value=80 + k, now=NOW)
        submit_score(client_id=new_id(), judge=contest.judges[0], registration_id=registration.id,
                     aspect_id=contest.m.id, value=40, now=NOW)
        for i, judge in enumerate(contest.judges):
            if skip_recused and i == 2 and k == 2:
                continue
            submit_score(client_id=new_id(), judge=judge, registration_id=registration.id,
                         aspect_id=contest.j.id, value=2, now=NOW)
            submit_score(client_id=new_id(), judge=judge, registration_id=registration.id,
                         aspect_id=contest.panel.id, value=20 + k % 10, now=NOW)
