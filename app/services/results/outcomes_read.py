"""Reads of a project's stored outcomes for the organizer's page and the API."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Award, EntryResult, Project, Promotion, Registration, TitleAward
from app.services.common.access import Need, get_project
from app.services.results import finalisation, qualification
from app.services.results.outcome_errors import OutcomeError
from app.services.results.outcome_store import is_replaced
from app.services.scoring.tie_orders import ordered_tie_notes


@dataclass
class EntryOutcome:
    """One registration's stored result and outcomes; replaced rows kept apart as history."""

    registration: Registration
    result: EntryResult | None = None
    awards: list[Award] = field(default_factory=list)
    titles: list[TitleAward] = field(default_factory=list)
    promotions: list[Promotion] = field(default_factory=list)
    replaced: list[Any] = field(default_factory=list)
    qualification: dict[str, Any] = field(default_factory=dict)
    # Why the chief judge placed this entry where a tie survived every tie-break (§10.6).
    tie_note: str = ""

    @property
    def award(self) -> Award | None:
        """Return the current award, if any."""
        return self.awards[0] if self.awards else None

    @property
    def sort_key(self) -> tuple[int, int, int]:
        rank = self.result.rank if self.result is not None else None
        return (rank is None, rank or 0, self.registration.id)


@dataclass
class ProjectOutcomes:
    """Everything the outcomes page shows for one project."""

    project: Project
    blocker: OutcomeError | None
    entries: list[EntryOutcome]
    qualifications: list[Any]
    origins: list[qualification.Origin]

    def name_of(self, registration_id: int) -> str:
        """Return the name of one of the project's registrations."""
        found = next((e for e in self.entries if e.registration.id == registration_id), None)
        return found.registration.person.name if found is not None else f"#{registration_id}"

    @property
    def final(self) -> bool:
        """Tell whether the project's results are FINAL."""
        return self.project.result_status == "FINAL"


def get_project_outcomes(user: Any, project_id: int, *, check: bool = True) -> ProjectOutcomes:
    """Return a project's outcomes for an organizer in scope (NotFound/Forbidden otherwise).

    With ``check`` it also says why finalising now would be refused (one engine run).
    """
    project = get_project(user, project_id, Need.MANAGE)
    regs = list(db.session.scalars(
        select(Registration).where(Registration.project_id == project.id)
        .options(selectinload(Registration.person)).order_by(Registration.id)))
    entries = {r.id: EntryOutcome(r) for r in regs}
    ids = list(entries)
    for result in db.session.scalars(select(EntryResult).where(
            EntryResult.registration_id.in_(ids))):
        entries[result.registration_id].result = result
    for model, attribute in ((Award, "awards"), (TitleAward, "titles")):
        for row in db.session.scalars(select(model).where(model.registration_id.in_(ids))
                                      .order_by(model.id)):
            entry = entries[row.registration_id]
            if row.replaced_at is None:
                getattr(entry, attribute).append(row)
            else:
                entry.replaced.append(row)
    grouped: dict[int, list[Promotion]] = defaultdict(list)
    for row in db.session.scalars(select(Promotion).where(Promotion.registration_id.in_(ids))
                                  .order_by(Promotion.id)):
        grouped[row.registration_id].append(row)
    for rid, rows in grouped.items():
        entries[rid].promotions = [p for p in rows if not is_replaced(p)]
        entries[rid].replaced += [p for p in rows if is_replaced(p)]
    for rid, note in ordered_tie_notes(project).items():
        if rid in entries:
            entries[rid].tie_note = note
    with_results = [e for e in entries.values() if e.result is not None]
    places = qualification.list_project_qualifications(project.id)
    for entry in with_results:
        entry.qualification = qualification_reason(project, entry, places)
    blocker = finalisation.check_finalisable(user, project.id) if check else None
    return ProjectOutcomes(
        project=project,
        blocker=blocker,
        entries=sorted(with_results, key=lambda e: e.sort_key),
        qualifications=places,
        origins=qualification.list_entrant_origins(project.id),
    )


def qualification_reason(project: Project, entry: EntryOutcome,
                         places: list[Any]) -> dict[str, Any]:
    """Return whether the entry won a place in the fed project, and why (or why not)."""
    if project.advances_to_id is None or not project.quota:
        return {"qualified": False, "code": "qualification.no_feeder"}
    quota = project.quota
    mine = [p for p in places if p.registration_id == entry.registration.id]
    if mine:
        place = mine[-1]
        return {"qualified": place.state in ("QUALIFIED", "CONFIRMED"),
                "code": f"qualification.{place.state.lower()}", "rank": place.rank,
                "quota": quota}
    rank = entry.result.rank if entry.result is not None else None
    if rank is None:
        return {"qualified": False, "code": "qualification.not_finisher"}
    return {"qualified": False, "code": "qualification.outside_quota", "rank": rank,
            "quota": quota}
