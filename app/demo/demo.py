"""Load the realistic, deterministic demo (`flask demo`); a second run adds nothing."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from app.demo.demo_accounts import (
    AccountSpec,
    Login,
    demo_logins,
    ensure_accounts,
    staff_specs,
)
from app.demo.demo_contests import ensure_competitions, ensure_judging, ensure_schemes
from app.demo.demo_data import OCCUPATIONS, ORGS, SEED
from app.demo.demo_entries import (
    IN_PROGRESS,
    SCORED,
    EntryPlan,
    ensure_registrations,
    ensure_scores,
    plan_entries,
)
from app.demo.demo_people import JudgePlan, PersonPlan, plan_people
from app.demo.demo_rows import Keyed
from app.extensions import db
from app.models import (
    DeclaredConflict,
    Occupation,
    Organization,
    Person,
    PersonGrade,
)

# Contestant accounts: people in the scored project, then in the live one.
CONTESTANT_ACCOUNTS = ((SCORED, 12), (IN_PROGRESS, 8))


@dataclass
class DemoSummary:
    """What the demo holds after loading: row counts, what this run added, the log-ins."""

    counts: dict[str, int] = field(default_factory=dict)
    added: dict[str, int] = field(default_factory=dict)
    logins: list[Login] = field(default_factory=list)


def load_demo(*, today: date | None = None, seed: int = SEED) -> DemoSummary:
    """Ensure the demo data exists, committing once per phase; return a summary.

    Everything is keyed on natural keys (names, ID numbers, usernames, codes), so running it
    again finds the rows instead of duplicating them. The same seed draws the same people.
    """
    today = today or date.today()
    rng = random.Random(seed)
    contestants, judges = plan_people(rng, today)
    entries = plan_entries(rng, contestants, today.year)
    before = count_rows()

    _ensure_organizations()
    _ensure_occupations()
    db.session.commit()

    _ensure_people(contestants + [j.person for j in judges])
    db.session.commit()

    projects = ensure_competitions(today)
    ensure_schemes(list(projects.values()))
    db.session.commit()

    account_holders = _contestant_accounts(entries)
    users = ensure_accounts(staff_specs() + _judge_specs(judges) + [
        AccountSpec(f"contestant{i:02d}", p.name, "CONTESTANT", person_id_number=p.id_number,
                    strong_hash=i == 1)
        for i, p in enumerate(account_holders, start=1)
    ])
    _ensure_conflicts(judges, account_holders)
    db.session.commit()

    ensure_judging(list(projects.values()), judges, users)
    db.session.commit()

    regs = ensure_registrations(entries, projects)
    db.session.commit()

    ensure_scores(rng, regs, judges, users, projects, today)
    db.session.commit()

    after = count_rows()
    return DemoSummary(
        counts=after,
        added={name: n - before[name] for name, n in after.items() if n != before[name]},
        logins=demo_logins("contestant01"),
    )


def count_rows() -> dict[str, int]:
    """Return the number of rows in every table, by table name."""
    return {
        table.name: db.session.scalar(select(func.count()).select_from(table)) or 0
        for table in db.metadata.sorted_tables
    }


def _ensure_organizations() -> None:
    """Add the organizing bodies, employers and schools, parents first."""
    orgs = Keyed(Organization, lambda o: o.name)
    for spec in ORGS:
        parent = orgs.get(spec.parent) if spec.parent else None
        orgs.get_or_add(spec.name, Organization, name=spec.name, kind=spec.kind,
                        region=spec.region, parent=parent)


def _ensure_occupations() -> None:
    """Add the four occupations with their codes."""
    occupations = Keyed(Occupation, lambda o: o.code)
    for code, name, name_en in OCCUPATIONS:
        occupations.get_or_add(code, Occupation, code=code, name=name, name_en=name_en)


def _ensure_people(plans: list[PersonPlan]) -> None:
    """Add people and their current grade (a certificate) in their occupation."""
    orgs = {o.name: o.id for o in db.session.scalars(select(Organization))}
    occupations = {o.code: o.id for o in db.session.scalars(select(Occupation))}
    people = Keyed(Person, lambda p: p.id_number)
    for plan in plans:
        people.get_or_add(plan.id_number, _person, plan, orgs, occupations)


def _person(plan: PersonPlan, orgs: dict[str, int], occupations: dict[str, int]) -> Person:
    """Build a person, with a CERTIFICATE grade when the plan has one."""
    person = Person(
        name=plan.name,
        id_number=plan.id_number,
        gender=plan.gender,
        birth_date=plan.birth_date,
        phone=plan.phone,
        organization_id=orgs[plan.org],
    )
    if plan.grade is not None and plan.grade_on is not None:
        person.grades = [PersonGrade(
            occupation_id=occupations[plan.occupation],
            grade=plan.grade,
            source="CERTIFICATE",
            certificate_no="",
            obtained_on=plan.grade_on,
        )]
    return person


def _judge_specs(judges: list[JudgePlan]) -> list[AccountSpec]:
    """Return one account per judge, linked to the judge's person."""
    shown = {"chief02", "judge01", "judge06"}
    return [
        AccountSpec(j.username, j.person.name, j.role, person_id_number=j.person.id_number,
                    strong_hash=j.username in shown)
        for j in judges
    ]


def _contestant_accounts(entries: list[EntryPlan]) -> list[PersonPlan]:
    """Pick who gets a contestant account: first the scored project, then the live one."""
    out: list[PersonPlan] = []
    for key, limit in CONTESTANT_ACCOUNTS:
        out += [e.person for e in entries if e.key == key and e.person not in out][:limit]
    return out


def _ensure_conflicts(judges: list[JudgePlan], holders: list[PersonPlan]) -> None:
    """Declare one conflict (a live-project contestant's relative) besides same-employer."""
    people = {p.id_number: p.id for p in db.session.scalars(select(Person))}
    conflicts = Keyed(DeclaredConflict, lambda c: (c.judge_person_id, c.person_id))
    judge = next(j for j in judges if j.username == "judge02")
    contestant = holders[-1]
    key = (people[judge.person.id_number], people[contestant.id_number])
    conflicts.get_or_add(key, DeclaredConflict, judge_person_id=key[0], person_id=key[1],
                         reason="亲属关系（表兄弟）")

