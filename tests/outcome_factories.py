"""Factories for outcome tests: a competition with a FINAL project and its outcome rows.

Rows are created directly (not through finalisation), as the promotion and certificate
services must work on rows however they were made.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from itertools import count
from typing import Any

from app.extensions import db
from app.models import (
    Award,
    Competition,
    EntryResult,
    Occupation,
    Organization,
    Person,
    PersonGrade,
    Project,
    Promotion,
    Registration,
    RoleAssignment,
    TitleAward,
)
from tests.factories import create_user
from tests.fixtures import people

_seq = count(1)
NOW = datetime(2026, 7, 1, 9, 0, tzinfo=UTC)


def id_number(n: int) -> str:
    """Return a valid 18-character ID number, distinct for each n, born 1990-01-01."""
    return people.id_number(date(1990, 1, 1), region="120101", serial=n)


def organization(name: str | None = None, **fields: Any) -> Organization:
    """Create an organizing body."""
    org = Organization(name=name or f"人社局{next(_seq)}", kind=fields.pop("kind", "ORGANIZER"),
                       **fields)
    db.session.add(org)
    db.session.flush()
    return org


def occupation(name: str = "电工") -> Occupation:
    """Return the occupation called `name`, creating it once."""
    found = db.session.query(Occupation).filter_by(name=name).first()
    if found:
        return found
    row = Occupation(code=f"6-31-{next(_seq):02d}", name=name)
    db.session.add(row)
    db.session.flush()
    return row


def competition(org: Organization | None = None, *, issuer: bool = True, year: int = 2026,
                ends_on: date = date(2026, 6, 2), **fields: Any) -> Competition:
    """Create a municipal competition, with a grade-certificate issuer unless told not to."""
    comp = Competition(
        name=fields.pop("name", f"{year}年市职业技能大赛{next(_seq)}"), tier="MUNICIPAL",
        category="CLASS_1", year=year, organizer_id=(org or organization()).id,
        starts_on=ends_on, ends_on=ends_on,
        issuer_kind="S" if issuer else "", issuer_body_code="1301" if issuer else "",
        issuer_province_code="13" if issuer else "",
        issuer_site_serial="000126" if issuer else "", **fields)
    db.session.add(comp)
    db.session.flush()
    return comp


def project(comp: Competition, *, occ: Occupation | None = None, final: bool = True,
            **fields: Any) -> Project:
    """Create a project of `comp`, FINAL by default."""
    occ = occ or occupation()
    row = Project(competition_id=comp.id, occupation_id=occ.id, group="EMPLOYEE",
                  name=fields.pop("name", occ.name), award_scheme="PERCENT_PRIZES",
                  result_status="FINAL" if final else "PROVISIONAL",
                  finalized_at=NOW if final else None, **fields)
    db.session.add(row)
    db.session.flush()
    return row


def person(name: str = "张三", *, grade: str | None = None,
           occ: Occupation | None = None) -> Person:
    """Create a person, optionally holding `grade` in `occ` since 2020."""
    n = next(_seq)
    row = Person(name=name, id_number=id_number(n), gender="M", birth_date=date(1990, 1, 1))
    db.session.add(row)
    db.session.flush()
    if grade:
        db.session.add(PersonGrade(person_id=row.id, occupation_id=(occ or occupation()).id,
                                   grade=grade, source="CERTIFICATE",
                                   obtained_on=date(2020, 1, 1)))
        db.session.flush()
    return row


def registration(proj: Project, who: Person, *, status: str = "COMPETED",
                 rank: int | None = None) -> Registration:
    """Enter `who` in `proj`; with a rank, also store a finished result."""
    reg = Registration(project_id=proj.id, person_id=who.id, group=proj.group, status=status)
    db.session.add(reg)
    db.session.flush()
    if rank is not None:
        db.session.add(EntryResult(registration_id=reg.id, project_id=proj.id,
                                   finish_status="FINISHED", rank=rank))
        db.session.flush()
    return reg


def award(reg: Registration, code: str = "FIRST_PRIZE", rank: int = 1) -> Award:
    """Give a registration an award."""
    row = Award(registration_id=reg.id, award=code, rank=rank)
    db.session.add(row)
    db.session.flush()
    return row


def title(reg: Registration, name: str = "市技术能手", state: str = "ELIGIBLE_TO_APPLY"
          ) -> TitleAward:
    """Give a registration a title eligibility."""
    row = TitleAward(registration_id=reg.id, title=name, state=state)
    db.session.add(row)
    db.session.flush()
    return row


def promotion(reg: Registration, *, before: str = "L3", after: str = "L2",
              state: str = "PROPOSED", rank: int = 2, year: int | None = None) -> Promotion:
    """Propose a promotion for a registration, with an explanation like the engine's."""
    proj = db.session.get(Project, reg.project_id)
    explanation = {
        "rule_set": "MUNICIPALITY_CLASS_1", "row_index": 0, "row_band": "1-10", "rank": rank,
        "n": 20, "group": "EMPLOYEE", "occupation": str(proj.occupation_id),
        "grade_before": before, "proposed_grade": after, "grade_after": after,
        "outcome": "PROMOTED",
        "gates": [{"gate": "FINAL", "passed": True, "code": "promotion.final",
                   "message": "成绩已终审", "params": {}, "field": None},
                  {"gate": "PASSED", "passed": True, "code": "promotion.passed",
                   "message": "各模块成绩均达到合格线", "params": {}, "field": None}],
    }
    row = Promotion(registration_id=reg.id, person_id=reg.person_id,
                    occupation_id=proj.occupation_id,
                    year=year or proj.competition.year, action="TARGET", grade_before=before,
                    grade_after=after, state=state, explanation=explanation)
    db.session.add(row)
    db.session.flush()
    return row


def user_with(*roles: str, person_id: int | None = None, organization_id: int | None = None,
              competition_id: int | None = None, username: str | None = None) -> Any:
    """Create a user holding `roles`, each scoped as given."""
    user = create_user(username=username, person_id=person_id)
    user.roles = [RoleAssignment(role=role, organization_id=organization_id,
                                 competition_id=competition_id) for role in roles]
    db.session.commit()
    return user
