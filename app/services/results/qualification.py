"""Qualification to the fed project (DOMAIN §1, §10.15): automatic registration, confirm, withdraw.

Finalisation calls ``sync_qualifications`` in its transaction: each qualified finisher is
registered into ``Project.advances_to`` (status QUALIFIED, source QUALIFIED, qualified_from_id
the finisher's registration) with eligibility re-checked there and stored. The contestant
confirms or withdraws (``confirm_qualification`` / ``withdraw_qualification``); a withdrawal
offers the slot to the next-ranked finisher (the domain's ``qualify`` with the withdrawn set).
A registration the fed project's organizer decided (rejected, disqualified, withdrawn) is never
overwritten: the place is stored BLOCKED and both organizers see the conflict.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.domain.eligibility import check_eligibility
from app.domain.evaluation_types import ProjectEvaluation
from app.domain.qualification import qualify
from app.extensions import db, write_transaction
from app.models import EntryResult, Project, Qualification, Registration
from app.services.common import mappers
from app.services.common.access import can_manage
from app.services.entry.registration_rules import existing_views, snapshot
from app.services.results.outcome_errors import NotFound, OutcomeError, checked_reason
from app.services.scoring import audit

ACTIVE = ("QUALIFIED", "CONFIRMED")
#: A place the fed registration's decided status refused; kept so syncs do not retry it.
BLOCKED = "BLOCKED"
#: Statuses the fed project's side decided; a qualification leaves them as they are.
_DECIDED = ("REJECTED", "WITHDRAWN", "DISQUALIFIED")
#: A place won in a feeder contest is not bound by the fed project's registration window.
_WINDOW_CODES = ("eligibility.window_not_open", "eligibility.window_closed")
_INACTIVE_REGISTRATION = ("WITHDRAWN", "REJECTED")


@dataclass
class QualificationChanges:
    """What a sync did: places created, places taken back (with reasons)."""

    created: int = 0
    replaced: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- registering a place


def _check_eligibility(registration: Registration, target: Project, *, now: datetime) -> None:
    """Re-check the person's eligibility for the fed project and store the verdict."""
    person = registration.person
    domain = mappers.domain_person(
        id_number=person.id_number, group=registration.group, birth_date=person.birth_date,
        grades=mappers.person_grades_by_occupation_code(person),
        titles=mappers.held_titles(person))
    regs = list(db.session.scalars(select(Registration).where(
        Registration.person_id == person.id)))
    result = check_eligibility(domain, mappers.project_rules(target),
                               existing_views(regs, {person.id: person.id_number}), now,
                               registration_id=str(registration.id))
    kept = tuple(f for f in result.failures if f.code not in _WINDOW_CODES)
    registration.eligibility = snapshot(replace(result, ok=not kept, failures=kept), now)


def register_place(source: Registration, rank: int | None, target: Project, *, now: datetime,
                   actor_id: int | None) -> Qualification:
    """Register a qualified finisher into the fed project (the caller commits)."""
    reg = db.session.scalar(select(Registration).where(
        Registration.project_id == target.id, Registration.person_id == source.person_id))
    if reg is not None and _decided(reg):
        return _blocked_place(source, rank, target, reg, now=now, actor_id=actor_id)
    old = None if reg is None else {"status": reg.status}
    if reg is None:
        reg = Registration(project_id=target.id, person_id=source.person_id, group=source.group,
                           organization_id=source.organization_id, submitted_at=now)
        db.session.add(reg)
    if old is None or reg.status in (*_INACTIVE_REGISTRATION, "SUBMITTED", "QUALIFIED"):
        # A self-registration still waiting, or a place this machinery took back, becomes
        # the qualified place (a decided one never reaches here: see _decided).
        reg.status, reg.source, reg.withdrawn_at = "QUALIFIED", "QUALIFIED", None
        reg.decided_at, reg.decision_reason = None, ""
    reg.qualified_from_id = source.id
    db.session.flush()
    _check_eligibility(reg, target, now=now)
    place = Qualification(registration_id=source.id, target_project_id=target.id,
                          rank=rank or 0, state="QUALIFIED", target_registration_id=reg.id,
                          created_at=now)
    db.session.add(place)
    db.session.flush()
    audit.record("registration.qualified", entity="registration", entity_id=reg.id,
                 actor_id=actor_id, project_id=target.id, old=old,
                 new={"status": reg.status, "qualified_from_id": source.id, "rank": rank,
                      "eligible": reg.eligibility.get("ok")}, now=now)
    return place


def _decided(reg: Registration) -> bool:
    """Tell whether the fed side decided this registration (so it must stay as it is).

    Rejected and disqualified always; withdrawn unless the withdrawal was this machinery
    taking back a place the results no longer gave (its latest place is REPLACED).
    """
    if reg.status not in _DECIDED:
        return False
    if reg.status != "WITHDRAWN" or reg.source != "QUALIFIED":
        return True
    latest = db.session.scalar(select(Qualification.state).where(
        Qualification.target_registration_id == reg.id).order_by(Qualification.id.desc())
        .limit(1))
    return latest != "REPLACED"


def _blocked_place(source: Registration, rank: int | None, target: Project,
                   reg: Registration, *, now: datetime, actor_id: int | None) -> Qualification:
    """Record a place the fed registration's decision refuses, for both organizers to see."""
    place = Qualification(registration_id=source.id, target_project_id=target.id,
                          rank=rank or 0, state=BLOCKED, target_registration_id=reg.id,
                          created_at=now)
    db.session.add(place)
    db.session.flush()
    audit.record("qualification.blocked", entity="qualification", entity_id=place.id,
                 actor_id=actor_id, project_id=target.id,
                 new={"state": BLOCKED, "registration_id": reg.id, "status": reg.status,
                      "source_registration_id": source.id, "rank": rank}, now=now)
    return place


def _take_back(place: Qualification, reason: str, *, now: datetime,
               actor_id: int | None) -> None:
    """Withdraw a place the results no longer give, and its registration in the fed project."""
    place.state, place.decided_at = "REPLACED", now
    reg = db.session.get(Registration, place.target_registration_id or 0)
    if reg is not None and reg.status not in _DECIDED:  # a disqualification stays one
        old = reg.status
        reg.status, reg.withdrawn_at, reg.decision_reason = "WITHDRAWN", now, reason[:500]
        audit.record("registration.withdrawn", entity="registration", entity_id=reg.id,
                     actor_id=actor_id, project_id=reg.project_id, old={"status": old},
                     new={"status": "WITHDRAWN"}, reason=reason, now=now)


def sync_qualifications(project: Project, evaluation: ProjectEvaluation,
                        registrations: Mapping[int, Registration], *, now: datetime,
                        actor_id: int | None,
                        reason: Callable[[int, datetime | None], str]) -> QualificationChanges:
    """Make the stored places match the evaluation's qualification (the caller commits)."""
    changes = QualificationChanges()
    target = project.advances_to
    if target is None or evaluation.qualification is None:
        return changes
    places = list(db.session.scalars(select(Qualification).where(
        Qualification.registration_id.in_(list(registrations)),
        Qualification.target_project_id == target.id).order_by(Qualification.id)))
    active = {p.registration_id: p for p in places if p.state in ACTIVE}
    blocked = {p.registration_id: p for p in places if p.state == BLOCKED}
    ranks = {int(e.entry_id): e.rank for e in evaluation.entries}
    wanted = [int(i) for i in evaluation.qualification.qualified]
    for rid in wanted:
        place = active.pop(rid, None) or blocked.pop(rid, None)
        if place is None:
            register_place(registrations[rid], ranks.get(rid), target, now=now,
                           actor_id=actor_id)
            changes.created += 1
        elif place.rank != (ranks.get(rid) or 0):
            place.rank = ranks.get(rid) or 0
    for place in blocked.values():  # no longer given: the conflict is moot
        place.state, place.decided_at = "REPLACED", now
    for rid, place in active.items():
        text = reason(rid, place.created_at)
        _take_back(place, text, now=now, actor_id=actor_id)
        audit.record("qualification.replaced", entity="qualification", entity_id=place.id,
                     actor_id=actor_id, project_id=project.id, old={"state": "QUALIFIED"},
                     new={"state": "REPLACED"}, reason=text, now=now)
        changes.replaced.append(f"qualification #{place.id}: {text}")
    return changes


# ---------------------------------------------------------------- the contestant's answer


def _answerable_place(user: Any, qualification_id: int) -> tuple[Qualification, bool]:
    """Load a place the user may answer for: (place, answered for the contestant).

    The contestant answers for their own place; the organizer of the feeder or of the fed
    project answers for a contestant who has no account or wrote in (a 放弃声明).
    """
    place = db.session.get(Qualification, qualification_id)
    source = db.session.get(Registration, place.registration_id) if place else None
    if place is None or source is None:
        raise NotFound("qualification.not_found", _("No such qualification."))
    if user.person_id is not None and source.person_id == user.person_id:
        return place, False
    projects = (db.session.get(Project, source.project_id),
                db.session.get(Project, place.target_project_id))
    if any(project is not None and can_manage(user, project) for project in projects):
        return place, True
    raise NotFound("qualification.not_found", _("No such qualification."))


def _refuse_state(place: Qualification, allowed: tuple[str, ...]) -> None:
    if place.state not in allowed:
        raise OutcomeError("qualification.state", _(
            "This place is no longer open to that answer (it is %(state)s).",
            state=place.state), status=409)


def confirm_qualification(user: Any, qualification_id: int, *, now: datetime) -> Qualification:
    """Confirm a place in the fed project: one's own, or as its organizer for the contestant."""
    with write_transaction():
        place, _for_contestant = _answerable_place(user, qualification_id)
        _refuse_state(place, ("QUALIFIED",))
        place.state, place.decided_at = "CONFIRMED", now
        audit.record("qualification.confirmed", entity="qualification", entity_id=place.id,
                     actor_id=user.id, project_id=place.target_project_id,
                     old={"state": "QUALIFIED"}, new={"state": "CONFIRMED"}, now=now)
        return place


def withdraw_qualification(user: Any, qualification_id: int, *, now: datetime,
                           reason: str = "") -> tuple[Qualification, list[Qualification]]:
    """Give up a place; the next-ranked finisher is offered it. Return (place, offered).

    An organizer withdrawing for the contestant must say why (the contestant's written word).
    """
    with write_transaction():
        place, for_contestant = _answerable_place(user, qualification_id)
        text = checked_reason(reason, code="qualification", missing=_(
            "Say why the place is given up (for example, the contestant's written withdrawal)."
        ) if for_contestant else None)
        _refuse_state(place, ACTIVE)
        old = place.state
        place.state, place.decided_at = "WITHDRAWN", now
        reg = db.session.get(Registration, place.target_registration_id or 0)
        if reg is not None and reg.status not in _DECIDED:
            reg.status, reg.withdrawn_at = "WITHDRAWN", now
        audit.record("qualification.withdrawn", entity="qualification", entity_id=place.id,
                     actor_id=user.id, project_id=place.target_project_id,
                     old={"state": old}, new={"state": "WITHDRAWN"}, reason=text, now=now)
        offered = _offer_next(place, now=now, actor_id=user.id)
        return place, offered


def _offer_next(withdrawn: Qualification, *, now: datetime,
                actor_id: int | None) -> list[Qualification]:
    """Give the freed slot to the next finisher(s) in rank order (§10.15)."""
    source = db.session.get(Registration, withdrawn.registration_id)
    assert source is not None
    project = db.session.get(Project, source.project_id)
    target = db.session.get(Project, withdrawn.target_project_id)
    if project is None or target is None:
        return []
    results = list(db.session.scalars(select(EntryResult).where(
        EntryResult.project_id == project.id)))
    places = list(db.session.scalars(select(Qualification).where(
        Qualification.registration_id.in_([r.registration_id for r in results]),
        Qualification.target_project_id == target.id)))
    out = {str(p.registration_id) for p in places if p.state == "WITHDRAWN"}
    active = {p.registration_id for p in places if p.state in (*ACTIVE, BLOCKED)}
    ranked = [mappers.ranked_entry(r.registration_id, finish_status=r.finish_status,
                                   rank=r.rank) for r in results]
    chosen = qualify(ranked, project.quota, withdrawn=out)
    rank = {r.registration_id: r.rank for r in results}
    offered = []
    for rid in (int(i) for i in chosen.qualified):
        if rid in active:
            continue
        reg = db.session.get(Registration, rid)
        if reg is not None:
            offered.append(register_place(reg, rank.get(rid), target, now=now,
                                          actor_id=actor_id))
    return offered


# ---------------------------------------------------------------- reads


@dataclass(frozen=True)
class Origin:
    """Where an entrant of a fed project came from: "<competition> #<project>, 第3名"."""

    registration: Registration
    place: Qualification | None
    source_project: Project | None

    @property
    def label(self) -> str:
        """Return the origin as the higher tier's organizer reads it."""
        if self.source_project is None:
            return ""
        rank = self.place.rank if self.place is not None else None
        text = f"{self.source_project.competition.name} #{self.source_project.id}"
        return f"{text}, 第{rank}名" if rank else text


def list_my_qualifications(user: Any) -> list[Qualification]:
    """Return the places the user's person won, newest first."""
    if getattr(user, "person_id", None) is None:
        return []
    return list(db.session.scalars(
        select(Qualification).join(Registration, Qualification.registration_id == Registration.id)
        .where(Registration.person_id == user.person_id)
        .order_by(Qualification.id.desc())))


def target_names(places: list[Qualification]) -> dict[int, str]:
    """Return fed project id → "<competition> · <project>" for a list of places."""
    ids = {p.target_project_id for p in places}
    projects = db.session.scalars(select(Project).where(Project.id.in_(ids))) if ids else []
    return {p.id: f"{p.competition.name} · {p.name}" for p in projects}


def list_project_qualifications(project_id: int) -> list[Qualification]:
    """Return every place a project's finishers won (current and past), best rank first."""
    return list(db.session.scalars(
        select(Qualification).join(Registration, Qualification.registration_id == Registration.id)
        .where(Registration.project_id == project_id)
        .order_by(Qualification.rank, Qualification.id)))


def list_entrant_origins(project_id: int) -> list[Origin]:
    """Return the fed project's qualified entrants with the contest and rank they came from."""
    regs = list(db.session.scalars(
        select(Registration).where(Registration.project_id == project_id,
                                   Registration.qualified_from_id.is_not(None))
        .options(selectinload(Registration.person)).order_by(Registration.id)))
    out = []
    for reg in regs:
        place = db.session.scalar(select(Qualification).where(
            Qualification.target_registration_id == reg.id).order_by(Qualification.id.desc())
            .limit(1))
        source = db.session.get(Registration, reg.qualified_from_id)
        out.append(Origin(reg, place, db.session.get(Project, source.project_id)
                          if source else None))
    return out
