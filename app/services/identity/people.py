"""People: contact checks, masking of personal data, employers and schools, grade records."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from app.domain.errors import DomainError
from app.domain.grades import LADDER, Grade
from app.domain.names import normalise_name
from app.extensions import db
from app.models import Occupation, Organization, Person, PersonGrade
from app.services.common.mappers import current_grades

ORG_KINDS = ("EMPLOYER", "SCHOOL")
# Mainland mobile numbers: 11 digits starting 13–19 (optionally written with +86 / spaces).
_MOBILE = re.compile(r"^1[3-9][0-9]{9}$")
_NATIONAL = {5: "五级", 4: "四级", 3: "三级", 2: "二级", 1: "一级"}


def normalise_person_name(raw: str) -> tuple[str, str | None]:
    """Return (name in normal form, None), or ("", the translated reason it is refused).

    The one helper for every person-name field (app/domain/names.py says the rule).
    """
    try:
        return normalise_name(raw), None
    except DomainError as error:
        return "", _("The name holds an invisible control character (%(codepoint)s); "
                     "retype it.", codepoint=error.params["codepoint"])


def normalise_phone(raw: str) -> str:
    """Fold full-width characters; drop spaces, dashes and a +86 / 0086 prefix."""
    phone = re.sub(r"[\s\-()]", "", unicodedata.normalize("NFKC", raw or ""))
    for prefix in ("+86", "0086"):
        if phone.startswith(prefix):
            phone = phone[len(prefix):]
    return phone


def is_mobile(phone: str) -> bool:
    """Tell whether a normalised phone is a mainland mobile number."""
    return bool(_MOBILE.match(phone))


def mask_id_number(number: str | None) -> str:
    """Show the first 6 and last 4 characters of an ID number: 110101********1234."""
    if not number:
        return ""
    if len(number) <= 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def mask_phone(phone: str | None) -> str:
    """Show a phone as 138****1234."""
    if not phone:
        return ""
    if len(phone) < 8:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


def _grade_lookup() -> dict[str, Grade]:
    """Map every accepted spelling of a grade (code, Chinese name, national level) to it."""
    table: dict[str, Grade] = {}
    for grade in LADDER:
        names = {grade.value, grade.zh, grade.zh.removesuffix("工")}
        level = grade.national_level
        if level is not None:
            names |= {_NATIONAL[level], f"{_NATIONAL[level]}/{grade.zh}",
                      f"{grade.zh}/{_NATIONAL[level]}", f"{grade.zh}（{_NATIONAL[level]}）",
                      f"{_NATIONAL[level]}（{grade.zh}）", f"{grade.zh}({_NATIONAL[level]})",
                      f"{_NATIONAL[level]}({grade.zh})", f"level{level}", f"l{level}"}
        names.add(grade.value.lower())
        for name in names:
            table[name.casefold()] = grade
    table["学徒"] = Grade.APPRENTICE
    table["无"] = Grade.APPRENTICE
    return table


_GRADES = _grade_lookup()


def parse_grade_text(text: str) -> Grade | None:
    """Read a grade written as a code (L3), a Chinese name (高级工) or a level (三级)."""
    return _GRADES.get(re.sub(r"[\s\u3000]+", "", text or "").casefold())


def grade_label(grade: Grade) -> str:
    """Return the label used in templates and spreadsheets: 高级工（三级）."""
    level = grade.national_level
    return f"{grade.zh}（{_NATIONAL[level]}）" if level is not None else grade.zh


def organizations_by_name(names: Iterable[str]) -> dict[str, Organization]:
    """Load organizations by exact name in one query per 1,000 names."""
    wanted = sorted({n for n in names if n})
    found: dict[str, Organization] = {}
    for start in range(0, len(wanted), 1000):
        chunk = wanted[start:start + 1000]
        for org in db.session.scalars(select(Organization).where(Organization.name.in_(chunk))):
            found[org.name] = org
    return found


def find_or_add_organization(name: str, kind: str) -> Organization:
    """Return the organization of that name, adding it (unflushed) when new."""
    org = db.session.scalar(select(Organization).where(Organization.name == name))
    if org is None:
        org = Organization(name=name, kind=kind if kind in ORG_KINDS else "EMPLOYER")
        db.session.add(org)
    return org


def list_affiliations(*, limit: int = 2000) -> list[Organization]:
    """List employers and schools by name, for pickers."""
    query = (select(Organization).where(Organization.kind.in_(ORG_KINDS))
             .order_by(Organization.name).limit(limit))
    return list(db.session.scalars(query))


def list_occupations() -> list[Occupation]:
    """List occupations by name."""
    return list(db.session.scalars(select(Occupation).order_by(Occupation.name)))


def record_grade(person: Person, occupation_id: int, grade: Grade, certificate_no: str,
                 *, today: date) -> PersonGrade | None:
    """Add a certificate grade when it differs from the person's current one; else None."""
    current = current_grades(person.grades).get(occupation_id)
    if current is not None and current.grade == grade.value and (
        current.certificate_no == certificate_no
    ):
        return None
    row = PersonGrade(occupation_id=occupation_id, grade=grade.value, source="CERTIFICATE",
                      certificate_no=certificate_no, obtained_on=today)
    person.grades.append(row)
    return row
