"""Registration eligibility (§3): every failing rule with a code and a message."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from app.domain.codes import Gender, Group, RegistrationStatus, Tier
from app.domain.eligibility import (
    EligibilityResult,
    ExistingRegistration,
    HeldTitle,
    Person,
    ProjectRules,
    age_on,
    check_eligibility,
    retirement_date,
)
from app.domain.grades import Grade

NOW = datetime(2025, 5, 10, 9, 0)
PROJECT = ProjectRules(
    id="P1",
    occupation="电工",
    group=Group.EMPLOYEE,
    contest_date=date(2025, 6, 1),
    registration_opens=datetime(2025, 5, 1),
    registration_closes=datetime(2025, 5, 20, 23, 59),
)
PERSON = Person(
    id="u1", group=Group.EMPLOYEE, id_number="320102199003071239", grades={"电工": Grade.L3}
)


def check(
    person: Person = PERSON,
    project: ProjectRules = PROJECT,
    registrations: tuple[ExistingRegistration, ...] = (),
    now: datetime = NOW,
    **kw: str,
) -> EligibilityResult:
    return check_eligibility(person, project, registrations, now, **kw)


def test_eligible() -> None:
    result = check()
    assert result.ok and result.failures == ()
    assert result.to_dict() == {"ok": True, "failures": []}


def reg(
    status: RegistrationStatus,
    rid: str = "r1",
    project: str = "P1",
    qualified_from: str | None = None,
) -> ExistingRegistration:
    return ExistingRegistration(rid, "u1", project, status, qualified_from)


@pytest.mark.parametrize(
    ("person", "project", "registrations", "now", "codes"),
    [
        # age 15 at the contest date (born 2009-06-02) — ID derived birth date
        (
            replace(PERSON, id_number=None, birth_date=date(2009, 6, 2), gender=Gender.MALE),
            PROJECT,
            (),
            NOW,
            ["eligibility.age_min"],
        ),
        # exactly 16 on the contest day is fine
        (
            replace(PERSON, id_number=None, birth_date=date(2009, 6, 1), gender=Gender.MALE),
            PROJECT,
            (),
            NOW,
            [],
        ),
        # a man born 1964-06: retired at 60 in 2024-06
        (
            replace(PERSON, id_number=None, birth_date=date(1964, 6, 1), gender=Gender.MALE),
            PROJECT,
            (),
            NOW,
            ["eligibility.age_retired"],
        ),
        # a man born 1965-03-15 retires at 60y1m = 2025-04-15, before the contest
        (
            replace(PERSON, id_number=None, birth_date=date(1965, 3, 15), gender=Gender.MALE),
            PROJECT,
            (),
            NOW,
            ["eligibility.age_retired"],
        ),
        # born 1965-06-15: 60y2m → 2025-08-15, still working on the contest day
        (
            replace(PERSON, id_number=None, birth_date=date(1965, 6, 15), gender=Gender.MALE),
            PROJECT,
            (),
            NOW,
            [],
        ),
        # a woman of 52 on a 50 post is retired; on the default 55 post she is not
        (
            replace(
                PERSON,
                id_number=None,
                birth_date=date(1973, 1, 1),
                gender=Gender.FEMALE,
                retirement_base_age=50,
            ),
            PROJECT,
            (),
            NOW,
            ["eligibility.age_retired"],
        ),
        (
            replace(PERSON, id_number=None, birth_date=date(1973, 1, 1), gender=Gender.FEMALE),
            PROJECT,
            (),
            NOW,
            [],
        ),
        (
            replace(PERSON, id_number=None, birth_date=None),
            PROJECT,
            (),
            NOW,
            ["eligibility.birth_date"],
        ),
        (
            replace(PERSON, id_number="320102199003071230"),
            PROJECT,
            (),
            NOW,
            ["eligibility.id_number", "eligibility.birth_date"],
        ),
        (replace(PERSON, group=Group.STUDENT), PROJECT, (), NOW, ["eligibility.group"]),
        (PERSON, replace(PROJECT, min_grade=Grade.L2), (), NOW, ["eligibility.grade_min"]),
        (PERSON, replace(PROJECT, max_grade=Grade.L4), (), NOW, ["eligibility.grade_max"]),
        (
            replace(PERSON, grades={}),
            replace(PROJECT, min_grade=Grade.L5),
            (),
            NOW,
            ["eligibility.grade_min"],
        ),  # no grade recorded = APPRENTICE
        (PERSON, replace(PROJECT, max_age=30), (), NOW, ["eligibility.age_max"]),
        (PERSON, PROJECT, (reg(RegistrationStatus.APPROVED),), NOW, ["eligibility.duplicate"]),
        (PERSON, PROJECT, (reg(RegistrationStatus.WITHDRAWN),), NOW, []),
        (PERSON, PROJECT, (reg(RegistrationStatus.REJECTED),), NOW, []),
        (PERSON, PROJECT, (reg(RegistrationStatus.APPROVED, project="P2"),), NOW, []),
        (PERSON, PROJECT, (), datetime(2025, 4, 30), ["eligibility.window_not_open"]),
        (PERSON, PROJECT, (), datetime(2025, 5, 21), ["eligibility.window_closed"]),
        (
            PERSON,
            replace(PROJECT, qualification_only=True, feeder_project_id="F1"),
            (),
            NOW,
            ["eligibility.quota"],
        ),
        (
            PERSON,
            replace(PROJECT, qualification_only=True, feeder_project_id="F1"),
            (reg(RegistrationStatus.QUALIFIED),),
            NOW,
            ["eligibility.duplicate"],
        ),
        (
            replace(PERSON, titles=(HeldTitle(Tier.MUNICIPAL, "电工", 2023),)),
            replace(PROJECT, barred_title_tiers=frozenset({Tier.MUNICIPAL})),
            (),
            NOW,
            ["eligibility.title_holder"],
        ),
        (
            replace(PERSON, titles=(HeldTitle(Tier.MUNICIPAL, "焊工", 2023),)),
            replace(
                PROJECT,
                barred_title_tiers=frozenset({Tier.MUNICIPAL}),
                barred_titles_same_occupation_only=True,
            ),
            (),
            NOW,
            [],
        ),
        (
            replace(PERSON, titles=(HeldTitle(Tier.ENTERPRISE),)),
            replace(PROJECT, barred_title_tiers=frozenset({Tier.MUNICIPAL})),
            (),
            NOW,
            [],
        ),
    ],
)
def test_each_rule(
    person: Person,
    project: ProjectRules,
    registrations: tuple[ExistingRegistration, ...],
    now: datetime,
    codes: list[str],
) -> None:
    result = check(person, project, registrations, now)
    assert list(result.codes) == codes
    assert result.ok is (not codes)
    for failure in result.failures:
        assert failure.message  # a Chinese default message for each failure


def test_qualified_registration_is_not_its_own_duplicate() -> None:
    project = replace(PROJECT, qualification_only=True, feeder_project_id="F1")
    own = reg(RegistrationStatus.QUALIFIED, qualified_from="F1")
    assert check(project=project, registrations=(own,), registration_id="r1").ok
    confirmed = reg(RegistrationStatus.APPROVED, qualified_from="F1")
    assert check(project=project, registrations=(confirmed,), registration_id="r1").ok


def test_every_failure_is_listed_at_once() -> None:
    person = replace(PERSON, group=Group.STUDENT, id_number="123")
    project = replace(PROJECT, min_grade=Grade.L1)
    result = check(person, project, (reg(RegistrationStatus.SUBMITTED),), datetime(2026, 1, 1))
    assert set(result.codes) == {
        "eligibility.id_number",
        "eligibility.birth_date",
        "eligibility.group",
        "eligibility.grade_min",
        "eligibility.duplicate",
        "eligibility.window_closed",
    }
    data = result.to_dict()
    assert data["ok"] is False and data["failures"][0]["code"] == "eligibility.id_number"


@pytest.mark.parametrize(
    ("birth", "gender", "base", "expected"),
    [
        (date(1964, 12, 31), Gender.MALE, None, date(2024, 12, 31)),
        (date(1965, 1, 10), Gender.MALE, None, date(2025, 2, 10)),
        (date(1965, 5, 10), Gender.MALE, None, date(2025, 7, 10)),
        (date(1976, 12, 1), Gender.MALE, None, date(2039, 12, 1)),  # full 63
        (date(1970, 1, 1), Gender.FEMALE, 55, date(2025, 2, 1)),
        (date(1975, 1, 1), Gender.FEMALE, 50, date(2025, 2, 1)),
        (date(1975, 3, 1), Gender.FEMALE, 50, date(2025, 5, 1)),
        (date(1990, 3, 1), Gender.FEMALE, 50, date(2045, 3, 1)),  # full 55
    ],
)
def test_retirement_date(birth: date, gender: Gender, base: int | None, expected: date) -> None:
    assert retirement_date(birth, gender, base) == expected


def test_age_on() -> None:
    assert age_on(date(2000, 2, 29), date(2016, 2, 28)) == 15
    assert age_on(date(2000, 2, 29), date(2016, 2, 29)) == 16
