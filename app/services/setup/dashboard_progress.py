"""The organizer's live progress per competition: how far each one is, step by step.

Counts are of registrations (a person in a project), so every bar reads "n of registered":
registered (not withdrawn or rejected), approved (or later), checked in, scored (a sheet
has a mark), locked, published (their project's scores locked / results published) and
certified (holds a valid certificate). Issue #17, item 11.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import case, distinct, func, or_, select

from app.extensions import db
from app.models import Certificate, Project, Registration, SheetState

STEPS = ("registered", "approved", "checked_in", "scored", "locked", "published", "certified")
_OUT = ("WITHDRAWN", "REJECTED")
_BEFORE_APPROVAL = ("SUBMITTED", "QUALIFIED")
_CHECKED_IN = ("CHECKED_IN", "COMPETED")


@dataclass(frozen=True)
class CompetitionProgress:
    """One competition's counts per step (STEPS), all out of ``registered``."""

    counts: dict[str, int]

    def percent(self, step: str) -> int:
        """Return the step's share of the registered, 0–100."""
        total = self.counts.get("registered", 0)
        return round(100 * self.counts.get(step, 0) / total) if total else 0


def competition_progress(competition_ids: Sequence[int]) -> dict[int, CompetitionProgress]:
    """Return the progress of each competition, in four grouped queries."""
    ids = list(competition_ids)
    counts: dict[int, dict[str, int]] = {cid: dict.fromkeys(STEPS, 0) for cid in ids}
    if not ids:
        return {}
    active = (Project.competition_id.in_(ids), Registration.status.not_in(_OUT))
    rows = db.session.execute(
        select(Project.competition_id, func.count(Registration.id),
               func.sum(case((Registration.status.not_in(_BEFORE_APPROVAL), 1), else_=0)),
               func.sum(case((or_(Registration.checked_in_at.is_not(None),
                                  Registration.status.in_(_CHECKED_IN)), 1), else_=0)),
               func.sum(case((Project.scores_locked_at.is_not(None), 1), else_=0)),
               func.sum(case((Project.published_at.is_not(None), 1), else_=0)))
        .join(Project, Registration.project_id == Project.id)
        .where(*active).group_by(Project.competition_id))
    for cid, registered, approved, checked_in, locked, published in rows:
        counts[cid].update(registered=registered, approved=approved or 0,
                           checked_in=checked_in or 0, locked=locked or 0,
                           published=published or 0)
    for step, model, extra in (
        ("scored", SheetState, ()),
        ("certified", Certificate, (Certificate.status == "VALID",)),
    ):
        rows = db.session.execute(
            select(Project.competition_id, func.count(distinct(Registration.id)))
            .join(Project, Registration.project_id == Project.id)
            .join(model, model.registration_id == Registration.id)
            .where(*active, *extra).group_by(Project.competition_id))
        for cid, n in rows:
            counts[cid][step] = n
    return {cid: CompetitionProgress(c) for cid, c in counts.items()}
