"""The only place ORM rows become domain dataclasses (and nothing else converts them)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date
from decimal import Decimal

from app.domain.awards import AwardScheme, AwardSettings
from app.domain.codes import FinishStatus, Gender, Group, RegistrationStatus, ResultStatus
from app.domain.conflicts import ContestantProfile, JudgeProfile
from app.domain.eligibility import ExistingRegistration, HeldTitle, ProjectRules
from app.domain.eligibility import Person as DomainPerson
from app.domain.evaluation_types import EntryInput, ProjectInput, WorldSkillsSettings
from app.domain.grades import Grade, parse_grade
from app.domain.honours import Honour
from app.domain.promotion import PriorPromotion, PromotionState
from app.domain.ranking import RankedEntry
from app.domain.rulesets import RuleSet
from app.domain.scheme import Aggregation, AspectKind, ComponentKind, MarkingScheme
from app.domain.scheme import Aspect as DomainAspect
from app.domain.scheme import Component as DomainComponent
from app.domain.scoring import ComponentInput
from app.domain.scoring import Penalty as DomainPenalty
from app.models import (
    Aspect,
    Component,
    Organization,
    Penalty,
    Person,
    PersonGrade,
    Project,
    Promotion,
    Registration,
    User,
)


def current_grades(grades: Iterable[PersonGrade]) -> dict[int, PersonGrade]:
    """Return each occupation's current grade row: the latest obtained, then recorded."""
    latest: dict[int, PersonGrade] = {}
    for row in grades:
        held = latest.get(row.occupation_id)
        if held is None or _grade_key(row) >= _grade_key(held):
            latest[row.occupation_id] = row
    return latest


def _grade_key(row: PersonGrade) -> tuple[object, int]:
    # A row not yet flushed has no id: it is the newest of its day.
    return (row.obtained_on, row.id if row.id is not None else 1 << 62)


def grade_or_none(code: str | None) -> Grade | None:
    """Return the Grade for a stored code, None when no code is stored."""
    return parse_grade(code) if code else None


def domain_person(
    *,
    id_number: str,
    group: str,
    grades: Mapping[str, str],
    gender: str | None = None,
    birth_date: object = None,
    titles: tuple[HeldTitle, ...] = (),
) -> DomainPerson:
    """Build the eligibility Person; its key is the ID number, unique per natural person.

    ``grades`` maps occupation code → grade code (the current grade in that occupation).
    Birth date and gender fall back to those in the ID number inside the rules.
    """
    return DomainPerson(
        id=id_number,
        group=Group(group),
        id_number=id_number,
        birth_date=birth_date,  # type: ignore[arg-type]
        gender=Gender(gender) if gender else None,
        grades={occ: parse_grade(code) for occ, code in grades.items() if code},
        titles=titles,
    )


def person_grades_by_occupation_code(person: Person) -> dict[str, str]:
    """Return the person's current grade code per occupation code."""
    return {
        row.occupation.code: row.grade for row in current_grades(person.grades).values()
    }


def project_rules(project: Project) -> ProjectRules:
    """Build a project's eligibility rules from the project and its competition.

    The contest date is the competition's first day: age limits are taken on that day.
    Any feeder project's quota place is accepted (feeder_project_id None), since a project
    may be fed by several lower-tier projects.
    """
    competition = project.competition
    return ProjectRules(
        id=str(project.id),
        occupation=project.occupation.code,
        group=Group(project.group),
        contest_date=competition.starts_on,
        registration_opens=competition.registration_opens_at,
        registration_closes=competition.registration_closes_at,
        min_grade=grade_or_none(project.min_grade),
        max_grade=grade_or_none(project.max_grade),
        qualification_only=project.qualification_only,
        barred_honours=frozenset(
            Honour(code) for code in project.barred_honours or () if code in Honour.__members__
        ),
        min_age=project.min_age if project.min_age is not None else 16,
        max_age=project.max_age,
    )


def held_titles(person: Person | None) -> tuple[HeldTitle, ...]:
    """Return the honours a person holds, as the title-holder bar sees them (§3)."""
    if person is None:
        return ()
    return tuple(
        HeldTitle(
            tier=Honour(h.honour).tier,
            occupation=h.occupation.code if h.occupation else None,
            year=h.year,
            honour=Honour(h.honour),
            name=h.name,
        )
        for h in person.honours
        if h.honour in Honour.__members__
    )


def existing_registration(
    registration: Registration, *, id_number: str, qualified_from_project_id: int | None = None
) -> ExistingRegistration:
    """Build the eligibility view of a stored registration (person keyed by ID number)."""
    return ExistingRegistration(
        id=str(registration.id),
        person_id=id_number,
        project_id=str(registration.project_id),
        status=RegistrationStatus(registration.status),
        qualified_from_project_id=(
            str(qualified_from_project_id) if qualified_from_project_id is not None else None
        ),
    )


# ---------------------------------------------------------------------------------------------
# Judging (issue #5): marking schemes, recusal profiles and live-standings inputs.
# ---------------------------------------------------------------------------------------------

#: Live standings decide no promotions or titles: an empty rule set keeps the engine to
#: scores, ranks and awards.
LIVE_RULES = RuleSet("LIVE", "live standings", ())


def domain_aspect(aspect: Aspect, *, criterion: str, sub_criterion: str,
                  panel_size: int | None) -> DomainAspect:
    """Build a scheme aspect; an M aspect's deduction table comes from its descriptors."""
    kind = AspectKind(aspect.kind)
    allowed: tuple[Decimal, ...] = ()
    if kind is AspectKind.M:
        allowed = tuple(
            Decimal(str(d["value"])) for d in aspect.descriptors or ()
            if isinstance(d, Mapping) and d.get("value") not in (None, "")
        )
    return DomainAspect(
        code=aspect.code,
        criterion=criterion,
        sub_criterion=sub_criterion,
        max_mark=aspect.max_mark,
        kind=kind,
        description=aspect.description,
        aggregation=Aggregation(aspect.aggregation or "mean"),
        panel_size=panel_size,
        allowed=allowed,
    )


def domain_components(components: Iterable[Component], *,
                      panel_sizes: Mapping[int, int] | None = None) -> tuple[DomainComponent, ...]:
    """Build a project's components and schemes; panel_sizes maps aspect id → seated judges."""
    out = []
    for component in components:
        aspects = [
            domain_aspect(aspect, criterion=criterion.code, sub_criterion=sub.code,
                          panel_size=(panel_sizes or {}).get(aspect.id))
            for criterion in component.criteria
            for sub in criterion.sub_criteria
            for aspect in sub.aspects
        ]
        out.append(DomainComponent(
            code=component.code,
            kind=ComponentKind(component.kind),
            weight=component.weight,
            name=component.name,
            scheme=MarkingScheme(tuple(aspects)) if aspects else None,
        ))
    return tuple(out)


def _affiliation(organization: Organization | None) -> tuple[str | None, str | None]:
    """Return (employer, school) names of an organization by its kind."""
    if organization is None:
        return None, None
    if organization.kind == "SCHOOL":
        return None, organization.name
    return organization.name, None


def judge_profile(user: User, *, declared_person_ids: Iterable[int] = ()) -> JudgeProfile:
    """Build a judge's recusal profile from their person record (by person id, else user id)."""
    person = user.person
    employer, school = _affiliation(person.organization if person is not None else None)
    return JudgeProfile(
        id=judge_key(user),
        employer=employer,
        school=school,
        declared_conflicts=frozenset(str(pid) for pid in declared_person_ids),
    )


def judge_key(user: User) -> str:
    """Return the id a judge has in recusal profiles."""
    return str(user.person_id) if user.person_id is not None else f"user:{user.id}"


def contestant_profile(registration: Registration) -> ContestantProfile:
    """Build a contestant's profile: the registration's organization, else the person's."""
    # The affiliation the entry was made (and approved) with: a later sign-up elsewhere that
    # names another employer must not move this entry's recusals.
    organization = registration.organization or registration.person.organization
    employer, school = _affiliation(organization)
    return ContestantProfile(person_id=str(registration.person_id), employer=employer,
                             school=school)


def domain_penalty(penalty: Penalty) -> DomainPenalty:
    """Build a penalty; a disqualifying one counts only once countersigned (§4)."""
    return DomainPenalty(
        code=str(penalty.id),
        points=penalty.points,
        name=penalty.reason,
        disqualifying=penalty.disqualifies,
        countersigned_by=(str(penalty.countersigned_by_id)
                          if penalty.countersigned_by_id is not None else None),
    )


def award_settings(project: Project) -> AwardSettings:
    """Build the project's award settings; award_params may hold percents and counts."""
    params = project.award_params or {}
    defaults = AwardSettings()
    percents = params.get("percents")
    counts = params.get("counts")
    return AwardSettings(
        scheme=AwardScheme(project.award_scheme) if project.award_scheme else defaults.scheme,
        percents=tuple(Decimal(str(p)) for p in percents) if percents else defaults.percents,
        counts=tuple(int(c) for c in counts) if counts else defaults.counts,
    )


def live_project_input(project: Project, components: tuple[DomainComponent, ...], *,
                       chief_judge_order: tuple[str, ...] = ()) -> ProjectInput:
    """Build the engine's project for live standings (unmarked aspects count 0)."""
    shares = project.shares_ranks
    if shares is None:
        shares = project.competition.shares_ranks
    return ProjectInput(
        project_id=str(project.id),
        occupation=project.occupation.code,
        components=components,
        rule_set=LIVE_RULES,
        contest_year=project.competition.year,
        award=award_settings(project),
        shares_ranks=bool(shares),
        chief_judge_order=chief_judge_order,
        pass_mark=project.pass_mark,
        team_size=project.team_size,
        allow_missing_aspects=True,
    )


def live_entry_input(registration: Registration, *, status: str,
                     components: Mapping[str, ComponentInput],
                     working_time: int | None) -> EntryInput:
    """Build one registration's engine entry for live standings."""
    return EntryInput(
        entry_id=str(registration.id),
        person_id=str(registration.person_id),
        group=Group(registration.group),
        status=FinishStatus(status),
        components=components,
        working_time=working_time,
        code=registration.anonymous_code or "",
    )


# ---------------------------------------------------------------------------------------------
# Finalisation and what-if (issue #7): the live entries plus rules, grades, earlier promotions.
# ---------------------------------------------------------------------------------------------


def prior_promotion(row: Promotion, *, occupation_code: str, project_id: int,
                    decided_on: date) -> PriorPromotion:
    """Build an earlier contest promotion for the once-a-year gate (§10.11).

    ``decided_on`` is the last day of the promotion's competition, the order the promotions
    service uses for "the earlier contest stays".
    """
    return PriorPromotion(
        id=str(row.id),
        person_id=str(row.person_id),
        occupation=occupation_code,
        grade_after=parse_grade(row.grade_after),
        state=PromotionState(row.state),
        year=row.year,
        decided_on=decided_on,
        project_id=str(project_id),
        grade_before=parse_grade(row.grade_before),
    )


def outcome_project_input(live: ProjectInput, project: Project, *, rule_set: RuleSet,
                          final: bool, appeals_open: bool = False) -> ProjectInput:
    """Return the live project input with the rule set, the quota and the results' state."""
    feeds = project.advances_to_id is not None
    return replace(
        live,
        rule_set=rule_set,
        quota=project.quota if feeds else None,
        advances_to=str(project.advances_to_id) if feeds else None,
        result_status=ResultStatus.FINAL if final else ResultStatus(
            project.result_status if project.result_status in ResultStatus.__members__
            else "PROVISIONAL"),
        appeals_open=appeals_open,
        worldskills=WorldSkillsSettings() if project.use_worldskills_scale else None,
        region=project.competition.region,
        occupation_name=project.occupation.name,
        ceiling=grade_or_none(project.occupation.top_grade),
        once_a_year=project.competition.once_a_year,
    )


def outcome_entry_input(live: EntryInput, *, current_grade: str | None,
                        earlier: tuple[PriorPromotion, ...] = (),
                        withdrawn: bool = False) -> EntryInput:
    """Return a live entry with the person's grade, earlier promotions and withdrawal."""
    return replace(live, current_grade=grade_or_none(current_grade),
                   earlier_promotions=earlier, withdrawn=withdrawn)


def ranked_entry(registration_id: int, *, finish_status: str, rank: int | None) -> RankedEntry:
    """Build a stored final result's place, for filling a withdrawn qualification slot."""
    return RankedEntry(entry_id=str(registration_id), status=FinishStatus(finish_status),
                       rank=rank, position=rank or 10**6)
