"""Test data for registration tests: a competition with open projects, valid ID numbers."""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import count
from typing import Any

from tests.fixtures.clock import NOW
from tests.fixtures.people import id_number

# Pages read the clock, so modules using this data ask for `frozen_clock`, which makes the
# app's clock read NOW; windows and contest dates are set around it.
__all__ = ["NOW", "id_number", "make_competition", "organizer_of"]
_serial = count(1)


def make_competition(*, name: str = "2026年沧州市职业技能大赛", organizer: Any = None,
                     opens: datetime | None = None, closes: datetime | None = None,
                     projects: tuple[tuple[str, str, str], ...] = (
                         ("电工（职工组）", "ELEC", "EMPLOYEE"),
                         ("电工（学生组）", "ELEC", "STUDENT"),
                     ), **project_fields: Any) -> Any:
    """Create a municipal competition (window open around NOW) with projects; commit."""
    from app.extensions import db
    from app.models import Competition, Occupation, Organization, Project

    if organizer is None:
        organizer = Organization(name=f"主办单位{next(_serial)}", kind="ORGANIZER")
        db.session.add(organizer)
    occupations: dict[str, Any] = {}
    competition = Competition(
        name=name, tier="MUNICIPAL", category="CLASS_2", year=NOW.year, organizer=organizer,
        registration_opens_at=opens or NOW - timedelta(days=10),
        registration_closes_at=closes or NOW + timedelta(days=10),
        starts_on=(NOW + timedelta(days=30)).date(), ends_on=(NOW + timedelta(days=32)).date(),
    )
    db.session.add(competition)
    for project_name, occupation_code, group in projects:
        occupation = occupations.get(occupation_code) or db.session.query(Occupation).filter_by(
            code=occupation_code).one_or_none()
        if occupation is None:
            names = {"ELEC": "电工", "WELD": "焊工", "CNC": "车工"}
            occupation = Occupation(code=occupation_code,
                                    name=names.get(occupation_code, occupation_code))
            db.session.add(occupation)
        occupations[occupation_code] = occupation
        competition.projects.append(Project(
            name=project_name, occupation=occupation, group=group, award_scheme="PERCENT_PRIZES",
            **project_fields))
    db.session.commit()
    return competition


def organizer_of(competition: Any, make_user: Any, username: str = "org1") -> Any:
    """Create an organizer scoped to the competition's organizing body."""
    from app.extensions import db
    from app.models import RoleAssignment

    user = make_user(username=username)
    user.roles = [RoleAssignment(role="ORGANIZER", organization_id=competition.organizer_id)]
    db.session.commit()
    return user
