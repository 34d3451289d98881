"""The choices of the list filters: projects and organisations within the user's reach."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from app.extensions import db
from app.models import Competition, Organization, Project, Registration
from app.services.common import scope

MAX_CHOICES = 500


def project_choices(user: Any) -> list[tuple[int, str]]:
    """Return (id, "competition · project") of the projects in competitions the user organizes."""
    query = (select(Project.id, Competition.name, Project.name)
             .join(Competition, Competition.id == Project.competition_id)
             .order_by(Competition.starts_on.desc(), Competition.id.desc(), Project.id)
             .limit(MAX_CHOICES))
    managed = scope.managed_competition_ids(user)
    if managed is not None:
        query = query.where(Competition.id.in_(managed or {-1}))
    rows = db.session.execute(query)
    return [(pid, f"{competition} · {name}") for pid, competition, name in rows]


def organization_choices(user: Any) -> list[tuple[int, str]]:
    """Return (id, name) of the employers and schools registered in the user's competitions."""
    used = select(Registration.organization_id).join(
        Project, Project.id == Registration.project_id)
    managed = scope.managed_competition_ids(user)
    if managed is not None:
        used = used.where(Project.competition_id.in_(managed or {-1}))
    query = (select(Organization.id, Organization.name).where(Organization.id.in_(used))
             .order_by(Organization.name).limit(MAX_CHOICES))
    return [(oid, name) for oid, name in db.session.execute(query)]
