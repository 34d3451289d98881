"""Finalisation: run the rules engine once over the locked scores and store the outcomes.

DOMAIN.md §6–§8, §10: when a project's published results become FINAL (or the organizer
orders it) the engine's project evaluation is run ONCE and its awards, titles, promotion
decisions (with their full explanations) and qualifications are stored (outcome_store).
Refused (app.domain.result_states) while an appeal or objection is open, the scores are
unlocked, the results are not yet published or the 公示 still runs (unless an administrator
overrides with a reason), or while a tie the chief judge must order remains. Re-running on
unchanged data changes nothing; after a change (an upheld appeal re-marked, a grade
corrected) the changed outcomes are replaced and the reasons recorded in the audit log.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from app.domain.errors import DomainError
from app.domain.evaluation import evaluate_project
from app.domain.evaluation_types import ProjectEvaluation
from app.domain.promotion import COUNTING_STATES, PriorPromotion
from app.domain.rulesets import RuleSet
from app.errors import ServiceError
from app.extensions import begin_write, db, rollback_on_error
from app.models import (
    Competition,
    Occupation,
    PersonGrade,
    Project,
    Promotion,
    Qualification,
    Registration,
)
from app.models._types import utcnow
from app.security import Role, has_role
from app.services.boards import leaderboard, standings_inputs
from app.services.boards.leaderboard_push import queue_board_refetch
from app.services.common import mappers
from app.services.common.access import Need, get_project
from app.services.results import outcome_store, result_flow
from app.services.results.outcome_errors import OutcomeError, checked_reason
from app.services.results.result_flow import ResultAction, ResultState
from app.services.scoring import audit, judging_events
from app.services.scoring.judging_errors import describe_reason
from app.services.setup.competition_rules import project_rule_set

_COUNTING = tuple(s.value for s in COUNTING_STATES)


@dataclass
class FinalisationReport:
    """What one finalisation did; ``changed`` is False when it changed nothing."""

    project: Project
    finalized_now: bool = False
    created: dict[str, int] = field(default_factory=dict)
    replaced: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """Tell whether anything was stored or replaced."""
        return self.finalized_now or bool(self.replaced) or any(self.created.values())


@dataclass(frozen=True)
class Evaluated:
    """An engine run over the stored scores, with the registrations it covered."""

    evaluation: ProjectEvaluation
    registrations: dict[int, Registration]


def _refuse(code: str, message: str, *, field: str | None = None) -> OutcomeError:
    return OutcomeError(code, message, field=field, status=409)


def state_problem(project: Project, *, now: datetime | None = None, override_reason: str = "",
                  overrider_is_admin: bool = False) -> ServiceError | None:
    """Return why the results state machine refuses finalising at ``now``, or None."""
    result = result_flow.check(project, ResultAction.FINALISE, now or utcnow(),
                               override_reason=override_reason,
                               overrider_is_admin=overrider_is_admin)
    return result if isinstance(result, ServiceError) else None


def tie_problem(evaluated: Evaluated) -> OutcomeError | None:
    """Return the refusal for ties nothing resolves where ranks may not be shared, or None."""
    ties = evaluated.evaluation.unresolved_ties
    if not ties:
        return None
    groups = []
    for tie in ties:
        names = [_entry_label(evaluated.registrations.get(int(i))) for i in tie.entry_ids]
        groups.append(_("rank %(rank)d: %(names)s", rank=tie.rank, names="、".join(names)))
    return _refuse("finalisation.unresolved_tie", _(
        "A tie remains that no tie-break resolves (%(ties)s); the chief judge must order "
        "these registrations before the results are finalised.", ties="; ".join(groups)))


def _entry_label(registration: Registration | None) -> str:
    if registration is None:
        return "?"
    code = registration.anonymous_code or f"#{registration.id}"
    return f"{registration.person.name}（{code}）"


def evaluate_stored(project: Project, *, rule_set: RuleSet | None = None) -> Evaluated:
    """Run the engine once over the stored scores as if the results were final.

    Each person's grade in the occupation is the one held at the contest, leaving out grade
    rows this project's own promotions gave, so a re-run sees the same inputs. Earlier
    promotions of the same year from OTHER projects feed the once-a-year gate.
    """
    inputs = standings_inputs.engine_inputs(project)
    if not inputs.entries:
        raise _refuse("finalisation.no_entries", _("The project has no competing entries."))
    if not inputs.components:
        raise _refuse("finalisation.no_scheme", _("The project has no marking scheme."))
    people = {r.person_id for r in inputs.registrations}
    grades = _grades_at_contest(project, people)
    priors = _prior_promotions(project, people)
    withdrawn = _withdrawn(project)
    entries = [
        mappers.outcome_entry_input(
            e, current_grade=grades.get(int(e.person_id)),
            earlier=tuple(priors.get(int(e.person_id), ())),
            withdrawn=int(e.entry_id) in withdrawn)
        for e in inputs.entries
    ]
    live = mappers.live_project_input(project, inputs.components,
                                      chief_judge_order=inputs.chief_judge_order)
    project_input = mappers.outcome_project_input(
        live, project, rule_set=rule_set or project_rule_set(project), final=True)
    try:
        evaluation = evaluate_project(project_input, entries)
    except DomainError as error:
        reason = describe_reason(error.reason)
        raise _refuse(f"finalisation.{error.code}", reason["message"],
                      field=error.field) from error
    return Evaluated(evaluation, {r.id: r for r in inputs.registrations})


def _own_promotion_ids(project_id: int) -> set[int]:
    return set(db.session.scalars(
        select(Promotion.id).join(Registration, Promotion.registration_id == Registration.id)
        .where(Registration.project_id == project_id)))


def _grades_at_contest(project: Project, people: Iterable[int]) -> dict[int, str]:
    """Return person id → grade code held in the occupation at the contest."""
    own = _own_promotion_ids(project.id)
    rows = db.session.scalars(select(PersonGrade).where(
        PersonGrade.person_id.in_(list(people)),
        PersonGrade.occupation_id == project.occupation_id,
        PersonGrade.obtained_on <= project.competition.ends_on))
    by_person: dict[int, list[PersonGrade]] = defaultdict(list)
    for row in rows:
        if row.promotion_id is None or row.promotion_id not in own:
            by_person[row.person_id].append(row)
    out = {}
    for person_id, held in by_person.items():
        current = mappers.current_grades(held).get(project.occupation_id)
        if current is not None:
            out[person_id] = current.grade
    return out


def _prior_promotions(project: Project, people: Iterable[int]) -> dict[int, list[PriorPromotion]]:
    """Return person id → counting promotions of the contest year from other projects."""
    rows = db.session.execute(
        select(Promotion, Registration.project_id, Competition.ends_on, Occupation.code)
        .join(Registration, Promotion.registration_id == Registration.id)
        .join(Project, Registration.project_id == Project.id)
        .join(Competition, Project.competition_id == Competition.id)
        .join(Occupation, Promotion.occupation_id == Occupation.id)
        .where(Promotion.person_id.in_(list(people)),
               Promotion.year == project.competition.year,
               Promotion.state.in_(_COUNTING),
               Competition.once_a_year.is_(True),  # contests without the rule stay out
               Registration.project_id != project.id)
        .order_by(Promotion.id))
    out: dict[int, list[PriorPromotion]] = defaultdict(list)
    for promotion, project_id, ends_on, occupation in rows:
        out[promotion.person_id].append(mappers.prior_promotion(
            promotion, occupation_code=occupation, project_id=project_id, decided_on=ends_on))
    return out


def _withdrawn(project: Project) -> set[int]:
    """Return the registrations that withdrew from the place they won in the fed project."""
    if project.advances_to_id is None:
        return set()
    return set(db.session.scalars(
        select(Qualification.registration_id)
        .join(Registration, Qualification.registration_id == Registration.id)
        .where(Registration.project_id == project.id,
               Qualification.target_project_id == project.advances_to_id,
               Qualification.state == "WITHDRAWN")))


def check_finalisable(actor: Any, project_id: int, *,
                      now: datetime | None = None) -> ServiceError | None:
    """Return why finalising the project now would be refused, or None (changes nothing)."""
    project = get_project(actor, project_id, Need.MANAGE)
    problem = state_problem(project, now=now)
    if problem is not None:
        return problem
    try:
        return tie_problem(evaluate_stored(project))
    except OutcomeError as error:
        return error


def finalize_project(project_id: int, *, actor: Any, now: datetime,
                     override_reason: str = "") -> FinalisationReport:
    """Finalise a project's results and store its outcomes, once; re-running is idempotent.

    The one finalise use case (pages, API, CLI): the results state machine decides; before the
    公示 has ended only an administrator's written ``override_reason`` lets it through (audited
    and printed on the final results). One commit, and the sequence moves once when the state
    changes.
    """
    begin_write()
    with rollback_on_error():
        # The system (close-publications, actor None) reaches every project.
        project = get_project(actor, project_id, Need.MANAGE if actor is not None else Need.VIEW,
                              for_update=True)
        reason = checked_reason(override_reason, code="finalisation.override")
        is_admin = actor is not None and has_role(actor, Role.ADMIN)
        problem = state_problem(project, now=now, override_reason=reason,
                                overrider_is_admin=is_admin)
        if problem is not None:
            raise problem
        evaluated = evaluate_stored(project)
        problem = tie_problem(evaluated)
        if problem is not None:
            raise problem
        actor_id = actor.id if actor is not None else None
        report = FinalisationReport(project)
        if project.result_status != "FINAL":
            old = project.result_status
            early = result_flow.project_state(project, now) is ResultState.PUBLISHED
            project.result_status, project.finalized_at = "FINAL", now
            project.finalize_override_reason = reason if early else ""
            report.finalized_now = True
            audit.record("project.finalized", entity="project", entity_id=project.id,
                         actor_id=actor_id, project_id=project.id, old={"result_status": old},
                         new={"result_status": "FINAL", "finalized_at": now,
                              "early": early}, reason=reason if early else "", now=now)
            # Boards show the status banner: tell them to fetch again (once per transition).
            queue_board_refetch(project, judging_events.bump_seq(project),
                                reason="project.finalized")
        elif project.finalized_at is None:
            project.finalized_at = now
            report.finalized_now = True
        store = outcome_store.OutcomeStore(project, evaluated.evaluation,
                                           evaluated.registrations, now=now, actor_id=actor_id)
        store.store_all()
        report.created, report.replaced = store.created, store.replaced
        if report.changed:
            audit.record("project.outcomes_stored", entity="project", entity_id=project.id,
                         actor_id=actor_id, project_id=project.id,
                         new={"created": report.created, "replaced": len(report.replaced)},
                         now=now)
            audit.anchor_head("FINALISATION", project_id=project.id, now=now)
            db.session.commit()
        else:
            db.session.rollback()  # nothing changed: leave no trace
        return report


def list_due_publications(*, now: datetime) -> list[int]:
    """Return the projects whose 公示 has ended with no appeal or objection open."""
    ids = db.session.scalars(
        select(Project.id).where(
            Project.result_status == "PUBLISHED", Project.publication_ends_at <= now,
            Project.scores_locked_at.is_not(None),
        ).order_by(Project.id)
    )
    return [pid for pid in ids if not leaderboard.count_open_appeals(pid)]
