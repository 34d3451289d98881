"""Generate the demo's people deterministically: names, valid ID numbers, phones, grades."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from app.demo.demo_data import (
    ASSESSMENT_CENTRE,
    EMPLOYEE_GRADES,
    FEMALE_GIVEN,
    MALE_GIVEN,
    OCCUPATIONS,
    ORGS,
    PHONE_PREFIXES,
    STUDENT_GRADES,
    SURNAMES,
    OrgSpec,
)
from app.domain.codes import Gender
from app.domain.idcard import check_digit

JUDGES_PER_OCCUPATION = 5
# Judges whose employer also sends contestants, so recusal (回避) has something to do:
# (occupation code, judge index) → organization. The others work at the assessment centre.
JUDGE_EMPLOYERS = {
    ("6-18-02-04", 1): "唐山华冶重工机械有限公司",
    ("6-31-01-03", 1): "沧州明远电气有限公司",
    ("6-18-01-01", 1): "沧州恒通机械制造有限公司",
    ("6-18-01-01", 3): "唐山市机电技工学校",
    ("4-12-01-01", 2): "沧州市交通职业技术学校",
}


@dataclass(frozen=True)
class PersonPlan:
    """One person to create: identity, affiliation, occupation and current grade."""

    name: str
    id_number: str
    gender: str
    birth_date: date
    phone: str
    org: str
    occupation: str
    group: str  # EMPLOYEE or STUDENT
    grade: str | None
    grade_on: date | None


@dataclass(frozen=True)
class JudgePlan:
    """A judge or chief judge: an account and the person behind it."""

    username: str
    role: str  # JUDGE or CHIEF_JUDGE
    occupation: str
    index: int  # 0 = chief judge, 1… = judges
    person: PersonPlan


class PeopleGenerator:
    """Draw people from one seeded random stream, never repeating an ID number or phone."""

    def __init__(self, rng: random.Random, today: date) -> None:
        self.rng = rng
        self.today = today
        self.ids: set[str] = set()
        self.phones: set[str] = set()

    def id_number(self, region: str, birth: date, gender: str) -> str:
        """Return a fresh valid 18-digit number: region, birth date, serial, check digit."""
        while True:
            serial = self.rng.randrange(0, 500) * 2 + (1 if gender == Gender.MALE else 0)
            first17 = f"{region}{birth:%Y%m%d}{serial:03d}"
            number = first17 + check_digit(first17)
            if number not in self.ids:
                self.ids.add(number)
                return number

    def phone(self) -> str:
        """Return a fresh mainland mobile number."""
        while True:
            number = self.rng.choice(PHONE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"
            if number not in self.phones:
                self.phones.add(number)
                return number

    def name(self, gender: str) -> str:
        """Return a Chinese name: a surname and one or two given characters."""
        pool = MALE_GIVEN if gender == Gender.MALE else FEMALE_GIVEN
        given = "".join(self.rng.choice(pool) for _ in range(self.rng.choice((1, 2, 2))))
        return self.rng.choice(SURNAMES) + given

    def birth_date(self, group: str, gender: str) -> date:
        """Return a plausible birth date: students 2002–2006, workers of working age."""
        if group == "STUDENT":
            first, last = 2002, 2006
        else:
            # Women retire earlier (50/55), so female workers are younger in the demo.
            first, last = (1970, 2000) if gender == Gender.MALE else (1980, 2000)
        start = date(first, 1, 1)
        span = (date(last, 12, 31) - start).days
        return start + timedelta(days=self.rng.randrange(span + 1))

    def grade(self, group: str, birth: date) -> tuple[str | None, date | None]:
        """Return a current grade drawn from the group's distribution, with when it was won."""
        table = STUDENT_GRADES if group == "STUDENT" else EMPLOYEE_GRADES
        grade = self.rng.choices([g for g, _ in table], [w for _, w in table])[0]
        if grade is None:
            return None, None
        earliest = max(date(birth.year + 17, 7, 1), self.today - timedelta(days=365 * 12))
        latest = self.today - timedelta(days=90)
        if earliest >= latest:
            earliest = latest - timedelta(days=30)
        return grade, earliest + timedelta(days=self.rng.randrange((latest - earliest).days))

    def person(self, org: OrgSpec, occupation: str, region: str | None = None) -> PersonPlan:
        """Return one member of an organization practising an occupation."""
        group = "STUDENT" if org.kind == "SCHOOL" else "EMPLOYEE"
        male_share = 0.8 if occupation != "4-12-01-01" else 0.9
        gender = Gender.MALE if self.rng.random() < male_share else Gender.FEMALE
        birth = self.birth_date(group, gender)
        region = region or self.rng.choice(org.region_codes)
        grade, grade_on = self.grade(group, birth)
        return PersonPlan(
            name=self.name(gender),
            id_number=self.id_number(region, birth, gender),
            gender=gender.value,
            birth_date=birth,
            phone=self.phone(),
            org=org.name,
            occupation=occupation,
            group=group,
            grade=grade,
            grade_on=grade_on,
        )


    def judge(self, org: OrgSpec, occupation: str) -> PersonPlan:
        """Return a judge: an experienced worker holding 技师 or 高级技师."""
        gender = Gender.MALE if self.rng.random() < 0.85 else Gender.FEMALE
        start = date(1968 if gender == Gender.MALE else 1976, 1, 1)
        birth = start + timedelta(days=self.rng.randrange(365 * 10))
        return PersonPlan(
            name=self.name(gender),
            id_number=self.id_number("130102", birth, gender),
            gender=gender.value,
            birth_date=birth,
            phone=self.phone(),
            org=org.name,
            occupation=occupation,
            group="EMPLOYEE",
            grade=self.rng.choice(("L2", "L1", "L1")),
            grade_on=self.today - timedelta(days=365 * 3 + self.rng.randrange(365 * 5)),
        )


def plan_people(rng: random.Random, today: date) -> tuple[list[PersonPlan], list[JudgePlan]]:
    """Return the contestants (about 300) and the judges, the same for the same seed."""
    gen = PeopleGenerator(rng, today)
    contestants = [
        gen.person(org, org.occupations[i % len(org.occupations)])
        for org in ORGS
        for i in range(org.people)
    ]
    orgs = {org.name: org for org in ORGS}
    judges: list[JudgePlan] = []
    for number, (code, _name, _en) in enumerate(OCCUPATIONS, start=1):
        for index in range(JUDGES_PER_OCCUPATION + 1):
            employer = JUDGE_EMPLOYERS.get((code, index), ASSESSMENT_CENTRE)
            person = gen.judge(orgs[employer], code)
            if index == 0:
                username, role = f"chief{number:02d}", "CHIEF_JUDGE"
            else:
                seq = (number - 1) * JUDGES_PER_OCCUPATION + index
                username, role = f"judge{seq:02d}", "JUDGE"
            judges.append(JudgePlan(username, role, code, index, person))
    return contestants, judges
