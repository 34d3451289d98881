"""The lifetime record (技能人才成长档案): a person's path across tiers, outcomes and grades."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import (
    Award,
    Certificate,
    Competition,
    EntryResult,
    Person,
    PersonGrade,
    PersonHonour,
    Project,
    Promotion,
    Qualification,
    Registration,
    TitleAward,
)
from app.services.common.access import Need, get_person


@dataclass
class Entry:
    """One registration with what came of it."""

    registration: Registration
    result: EntryResult | None = None
    awards: list[Award] = field(default_factory=list)
    titles: list[TitleAward] = field(default_factory=list)
    promotions: list[Promotion] = field(default_factory=list)
    qualifications: list[Qualification] = field(default_factory=list)
    certificates: list[Certificate] = field(default_factory=list)

    @property
    def competition(self) -> Competition:
        return self.registration.project.competition


@dataclass
class PersonRecord:
    """A person's whole record, oldest contest first, and their grade history."""

    person: Person
    entries: list[Entry]
    grades: list[PersonGrade]
    honours: list[PersonHonour] = field(default_factory=list)


def get_person_record(user: Any, person_id: int) -> PersonRecord:
    """Return a person's lifetime record, or raise NotFound when the user may not see it."""
    person = get_person(user, person_id, Need.HOLD)
    registrations = list(db.session.scalars(
        select(Registration).where(Registration.person_id == person.id)
        .options(selectinload(Registration.project).selectinload(Project.competition),
                 selectinload(Registration.project).selectinload(Project.occupation))))
    entries = {r.id: Entry(r) for r in registrations}
    ids = list(entries)
    if ids:
        for row in db.session.scalars(select(EntryResult).where(
                EntryResult.registration_id.in_(ids))):
            entries[row.registration_id].result = row
        _attach(entries, Award, "awards", Award.replaced_at.is_(None))
        _attach(entries, TitleAward, "titles", TitleAward.replaced_at.is_(None))
        _attach(entries, Promotion, "promotions")
        _attach(entries, Qualification, "qualifications")
        _attach(entries, Certificate, "certificates")
    ordered = sorted(entries.values(), key=lambda e: (e.competition.starts_on,
                                                      e.registration.id))
    grades = sorted(db.session.scalars(
        select(PersonGrade).where(PersonGrade.person_id == person.id)
        .options(selectinload(PersonGrade.occupation))),
        key=lambda g: (g.obtained_on, g.id))
    honours = list(db.session.scalars(select(PersonHonour).where(
        PersonHonour.person_id == person.id).order_by(PersonHonour.year, PersonHonour.id)))
    return PersonRecord(person, ordered, grades, honours)


def _attach(entries: dict[int, Entry], model: Any, attribute: str, *where: Any) -> None:
    query = select(model).where(model.registration_id.in_(list(entries)), *where)
    for row in db.session.scalars(query.order_by(model.id)):
        getattr(entries[row.registration_id], attribute).append(row)
