"""Honours (中华技能大奖, 技术能手 …) and grades with their source and evidence (§2, §3).

Organizers and administrators record them on a person's lifetime record; the honours feed
the title-holder bar of eligibility (a project may bar holders of listed honours).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from app.domain.grades import Grade
from app.domain.honours import GradeSource, Honour
from app.errors import ForbiddenError, NotFoundError, ServiceError
from app.extensions import begin_write, db
from app.models import Occupation, Person, PersonGrade, PersonHonour
from app.security import Role, has_role
from app.services.common.access import Need, get_person
from app.services.scoring import audit

MAX_TEXT = 100
MAX_DOCUMENT = 64
MAX_GRADE_DOCUMENT = 32


@dataclass(frozen=True, slots=True)
class HonourData:
    """An honour as typed: its kind, the name as awarded, year, issuer, evidence."""

    honour: str
    year: int
    name: str = ""  # "" = the kind's standard name; a LOCAL_TITLE needs one (巴渠工匠)
    issuer: str = ""
    document_no: str = ""
    occupation_id: int | None = None


@dataclass(frozen=True, slots=True)
class GradeEvidenceData:
    """A grade on the record with where it comes from (§2)."""

    occupation_id: int
    grade: str
    source: str
    obtained_on: date
    document_no: str = ""
    issuer: str = ""


def get_managed_person(user: Any, person_id: int) -> Person:
    """Return a person whose record the user may edit (organizer in scope, admin)."""
    person = get_person(user, person_id, Need.HOLD)
    if not has_role(user, Role.ORGANIZER):
        raise ForbiddenError("person.read_only",
                             _("Only organizers record honours and grades."))
    return person


def list_honours(user: Any, person_id: int) -> list[PersonHonour]:
    """Return a person's honours, oldest first (their own, or in an organizer's scope)."""
    person = get_person(user, person_id, Need.HOLD)
    return list(db.session.scalars(select(PersonHonour).where(
        PersonHonour.person_id == person.id).order_by(PersonHonour.year, PersonHonour.id)))


def record_honour(user: Any, person_id: int, data: HonourData, *, today: date) -> PersonHonour:
    """Record an honour a person holds."""
    begin_write()
    person = get_managed_person(user, person_id)
    if data.honour not in Honour.__members__:
        raise ServiceError("honour.kind", _("Choose an honour from the list."), field="honour")
    kind = Honour(data.honour)
    name = " ".join(data.name.split()) or ("" if kind is Honour.LOCAL_TITLE else kind.zh)
    if not name:
        raise ServiceError("honour.name", _("Give the local title's name."), field="name")
    if not 1950 <= data.year <= today.year:
        raise ServiceError("honour.year", _("The year is between 1950 and this year."),
                           field="year")
    _check_text(data.issuer, "issuer", MAX_TEXT)
    _check_text(name, "name", MAX_TEXT)
    _check_text(data.document_no, "document_no", MAX_DOCUMENT)
    occupation = _occupation_or_none(data.occupation_id)
    honour = PersonHonour(person_id=person.id, honour=kind.value, name=name, year=data.year,
                          issuer=data.issuer.strip(), document_no=data.document_no.strip(),
                          occupation_id=occupation.id if occupation else None)
    db.session.add(honour)
    db.session.flush()
    audit.record("person.honour", entity="person", entity_id=person.id, actor_id=user.id,
                 new={"honour": kind.value, "name": name, "year": data.year,
                      "issuer": honour.issuer, "document_no": honour.document_no})
    db.session.commit()
    return honour


def remove_honour(user: Any, honour_id: int) -> None:
    """Remove an honour recorded by mistake (the audit log keeps it)."""
    begin_write()
    honour = db.session.get(PersonHonour, honour_id)
    if honour is None:
        raise NotFoundError("honour.not_found", _("Not found."))
    get_managed_person(user, honour.person_id)
    audit.record("person.honour_removed", entity="person", entity_id=honour.person_id,
                 actor_id=user.id, old={"honour": honour.honour, "name": honour.name,
                                        "year": honour.year})
    db.session.delete(honour)
    db.session.commit()


def record_grade(user: Any, person_id: int, data: GradeEvidenceData, *,
                 today: date) -> PersonGrade:
    """Record a grade with its source and evidence (document number, issuer, date)."""
    begin_write()
    person = get_managed_person(user, person_id)
    if data.grade not in Grade.__members__:
        raise ServiceError("grade.unknown", _("Choose a grade."), field="grade")
    if data.source not in GradeSource.__members__:
        raise ServiceError("grade.source", _("Choose where the grade comes from."),
                           field="source")
    grade, source = Grade(data.grade), GradeSource(data.source)
    if grade.is_appointed_post != (source is GradeSource.APPOINTMENT):
        raise ServiceError("grade.appointment", _("特级技师 and 首席技师 are posts by "
                                                  "appointment, and appointment gives only "
                                                  "those."), field="source")
    if source is GradeSource.CONTEST_PROMOTION:
        raise ServiceError("grade.contest_source", _("Contest promotions are recorded when "
                                                     "they are certified."), field="source")
    if data.obtained_on > today:
        raise ServiceError("grade.date", _("The date cannot be in the future."),
                           field="obtained_on")
    _check_text(data.document_no, "document_no", MAX_GRADE_DOCUMENT)
    _check_text(data.issuer, "issuer", MAX_TEXT)
    occupation = _occupation_or_none(data.occupation_id)
    assert occupation is not None
    row = PersonGrade(person_id=person.id, occupation_id=occupation.id, grade=grade.value,
                      source=source.value, certificate_no=data.document_no.strip(),
                      issuer=data.issuer.strip(), obtained_on=data.obtained_on)
    db.session.add(row)
    db.session.flush()
    audit.record("person.grade", entity="person", entity_id=person.id, actor_id=user.id,
                 new={"occupation": occupation.code, "grade": grade.value,
                      "source": source.value, "document_no": row.certificate_no,
                      "issuer": row.issuer, "obtained_on": data.obtained_on.isoformat()})
    db.session.commit()
    return row


def _check_text(value: str, name: str, limit: int) -> None:
    if len(value.strip()) > limit:
        raise ServiceError(f"honour.{name}_too_long",
                           _("At most %(n)d characters.", n=limit), field=name)


def _occupation_or_none(occupation_id: int | None) -> Occupation | None:
    if occupation_id is None:
        return None
    occupation = db.session.get(Occupation, occupation_id)
    if occupation is None:
        raise ServiceError("occupation.unknown", _("Choose an occupation."),
                           field="occupation_id")
    return occupation
