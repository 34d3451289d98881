"""The demo's registrations (every lifecycle state) and its judges' scores."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from app.demo.demo_contests import panels, project_aspects, theory_component
from app.demo.demo_data import (
    COMPETITIONS,
    ELECTRICIAN,
    OCCUPATION_LETTER,
    ORGS,
    REJECTION_REASONS,
    WELDER,
)
from app.demo.demo_people import JudgePlan, PersonPlan
from app.demo.demo_rows import Keyed, at
from app.extensions import db
from app.models import DeclaredConflict, Person, Project, Registration, ScoreEvent, SheetState, User
from app.services.scoring import audit
from app.services.scoring.judging import payload_hash

# Where scores already exist: one project fully scored and locked, one in progress.
SCORED = ("tangshan", ELECTRICIAN, "EMPLOYEE")
IN_PROGRESS = ("tangshan", WELDER, "EMPLOYEE")
CLIENT_NS = uuid.UUID("6f1c2a52-6b0e-4c57-9a57-7a1e3f0d2026")

# Status mix by competition while registration is open: (status, weight).
_OPEN_MIX = (("SUBMITTED", 35), ("APPROVED", 55), ("REJECTED", 10))
_TODAY_MIX = (("CHECKED_IN", 85), ("APPROVED", 10), ("REJECTED", 5))


@dataclass(frozen=True)
class EntryPlan:
    """One registration to create."""

    key: tuple[str, str, str]  # (competition key, occupation, group)
    person: PersonPlan
    status: str
    ticket_no: str | None
    anonymous_code: str | None
    station_no: int | None
    submitted_day: int  # days after registration opened
    reason: str


def plan_entries(rng: random.Random, people: list[PersonPlan], year: int) -> list[EntryPlan]:
    """Choose who enters which project and how far each entry has got."""
    parents = {org.name: org.parent for org in ORGS}
    out: list[EntryPlan] = []
    for ci, spec in enumerate(COMPETITIONS):
        if spec.tier in ("PROVINCIAL", "NATIONAL"):
            continue  # qualification only: filled from the tiers below
        for pi, (code, group) in enumerate(spec.projects):
            key = (spec.key, code, group)
            pool = [
                p for p in people
                if p.occupation == code and p.group == group
                and (p.org == spec.organizer if spec.tier == "ENTERPRISE"
                     else parents[p.org] == spec.organizer)
            ]
            chosen = [p for p in pool if rng.random() < 0.65]
            codes = rng.sample(range(101, 1000), len(chosen))
            for seq, person in enumerate(chosen, start=1):
                status = _status(rng, key, spec.key)
                seated = status in ("CHECKED_IN", "COMPETED")
                ticketed = seated or status == "APPROVED"
                out.append(EntryPlan(
                    key=key,
                    person=person,
                    status=status,
                    ticket_no=f"{year}{ci:02d}{pi:02d}{seq:04d}"
                    if ticketed else None,
                    anonymous_code=f"{OCCUPATION_LETTER[code]}{codes[seq - 1]}" if seated else None,
                    station_no=seq if seated else None,
                    submitted_day=rng.randrange(0, 10),
                    reason=rng.choice(REJECTION_REASONS) if status == "REJECTED" else "",
                ))
    return out


def _status(rng: random.Random, key: tuple[str, str, str], competition: str) -> str:
    """Return an entry's status: the scored project competed, the live one checked in."""
    mix = _TODAY_MIX if competition == "tangshan" else _OPEN_MIX
    drawn = rng.choices([s for s, _ in mix], [w for _, w in mix])[0]
    if key == SCORED:
        return "COMPETED"
    if key == IN_PROGRESS:
        return "CHECKED_IN"
    return drawn


def ensure_registrations(entries: list[EntryPlan],
                         projects: dict[tuple[str, str, str], Project]) -> list[Registration]:
    """Add missing registrations; return them in plan order."""
    people = Keyed(Person, lambda p: p.id_number)
    regs = Keyed(Registration, lambda r: (r.project_id, r.person_id))
    out = []
    for entry in entries:
        project = projects[entry.key]
        person = people[entry.person.id_number]
        out.append(regs.get_or_add((project.id, person.id), _registration, entry, project, person))
    db.session.flush()
    return out


#: Instructing teachers named at registration by the demo's students.
DEMO_COACHES = ("李建国", "王秀兰", "赵卫东")


def _registration(entry: EntryPlan, project: Project, person: Person) -> Registration:
    """Build one registration with the timestamps its status implies."""
    comp = project.competition
    assert comp.registration_opens_at is not None and project.starts_at is not None
    submitted = comp.registration_opens_at + timedelta(days=entry.submitted_day, hours=2)
    decided = submitted + timedelta(days=2) if entry.status != "SUBMITTED" else None
    seated = entry.status in ("CHECKED_IN", "COMPETED")
    return Registration(
        project_id=project.id,
        person_id=person.id,
        group=entry.person.group,
        organization_id=person.organization_id,
        status=entry.status,
        source="SELF",
        decision_reason=entry.reason,
        ticket_no=entry.ticket_no,
        ticket_version=1 if entry.ticket_no else 0,
        anonymous_code=entry.anonymous_code,
        station_no=entry.station_no,
        submitted_at=submitted,
        decided_at=decided,
        checked_in_at=project.starts_at - timedelta(minutes=45) if seated else None,
        coach_name=_coach(entry),
    )


def _coach(entry: EntryPlan) -> str:
    """Name a teacher for the students, so the 优秀指导教师 award has candidates (§6)."""
    if entry.person.group != "STUDENT":
        return ""
    return DEMO_COACHES[int(entry.person.id_number[-2]) % len(DEMO_COACHES)]


def ensure_scores(rng: random.Random, regs: list[Registration], judges: list[JudgePlan],
                  users: dict[str, User], projects: dict[tuple[str, str, str], Project],
                  today: date) -> int:
    """Score the finished project fully and lock it; score part of the live one (no commit).

    Values are in range and never flag: judgement panels differ by at most 1, panel scores
    stay within 15% of the median, and theory marks are distinct so no tie survives.
    Judges never score a contestant from their own employer or with a declared conflict
    (回避). Returns the number of events added.
    """
    employer = {users[j.username].id: j.person.org for j in judges}
    declared = {(row[0], row[1]) for row in db.session.execute(
        select(DeclaredConflict.judge_person_id, DeclaredConflict.person_id))}
    events = Keyed(ScoreEvent, lambda e: e.client_id)
    sheets = Keyed(SheetState, lambda s: (s.registration_id, s.aspect_id, s.component_id))
    for key, share, state in ((SCORED, 1.0, "LOCKED"), (IN_PROGRESS, 0.5, "ENTERED")):
        project = projects[key]
        entries = [r for r in regs if r.project_id == project.id]
        chief = users[next(j.username for j in judges
                           if j.occupation == key[1] and j.role == "CHIEF_JUDGE")]
        panel = [users[j.username] for j in judges if j.occupation == key[1] and j.role == "JUDGE"]
        aspects = project_aspects(project)
        seats = panels(panel, aspects)
        theory = theory_component(project)
        theory_marks = rng.sample(range(52, 99), len(entries))
        assert project.starts_at is not None
        clock = project.starts_at + timedelta(hours=1)
        for n, reg in enumerate(entries):
            if rng.random() >= share:
                continue
            ability = rng.uniform(0.55, 0.95)
            values: list[tuple[User, int | None, int | None, Decimal]] = [
                (chief, None, theory.id, Decimal(theory_marks[n]))]
            for aspect in aspects:
                if share < 1 and aspect.code >= "C":
                    break  # the live project has reached criterion C
                for judge, value in _aspect_values(rng, aspect.kind, aspect.max_mark, ability,
                                                   seats[aspect.id]):
                    values.append((judge, aspect.id, None, value))
            for judge, aspect_id, component_id, value in values:
                if employer.get(judge.id) == _org_name(reg) or (
                        (judge.person_id, reg.person_id) in declared):
                    continue  # 回避: same employer, or a declared conflict
                clock += timedelta(seconds=rng.randrange(20, 90))
                client_id = str(uuid.uuid5(
                    CLIENT_NS, f"{reg.id}:{aspect_id}:{component_id}:{judge.id}"))
                added = events.added
                event = events.get_or_add(
                    client_id, ScoreEvent, client_id=client_id,
                    payload_hash=payload_hash(
                        client_id=client_id, judge_id=judge.id, registration_id=reg.id,
                        aspect_id=aspect_id, component_id=component_id, value=value),
                    judge_id=judge.id, registration_id=reg.id, aspect_id=aspect_id,
                    component_id=component_id, value=value,
                    client_time=clock - timedelta(seconds=2), server_time=clock)
                if events.added > added:
                    _audit_score(event, project.id)
                sheets.get_or_add((reg.id, aspect_id, component_id), SheetState,
                                  registration_id=reg.id, aspect_id=aspect_id,
                                  component_id=component_id, state=state)
        project.scheme_locked_at = at(project.starts_at.date() - timedelta(days=1), 18)
        if state == "LOCKED":
            project.scores_locked_at = at(today - timedelta(days=1), 17, 30)
            project.result_status = "PROVISIONAL"
    db.session.flush()
    return events.added


def _aspect_values(rng: random.Random, kind: str, max_mark: Decimal, ability: float,
                   judges: list[User]) -> list[tuple[User, Decimal]]:
    """Return each seated judge's value for one aspect."""
    if kind == "M":
        return [(judges[0], max_mark if rng.random() < ability + 0.1 else Decimal(0))]
    if kind == "J":
        low = min(2, max(0, round(3 * ability - 0.8 + rng.uniform(-0.4, 0.4))))
        return [(j, Decimal(low + (1 if rng.random() < 0.35 else 0))) for j in judges]
    centre = max(1, min(int(max_mark) - 1, round(float(max_mark) * ability)))
    return [(j, Decimal(centre + rng.choice((-1, 0, 0, 1)))) for j in judges]


def _org_name(reg: Registration) -> str | None:
    """Return the name of the contestant's employer or school."""
    return reg.organization.name if reg.organization else None


def _audit_score(event: ScoreEvent, project_id: int) -> None:
    """Audit a demo score like a tablet's, so `flask audit verify` passes on demo data."""
    db.session.flush()
    audit.record("score.submitted", entity="score_event", entity_id=event.id,
                 actor_id=event.judge_id, project_id=project_id,
                 new={"value": event.value, "registration_id": event.registration_id,
                      "aspect_id": event.aspect_id, "component_id": event.component_id,
                      "client_id": event.client_id,
                      "client_time": event.client_time.isoformat() if event.client_time
                      else None},
                 now=event.server_time)
