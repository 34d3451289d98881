"""Registration eligibility (§3): every failing rule, each with a code and a message."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from app.domain.codes import Gender, Group, RegistrationStatus, Tier
from app.domain.errors import IdCardError, Reason
from app.domain.grades import Grade, parse_grade
from app.domain.honours import Honour
from app.domain.idcard import parse_id_number

#: Registrations that no longer hold a place (they never make a new one a duplicate).
INACTIVE = frozenset({RegistrationStatus.REJECTED, RegistrationStatus.WITHDRAWN})


@dataclass(frozen=True, slots=True)
class HeldTitle:
    """An honour a person holds (e.g. 市技术能手 in 电工); ``name`` as recorded (§2)."""

    tier: Tier
    occupation: str | None = None
    year: int | None = None
    honour: Honour | None = None
    name: str = ""


@dataclass(frozen=True, slots=True)
class Person:
    """A would-be contestant; birth date and gender fall back to those in the ID number."""

    id: str
    group: Group
    id_number: str | None = None
    birth_date: date | None = None
    gender: Gender | None = None
    grades: Mapping[str, Grade] = field(default_factory=dict)  # occupation → current grade
    titles: tuple[HeldTitle, ...] = ()
    #: 50 or 55 for women, 60 for men, before the 2025 gradual rise; None → the project default.
    retirement_base_age: int | None = None


@dataclass(frozen=True, slots=True)
class ProjectRules:
    """What a project asks of its registrations (§3)."""

    id: str
    occupation: str
    group: Group
    contest_date: date
    registration_opens: datetime | None = None
    registration_closes: datetime | None = None
    min_grade: Grade | None = None
    max_grade: Grade | None = None
    qualification_only: bool = False
    feeder_project_id: str | None = None
    barred_title_tiers: frozenset[Tier] = frozenset()
    barred_titles_same_occupation_only: bool = False
    #: The honours whose holders may not enter (烟台 [LOCAL], a per-project setting, §3).
    barred_honours: frozenset[Honour] = frozenset()
    min_age: int = 16
    max_age: int | None = None
    #: [DEFAULT] a woman still employed past 50 is usually in a 55 post, so 55 unless told.
    female_retirement_base_age: int = 55


@dataclass(frozen=True, slots=True)
class ExistingRegistration:
    """A registration already on file."""

    id: str
    person_id: str
    project_id: str
    status: RegistrationStatus
    qualified_from_project_id: str | None = None


@dataclass(frozen=True, slots=True)
class EligibilityResult:
    """ok, plus every failing rule (empty when ok)."""

    ok: bool
    failures: tuple[Reason, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        """Return the failing rule codes."""
        return tuple(f.code for f in self.failures)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {"ok": self.ok, "failures": [f.to_dict() for f in self.failures]}


def age_on(birth: date, day: date) -> int:
    """Return the age in whole years on a day."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _add_months(day: date, months: int) -> date:
    """Return day plus months, clamping the day to the month's end."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    for dd in (day.day, 30, 29, 28):
        try:
            return date(year, month + 1, dd)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def retirement_date(birth: date, gender: Gender, base_age: int | None = None) -> date:
    """Return the statutory retirement date under the 2025 gradual rise (§3 age rule).

    全国人大常委会 2024-09-13: from 2025-01-01, men (60) and women with a base of 55 retire one
    month later per four months of birth, up to 63 and 58; women with a base of 50, one month
    later per two months, up to 55. Birth months before the start keep the base age.
    """
    base = base_age if base_age is not None else (60 if gender is Gender.MALE else 55)
    start_year, every, most = {60: (1965, 4, 36), 55: (1970, 4, 36), 50: (1975, 2, 60)}.get(
        base, (9999, 1, 0)
    )
    k = (birth.year - start_year) * 12 + birth.month - 1
    delay = min(most, k // every + 1) if k >= 0 else 0
    return _add_months(birth, base * 12 + delay)


def check_eligibility(
    person: Person,
    project: ProjectRules,
    registrations: Sequence[ExistingRegistration],
    now: datetime,
    *,
    registration_id: str | None = None,
) -> EligibilityResult:
    """Evaluate every eligibility rule of §3 and return ok plus each failure.

    Rules: valid ID number; age from 16 to the statutory retirement age at the contest date
    (and the project's max age if set); group matches; min/max current grade in the project's
    occupation (none recorded = APPRENTICE, §10.10); one active registration per person per
    project (``registration_id`` is the one being checked and is not its own duplicate);
    registration window open at ``now``; a feeder-contest quota place when the project is
    qualification-only; no barred title (e.g. 技术能手 holders at municipal contests, [LOCAL]).
    """
    failures: list[Reason] = []
    birth, gender = person.birth_date, person.gender
    if person.id_number:
        try:
            info = parse_id_number(person.id_number)
        except IdCardError as exc:
            failures.append(Reason("eligibility.id_number", exc.message, exc.params, "id_number"))
        else:
            birth, gender = birth or info.birth_date, gender or info.gender
    failures += _age_failures(person, project, birth, gender)
    if person.group is not project.group:
        failures.append(
            Reason(
                "eligibility.group",
                f"组别不符：本赛项为{project.group.zh}，报名人属{person.group.zh}",
                {"required": project.group.value, "actual": person.group.value},
                "group",
            )
        )
    failures += _grade_failures(person, project)
    failures += _registration_failures(person, project, registrations, registration_id)
    failures += _window_failures(project, now)
    failures += _title_failures(person, project)
    return EligibilityResult(ok=not failures, failures=tuple(failures))


def _age_failures(
    person: Person, project: ProjectRules, birth: date | None, gender: Gender | None
) -> list[Reason]:
    """Check the age window at the contest date (§3)."""
    if birth is None:
        return [Reason("eligibility.birth_date", "缺少出生日期，无法核对年龄", {}, "birth_date")]
    age = age_on(birth, project.contest_date)
    out: list[Reason] = []
    if age < project.min_age:
        out.append(
            Reason(
                "eligibility.age_min",
                f"比赛日年龄{age}岁，未满{project.min_age}周岁",
                {"age": age, "min_age": project.min_age},
                "birth_date",
            )
        )
    if project.max_age is not None and age > project.max_age:
        out.append(
            Reason(
                "eligibility.age_max",
                f"比赛日年龄{age}岁，超过本赛项上限{project.max_age}岁",
                {"age": age, "max_age": project.max_age},
                "birth_date",
            )
        )
    if gender is not None:
        base = person.retirement_base_age
        if base is None and gender is Gender.FEMALE:
            base = project.female_retirement_base_age
        retire = retirement_date(birth, gender, base)
        if project.contest_date >= retire:
            out.append(
                Reason(
                    "eligibility.age_retired",
                    f"比赛日已达法定退休年龄（{retire.isoformat()}退休）",
                    {"age": age, "retirement_date": retire.isoformat()},
                    "birth_date",
                )
            )
    return out


def _grade_failures(person: Person, project: ProjectRules) -> list[Reason]:
    """Check the project's minimum and maximum current grade (§3)."""
    cur = parse_grade(person.grades.get(project.occupation))
    out: list[Reason] = []
    if project.min_grade is not None and cur.ordinal < project.min_grade.ordinal:
        out.append(
            Reason(
                "eligibility.grade_min",
                f"{project.occupation}当前等级为{cur.zh}，低于要求的{project.min_grade.zh}",
                {"current": cur.value, "min_grade": project.min_grade.value},
                "grade",
            )
        )
    if project.max_grade is not None and cur.ordinal > project.max_grade.ordinal:
        out.append(
            Reason(
                "eligibility.grade_max",
                f"{project.occupation}当前等级为{cur.zh}，高于允许的{project.max_grade.zh}",
                {"current": cur.value, "max_grade": project.max_grade.value},
                "grade",
            )
        )
    return out


def _registration_failures(
    person: Person,
    project: ProjectRules,
    registrations: Sequence[ExistingRegistration],
    registration_id: str | None,
) -> list[Reason]:
    """Check one registration per person per project, and the feeder quota (§3, §1)."""
    mine = [r for r in registrations if r.person_id == person.id and r.project_id == project.id]
    out: list[Reason] = []
    others = [r for r in mine if r.id != registration_id and r.status not in INACTIVE]
    if others:
        out.append(
            Reason(
                "eligibility.duplicate",
                "该人员已报名本赛项，不能重复报名",
                {"registration_id": others[0].id, "status": others[0].status.value},
                "person",
            )
        )
    if project.qualification_only:
        placed = any(
            r.status is RegistrationStatus.QUALIFIED
            or (
                r.qualified_from_project_id is not None
                and project.feeder_project_id in (None, r.qualified_from_project_id)
            )
            for r in mine
            if r.status not in INACTIVE
        )
        if not placed:
            out.append(
                Reason(
                    "eligibility.quota",
                    "本赛项仅限选拔晋级人员参赛，该人员未获得上一级赛事的晋级名额",
                    {"feeder_project_id": project.feeder_project_id},
                    "person",
                )
            )
    return out


def _window_failures(project: ProjectRules, now: datetime) -> list[Reason]:
    """Check the registration window at now (§3)."""
    if project.registration_opens is not None and now < project.registration_opens:
        opens = project.registration_opens.isoformat()
        msg = f"报名尚未开始（{opens}开始）"
        return [Reason("eligibility.window_not_open", msg, {"opens": opens})]
    if project.registration_closes is not None and now > project.registration_closes:
        closes = project.registration_closes.isoformat()
        msg = f"报名已截止（{closes}截止）"
        return [Reason("eligibility.window_closed", msg, {"closes": closes})]
    return []


def _title_failures(person: Person, project: ProjectRules) -> list[Reason]:
    """Check the title-holder bar (§3, [LOCAL]): by barred honour, or by the honour's tier."""
    for title in person.titles:
        if title.honour is not None and title.honour in project.barred_honours:
            if (
                project.barred_titles_same_occupation_only
                and title.occupation not in (None, project.occupation)
            ):
                continue
            name = title.name or title.honour.zh
            return [
                Reason(
                    "eligibility.honour_holder",
                    f"已获{name}，本赛项不接受该荣誉获得者以选手身份参赛",
                    {"honour": title.honour.value, "name": name, "year": title.year},
                    "titles",
                )
            ]
        if title.tier not in project.barred_title_tiers:
            continue
        if project.barred_titles_same_occupation_only and title.occupation != project.occupation:
            continue
        return [
            Reason(
                "eligibility.title_holder",
                f"已获{title.tier.zh}技术能手称号，不得参加本赛项",
                {"tier": title.tier.value, "occupation": title.occupation},
                "titles",
            )
        ]
    return []
