"""Self-registration (报名): check an ID number, preview eligibility, register, withdraw."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from app.domain.eligibility import EligibilityResult
from app.domain.errors import IdCardError
from app.domain.idcard import parse_id_number
from app.extensions import begin_write, db
from app.models import Competition, Person, Project, Registration, User
from app.services.entry.registration_rules import (
    BLOCKING_CODES,
    ApplicantInput,
    CheckedApplicant,
    NotFoundError,
    Problem,
    RegistrationError,
    check_applicant,
    evaluate,
    idcard_problem,
    reason_dicts,
    refuse,
    snapshot,
    status_label,
)
from app.services.entry.registration_status import (
    approve_registrations,
    list_registrations,
    reject_registrations,
)
from app.services.identity.people import find_or_add_organization, mask_id_number, record_grade
from app.services.scoring import audit

__all__ = [
    "ApplicantInput",
    "NotFoundError",
    "Problem",
    "RegistrationError",
    "approve_registrations",
    "check_id_number",
    "get_my_person",
    "list_my_registrations",
    "list_open_projects",
    "list_registrations",
    "preview_eligibility",
    "register_for_project",
    "already_submitted",
    "reject_registrations",
    "withdraw_registration",
]

WITHDRAWABLE = frozenset({"SUBMITTED", "APPROVED", "QUALIFIED"})


@dataclass(frozen=True)
class Verdict:
    """One project's eligibility for the applicant."""

    project: Project
    result: EligibilityResult

    @property
    def reasons(self) -> list[dict[str, Any]]:
        """Return every failing rule with its message in the user's language."""
        return reason_dicts(self.result)

    @property
    def blocking(self) -> bool:
        """Tell whether a failure stops self-registration (window, duplicate)."""
        return any(code in BLOCKING_CODES for code in self.result.codes)


@dataclass(frozen=True)
class Preview:
    """The outcome of checking a form without saving it."""

    problems: list[Problem]
    verdicts: list[Verdict]


def check_id_number(raw: str, *, now: datetime) -> dict[str, Any]:
    """Validate an ID number and say what it tells (birth date, gender) or why it is bad."""
    try:
        info = parse_id_number(raw, today=now.date())
    except IdCardError as error:
        problem = idcard_problem(error)
        return {"valid": False, "code": problem.code, "message": problem.message}
    return {"valid": True, "number": info.number, "birth_date": info.birth_date.isoformat(),
            "gender": info.gender.value}


def list_open_projects(*, now: datetime) -> list[Project]:
    """List projects of competitions whose registration window is open now."""
    query = (
        select(Project).join(Project.competition)
        .where(Competition.registration_opens_at.is_not(None),
               Competition.registration_opens_at <= now,
               or_(Competition.registration_closes_at.is_(None),
                   Competition.registration_closes_at >= now))
        .options(joinedload(Project.competition), joinedload(Project.occupation))
        .order_by(Competition.starts_on, Competition.id, Project.id)
    )
    return list(db.session.scalars(query))


def get_my_person(user: User) -> Person | None:
    """Return the person linked to the account, if any."""
    return db.session.get(Person, user.person_id) if user.person_id else None


def list_my_registrations(user: User) -> list[Registration]:
    """List the account's own registrations, newest first."""
    if not user.person_id:
        return []
    query = (select(Registration).where(Registration.person_id == user.person_id)
             .options(joinedload(Registration.project).joinedload(Project.competition))
             .order_by(Registration.id.desc()))
    return list(db.session.scalars(query))


def already_submitted(user: User, project_ids: Sequence[int]) -> list[str]:
    """Name the chosen projects where the account already has a submitted registration."""
    # Submitting again updates that registration in place: nothing new is created.
    wanted = set(project_ids)
    return [r.project.name for r in list_my_registrations(user)
            if r.project_id in wanted and r.status == "SUBMITTED"]


def _projects(project_ids: Sequence[int]) -> tuple[list[Project], list[Problem]]:
    ids = list(dict.fromkeys(project_ids))
    if not ids:
        return [], [Problem("project_ids", "registration.no_project",
                            _("Choose at least one project."))]
    found = {p.id: p for p in db.session.scalars(select(Project).where(Project.id.in_(ids)))}
    if len(found) != len(ids):
        return [], [Problem("project_ids", "registration.project_unknown",
                            _("One of the chosen projects does not exist."))]
    return [found[i] for i in ids], []


def _holder(number: str) -> Person | None:
    """Return the one confirmed record of an ID number (pending duplicates aside)."""
    return db.session.scalar(select(Person).where(Person.id_number == number,
                                                  Person.duplicate_of_id.is_(None)))


def _person_for(user: User, applicant: CheckedApplicant,
                project_ids: Sequence[int] = ()) -> tuple[Person | None, list[Problem]]:
    """Find the stored person this applicant is: the account's own record, or none yet.

    A name and an ID number are no proof of being that person (both are printed on many
    documents), so an account is never linked to an existing record here: it gets its own
    pending duplicate instead (see ``_save_person``), which a claim code or the organizer
    links (``claims``). A record that already has an account is refused outright.
    """
    number = applicant.id_info.number
    holder = _holder(number)
    mine = db.session.get(Person, user.person_id) if user.person_id else None
    taken = Problem("id_number", "person.id_number_taken", _(
        "This ID number belongs to another account; ask the organizer for help."))
    if mine is not None:
        if holder is not None and holder.id not in (mine.id, mine.duplicate_of_id):
            return None, [taken]
        return mine, _identity_kept(mine, applicant, project_ids)
    if holder is None:
        return None, []
    linked = db.session.scalar(select(User.id).where(User.person_id == holder.id))
    if linked is not None or holder.name != applicant.name:
        return None, [taken]
    return None, []


def _identity_kept(person: Person, applicant: CheckedApplicant,
                   project_ids: Sequence[int]) -> list[Problem]:
    """Refuse a new name or ID number while another entry stands on the old ones.

    An approved entry's ticket, eligibility and recusals were decided for that identity;
    changing it by signing up again would seat someone else on them (代考). Only entries this
    request submits afresh are checked again, so those alone may go along.
    """
    fields = [field for field, old, new in (("name", person.name, applicant.name),
                                            ("id_number", person.id_number,
                                             applicant.id_info.number)) if old != new]
    if not fields:
        return []
    standing = db.session.scalar(select(Registration.id).where(
        Registration.person_id == person.id,
        Registration.status.not_in(("WITHDRAWN", "REJECTED")),
        or_(Registration.status != "SUBMITTED",
            Registration.project_id.not_in(list(project_ids)))).limit(1))
    if standing is None:
        return []
    return [Problem(field, "person.identity_locked", _(
        "Your other registrations were made with the name and ID number on record; they "
        "cannot be changed here. Withdraw those registrations first, or ask the organizer to "
        "correct them.")) for field in fields]


def preview_eligibility(user: User, data: ApplicantInput, project_ids: Sequence[int], *,
                        now: datetime) -> Preview:
    """Check the form and each chosen project's eligibility rules; change nothing."""
    applicant, problems = check_applicant(data, now=now)
    projects, project_problems = _projects(project_ids)
    problems += project_problems
    if applicant is None:
        return Preview(problems, [])
    person, person_problems = _person_for(user, applicant, [p.id for p in projects])
    problems += person_problems
    results = evaluate(applicant, person, projects, now=now)
    return Preview(problems, [Verdict(p, results[p.id]) for p in projects])


def register_for_project(user: User, data: ApplicantInput, project_ids: Sequence[int], *,
                         now: datetime) -> list[Registration]:
    """Save the applicant's details and submit one registration per chosen project.

    Ineligible registrations are still submitted (the organizer decides), with the verdict
    stored; a closed window or an existing active registration refuses the whole request.
    """
    begin_write()
    preview = preview_eligibility(user, data, project_ids, now=now)
    problems = list(preview.problems)
    for verdict in preview.verdicts:
        for reason in verdict.reasons:
            if reason["code"] in BLOCKING_CODES:
                problems.append(Problem("project_ids", reason["code"],
                                        f"{verdict.project.name}：{reason['text']}"))
    if problems:
        db.session.rollback()
        raise refuse(problems)
    applicant, _unused = check_applicant(data, now=now)
    assert applicant is not None
    person = db.session.get(Person, user.person_id) if user.person_id else None
    person = _save_person(user, applicant, person, now=now)
    saved = [_save_registration(user, person, v, group=applicant.group, now=now,
                                coach_name=applicant.coach_name) for v in preview.verdicts]
    db.session.commit()
    return saved


def _save_person(user: User, applicant: CheckedApplicant, person: Person | None, *,
                 now: datetime) -> Person:
    org = (find_or_add_organization(applicant.organization_name, applicant.organization_kind)
           if applicant.organization_name else None)
    info = applicant.id_info
    created = person is None
    if person is None:
        holder = _holder(info.number)
        # Someone's record already has this number: this account gets a pending duplicate.
        person = Person(grades=[], duplicate_of_id=holder.id if holder else None)
        db.session.add(person)
    person.name, person.id_number, person.phone = applicant.name, info.number, applicant.phone
    person.gender, person.birth_date, person.organization = (info.gender.value,
                                                             info.birth_date, org)
    for occupation, grade, certificate in applicant.grades:
        record_grade(person, occupation.id, grade, certificate, today=now.date())
    db.session.flush()
    if user.person_id != person.id:
        user.person_id = person.id
    audit.record("person.created" if created else "person.updated", entity="person",
                 entity_id=person.id, actor_id=user.id, now=now,
                 new={"name": person.name, "id_number": mask_id_number(person.id_number),
                      "organization": org.name if org else "",
                      "duplicate_of_id": person.duplicate_of_id})
    return person


def _save_registration(user: User, person: Person, verdict: Verdict, *, group: str,
                       now: datetime, coach_name: str = "") -> Registration:
    project = verdict.project
    reg = db.session.scalar(select(Registration).where(
        Registration.project_id == project.id, Registration.person_id == person.id))
    old = None if reg is None else {"status": reg.status}
    if reg is None:
        reg = Registration(project_id=project.id, person_id=person.id, source="SELF")
        db.session.add(reg)
    # The group at registration picks the promotion table (DOMAIN §10.13).
    reg.group, reg.organization_id = group, person.organization_id
    reg.coach_name = coach_name
    reg.status, reg.decision_reason, reg.decided_at = "SUBMITTED", "", None
    reg.withdrawn_at, reg.submitted_at = None, now
    reg.eligibility = snapshot(verdict.result, now)
    db.session.flush()
    audit.record("registration.submitted", entity="registration", entity_id=reg.id,
                 actor_id=user.id, project_id=project.id, old=old, now=now,
                 new={"status": "SUBMITTED", "eligible": verdict.result.ok,
                      "reasons": list(verdict.result.codes)})
    return reg


def withdraw_registration(user: User, registration_id: int, *, now: datetime,
                          reason: str = "") -> Registration:
    """Withdraw one's own registration before check-in."""
    begin_write()
    reg = db.session.get(Registration, registration_id)
    if reg is None or user.person_id is None or reg.person_id != user.person_id:
        db.session.rollback()
        raise NotFoundError()
    if reg.status not in WITHDRAWABLE:
        db.session.rollback()
        raise RegistrationError("registration.illegal_transition", _(
            "A registration that is %(status)s can no longer be withdrawn.",
            status=status_label(reg.status)))
    old = reg.status
    reg.status, reg.withdrawn_at = "WITHDRAWN", now
    audit.record("registration.withdrawn", entity="registration", entity_id=reg.id,
                 actor_id=user.id, project_id=reg.project_id, old={"status": old},
                 new={"status": "WITHDRAWN"}, reason=reason.strip()[:500], now=now)
    db.session.commit()
    return reg

