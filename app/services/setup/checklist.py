"""The set-up checklist: what is still missing before registration opens and judging starts.

Judging needs, per project: a valid scheme, a chief judge, a judge on every seat, a judge who
need not recuse on every seat for every contestant (no coverage gap), qualified judges.

Each line has a stable code, the stage it blocks, whether it is done, a translated message
and the project it concerns (if any); the web layer links each code to the page fixing it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from app.domain.scheme import marking_problems
from app.extensions import db
from app.models import Competition, JudgeAssignment, JudgeQualification, Project
from app.services.identity.staff import load_competition
from app.services.scoring.coverage import Gap
from app.services.scoring.judging import scheme_for_lock
from app.services.scoring.judging_access import load_assignments, load_components
from app.services.setup.judge_assignments import list_coverage_gaps

REGISTRATION, JUDGING = "REGISTRATION", "JUDGING"


@dataclass(frozen=True)
class CheckItem:
    """One line of the checklist."""

    code: str
    stage: str
    ok: bool
    message: str
    project_id: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return JSON-ready data."""
        return {"code": self.code, "stage": self.stage, "ok": self.ok, "message": self.message,
                "project_id": self.project_id}


@dataclass(frozen=True)
class Checklist:
    """A competition's checklist, and whether each stage is ready."""

    competition_id: int
    items: tuple[CheckItem, ...]

    def ready(self, stage: str) -> bool:
        """Tell whether every line of a stage is done."""
        return all(i.ok for i in self.items if i.stage == stage)

    def to_dict(self) -> dict[str, Any]:
        """Return JSON-ready data."""
        return {"competition_id": self.competition_id,
                "ready_for_registration": self.ready(REGISTRATION),
                "ready_for_judging": self.ready(JUDGING),
                "items": [i.to_dict() for i in self.items]}


def get_checklist(actor: Any, competition_id: int) -> Checklist:
    """Return what is missing before registration can open and before judging can start."""
    competition = load_competition(actor, competition_id)
    items = _registration_items(competition)
    for project in competition.projects:
        items += _judging_items(project, competition)
    return Checklist(competition.id, tuple(items))


def _registration_items(c: Competition) -> list[CheckItem]:
    opens, closes = c.registration_opens_at, c.registration_closes_at
    window_ok = opens is not None and closes is not None and opens < closes and (
        closes.date() <= c.starts_on)
    serial = c.issuer_site_serial or (c.organizer.site_serial if c.organizer else "")
    return [
        CheckItem("competition.projects", REGISTRATION, bool(c.projects),
                  _("The competition has at least one project.")),
        CheckItem("competition.dates", REGISTRATION, c.starts_on <= c.ends_on,
                  _("The contest days are in order (first day on or before the last).")),
        CheckItem("competition.registration_window", REGISTRATION, window_ok,
                  _("The registration window is set, opens before it closes and closes by "
                    "the first contest day.")),
        CheckItem("competition.organizer_active", REGISTRATION,
                  c.organizer is not None and c.organizer.active,
                  _("The organizing body is active.")),
        CheckItem("competition.site_serial", REGISTRATION, bool(serial),
                  _("The certificate site serial is set (on the competition or its body).")),
    ]


def _judging_items(project: Project, competition: Competition) -> list[CheckItem]:
    assignments = load_assignments(project.id)
    components = load_components(project.id)
    chief = any(a.role == "CHIEF_JUDGE" for a in assignments)
    seated_aspects = {s.aspect_id for a in assignments for s in a.panel if s.aspect_id}
    seated_components = {s.component_id for a in assignments for s in a.panel
                         if s.component_id}
    unseated = []
    for component in components:
        aspects = [a for cr in component.criteria for sub in cr.sub_criteria
                   for a in sub.aspects]
        if aspects:
            unseated += [a.code for a in aspects if a.id not in seated_aspects]
        elif component.id not in seated_components and component.kind != "THEORY":
            # A whole theory component comes from the exam sheet the organizer or chief
            # judge imports, not from a seated judge (whose progress would wait for their
            # own marks); other whole components (a defence) need a judge.
            unseated.append(component.code)
    scheme_ok = bool(components) and (
        project.scheme_locked_at is not None
        or not marking_problems(scheme_for_lock(project.id)))
    gaps = list_coverage_gaps(project.id, assignments)
    name = project.name
    return [
        CheckItem("project.scheme", JUDGING, scheme_ok,
                  _("%(project)s: the marking scheme is complete and valid.", project=name),
                  project.id),
        CheckItem("project.chief_judge", JUDGING, chief,
                  _("%(project)s: a chief judge is assigned.", project=name), project.id),
        CheckItem("project.panels", JUDGING, bool(components) and not unseated,
                  _("%(project)s: judges are seated for every aspect%(missing)s.",
                    project=name, missing=_(" (missing: %(codes)s)", codes=", ".join(unseated))
                    if unseated else ""), project.id),
        CheckItem("project.coverage", JUDGING, not gaps,
                  _("%(project)s: on every seat, each contestant has a judge who need not "
                    "recuse%(missing)s.", project=name,
                    missing=_(" (nobody may score: %(cells)s)", cells=_cells(gaps))
                    if gaps else ""), project.id),
        CheckItem("project.qualifications", JUDGING,
                  _qualified(assignments, competition),
                  _("%(project)s: every judge holds a qualification valid through the "
                    "contest.", project=name), project.id),
    ]


def _cells(gaps: list[Gap], shown: int = 5) -> str:
    """Return the first coverage gaps as "A1.1 H419" pairs (an ellipsis when there are more)."""
    text = ", ".join(f"{g.target} {g.code}" for g in gaps[:shown])
    return text + ", …" if len(gaps) > shown else text


def _qualified(assignments: list[JudgeAssignment], competition: Competition) -> bool:
    for assignment in assignments:
        person = assignment.user.person
        qualification = None if person is None else db.session.scalar(
            select(JudgeQualification).where(JudgeQualification.person_id == person.id))
        if qualification is None or (qualification.expires_on is not None
                                     and qualification.expires_on < competition.ends_on):
            return False
    return bool(assignments)
