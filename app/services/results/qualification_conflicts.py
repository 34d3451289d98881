"""Qualification conflicts: places the fed project's own decision refused, for both organizers.

A finisher who qualified into a project where the fed side had already rejected, disqualified
or withdrawn that person keeps the fed side's decision (``qualification._decided``); the place
is stored BLOCKED. Both the feeding and the fed organizer read the conflict here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from app.extensions import db
from app.models import Project, Qualification, Registration
from app.services.common.scope import managed_competition_ids
from app.services.results.qualification import BLOCKED


@dataclass(frozen=True)
class QualificationConflict:
    """One refused place: who qualified from where, and what the fed side had decided."""

    place: Qualification
    source: Registration
    target: Registration
    source_project: Project
    target_project: Project

    @property
    def person_name(self) -> str:
        """Return the person's name as the organizers know it."""
        return self.source.person.name

    @property
    def status(self) -> str:
        """Return the fed registration's status, kept as it was."""
        return self.target.status

    @property
    def reason(self) -> str:
        """Return the fed side's recorded reason, kept as it was."""
        return self.target.decision_reason


def list_qualification_conflicts(user: Any, *, limit: int = 500) -> list[QualificationConflict]:
    """Return the blocked places either side of which the user manages, newest first."""
    ids = managed_competition_ids(user)
    if ids is not None and not ids:
        return []
    places = db.session.scalars(select(Qualification).where(Qualification.state == BLOCKED)
                                .order_by(Qualification.id.desc()).limit(limit))
    out = []
    for place in places:
        source = db.session.get(Registration, place.registration_id)
        target = db.session.get(Registration, place.target_registration_id or 0)
        if source is None or target is None:
            continue
        if ids is not None and source.project.competition_id not in ids \
                and target.project.competition_id not in ids:
            continue
        out.append(QualificationConflict(place, source, target, source.project, target.project))
    return out
