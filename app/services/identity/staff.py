"""Staff accounts of a competition: judges, chief judges, approvers and arbitrators.

An organizer creates each account with the person behind it (name, ID number, employer:
recusal needs them), a judge's qualification (裁判员资格) and the projects a judge serves.
The account gets a random one-time password, shown once to the organizer (no e-mail is
assumed). Accounts are made through ``accounts.add_user``, so every password rule applies.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.domain.idcard import IdCardError, parse_id_number
from app.errors import ConflictError, ForbiddenError, NotFoundError, ServiceError
from app.extensions import db, write_transaction
from app.models import (
    Competition,
    JudgeAssignment,
    JudgeQualification,
    Person,
    RoleAssignment,
    User,
)
from app.security import Role, has_role
from app.services.common.access import Need, get_competition
from app.services.common.scope import can_manage_competition
from app.services.identity.accounts import (
    AccountError,
    add_user,
    check_username,
    hash_password,
    one_time_password,
)
from app.services.identity.people import find_or_add_organization, is_mobile, normalise_phone
from app.services.results.reasons import describe
from app.services.scoring import audit

STAFF_ROLES = {
    "JUDGE": _l("Judge"),
    "CHIEF_JUDGE": _l("Chief judge"),
    "APPROVER": _l("Approver"),
    "ARBITRATOR": _l("Arbitrator"),
}
JUDGING_ROLES = ("JUDGE", "CHIEF_JUDGE")
QUALIFICATION_LEVELS = {
    "NATIONAL": _l("National judge"),
    "PROVINCIAL": _l("Provincial judge"),
    "MUNICIPAL": _l("Municipal judge"),
    "ENTERPRISE": _l("Enterprise or school judge"),
}
MAX_NAME = 100
MAX_EMPLOYER = 200
MAX_CERTIFICATE = 40


@dataclass(frozen=True)
class StaffData:
    """One staff member as a form, a JSON body or an imported row gives it."""

    role: str
    username: str
    name: str
    id_number: str
    employer: str = ""
    phone: str = ""
    qualification_level: str = ""
    certificate_no: str = ""
    expires_on: date | None = None
    project_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class StaffProblem:
    """Why a staff member cannot be created: the field, a stable code, a translated message."""

    field: str
    code: str
    message: str


@dataclass
class CreatedStaff:
    """A new account and its one-time password (shown once, never stored in clear)."""

    user: User
    password: str
    projects: list[int] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Return JSON-ready data, password included."""
        return {"user_id": self.user.id, "username": self.user.username,
                "display_name": self.user.display_name,
                "roles": sorted({r.role for r in self.user.roles}),
                "one_time_password": self.password, "project_ids": self.projects}


def load_competition(actor: Any, competition_id: int) -> Competition:
    """Return a competition the actor organizes, or raise NotFoundError."""
    competition = get_competition(actor, competition_id, Need.MANAGE)
    if not has_role(actor, Role.ORGANIZER):
        raise ForbiddenError("auth.forbidden", _("Only an organizer may manage staff."))
    return competition


def check_staff(competition: Competition, data: StaffData, *, now: datetime,
                taken_ids: set[str] | None = None) -> tuple[list[StaffProblem], Any]:
    """Check one staff member; return the problems and the parsed ID card (or None)."""
    problems: list[StaffProblem] = []

    def bad(field_name: str, code: str, message: str) -> None:
        problems.append(StaffProblem(field_name, code, message))

    if data.role not in STAFF_ROLES:
        bad("role", "staff.role_invalid",
            _("Choose the role: %(roles)s.", roles=", ".join(STAFF_ROLES)))
    try:
        check_username(data.username.strip())
    except AccountError as error:
        bad("username", error.code, error.message)
    name = " ".join(data.name.split())
    if not name or len(name) > MAX_NAME:
        bad("name", "staff.name_invalid", _("Give a name of 1 to %(n)d characters.", n=MAX_NAME))
    info = None
    try:
        info = parse_id_number(data.id_number, today=now.date())
    except IdCardError as error:
        bad("id_number", error.code, describe(error.code, error.params, error.message))
    if info is not None and taken_ids is not None and info.number in taken_ids:
        bad("id_number", "staff.duplicate_person",
            _("This ID number appears twice in the file."))
    if len(data.employer.strip()) > MAX_EMPLOYER:
        bad("employer", "staff.employer_too_long",
            _("The employer may have at most %(n)d characters.", n=MAX_EMPLOYER))
    if data.phone.strip() and not is_mobile(normalise_phone(data.phone)):
        bad("phone", "staff.phone_invalid", _("The mobile number is not valid."))
    _check_qualification(data, competition, bad)
    projects = {p.id for p in competition.projects}
    if data.project_ids and data.role not in JUDGING_ROLES:
        bad("project_ids", "staff.projects_for_judges",
            _("Only judges and chief judges serve projects."))
    for project_id in data.project_ids:
        if project_id not in projects:
            bad("project_ids", "staff.project_unknown",
                _("Project %(id)s is not part of this competition.", id=project_id))
    return problems, info


def _check_qualification(data: StaffData, competition: Competition, bad: Any) -> None:
    given = data.qualification_level or data.certificate_no or data.expires_on
    if not given:
        return
    if data.qualification_level not in QUALIFICATION_LEVELS:
        bad("qualification_level", "staff.qualification_level_invalid",
            _("Choose the qualification level: %(levels)s.",
              levels=", ".join(QUALIFICATION_LEVELS)))
    if not data.certificate_no.strip() or len(data.certificate_no.strip()) > MAX_CERTIFICATE:
        bad("certificate_no", "staff.certificate_invalid",
            _("Give the qualification certificate number (1 to %(n)d characters).",
              n=MAX_CERTIFICATE))
    if data.expires_on is not None and data.expires_on < competition.ends_on:
        bad("expires_on", "staff.qualification_expired",
            _("The qualification expires on %(date)s, before the competition ends.",
              date=data.expires_on.isoformat()))


def new_secret() -> tuple[str, str]:
    """Return a one-time password and its hash (slow: compute it outside a write)."""
    password = one_time_password()
    return password, hash_password(password)


def add_staff(actor: User, competition: Competition, data: StaffData, info: Any, *,
              now: datetime, secret: tuple[str, str] | None = None) -> CreatedStaff:
    """Add one checked staff member inside the caller's write transaction (no commit)."""
    person = db.session.scalar(select(Person).where(Person.id_number == info.number))
    if person is not None and db.session.scalar(
            select(User.id).where(User.person_id == person.id)) is not None:
        raise ConflictError("staff.person_has_account",
                            _("This person already has an account."), field="id_number")
    employer = None
    if data.employer.strip():
        employer = find_or_add_organization(data.employer.strip(), "EMPLOYER")
        db.session.flush()
    if person is None:
        person = Person(name=" ".join(data.name.split()), id_number=info.number,
                        gender=info.gender.value, birth_date=info.birth_date,
                        phone=normalise_phone(data.phone),
                        organization_id=employer.id if employer else None, created_at=now)
        db.session.add(person)
    elif employer is not None:
        person.organization_id = employer.id
    db.session.flush()
    roles = ["CHIEF_JUDGE", "JUDGE"] if data.role == "CHIEF_JUDGE" else [data.role]
    password, digest = secret or (one_time_password(), None)
    try:
        user = add_user(data.username, password, display_name=person.name, roles=(),
                        person_id=person.id, actor_id=actor.id, password_hash=digest,
                        must_change_password=True)
    except AccountError as error:
        raise ServiceError(error.code, error.message, field=error.field) from error
    # Scoped to the competition: its organizers manage the account, no one else's.
    user.roles = [RoleAssignment(role=r, competition_id=competition.id, created_at=now)
                  for r in roles]
    if data.qualification_level:
        qualification = db.session.scalar(
            select(JudgeQualification).where(JudgeQualification.person_id == person.id))
        if qualification is None:
            qualification = JudgeQualification(person_id=person.id, created_at=now)
            db.session.add(qualification)
        qualification.level = data.qualification_level
        qualification.certificate_no = data.certificate_no.strip()
        qualification.expires_on = data.expires_on
    for project_id in data.project_ids:
        _seat(user, project_id, data.role, now=now)
    db.session.flush()
    audit.record("staff.created", entity="user", entity_id=user.id, actor_id=actor.id,
                 new={"role": data.role, "competition_id": competition.id,
                      "project_ids": list(data.project_ids)}, now=now)
    return CreatedStaff(user, password, list(data.project_ids))


def _seat(user: User, project_id: int, role: str, *, now: datetime) -> None:
    """Assign the judge to a project (the panel seats are set on the project's page)."""
    if role == "CHIEF_JUDGE":
        chief = db.session.scalar(select(JudgeAssignment.id).where(
            JudgeAssignment.project_id == project_id, JudgeAssignment.role == "CHIEF_JUDGE"))
        if chief is not None:
            raise ConflictError("assign.chief_exists",
                                _("Project %(id)s already has a chief judge.", id=project_id),
                                field="project_ids")
    db.session.add(JudgeAssignment(project_id=project_id, user_id=user.id, role=role,
                                   created_at=now))


def create_staff(actor: User, competition_id: int, data: StaffData, *,
                 now: datetime) -> CreatedStaff:
    """Create one staff account with its person, qualification and projects."""
    secret = new_secret()  # hashed before the write, which other writers wait for
    with write_transaction():
        competition = load_competition(actor, competition_id)
        problems, info = check_staff(competition, data, now=now)
        if problems:
            first = problems[0]
            raise ServiceError(first.code, first.message, field=first.field)
        created = add_staff(actor, competition, data, info, now=now, secret=secret)
    return created


def list_staff(actor: User, competition_id: int) -> list[dict[str, Any]]:
    """Return the competition's staff: account, roles, person, qualification, projects."""
    competition = load_competition(actor, competition_id)
    users = db.session.scalars(
        select(User).join(RoleAssignment, RoleAssignment.user_id == User.id)
        .where(RoleAssignment.competition_id == competition.id,
               RoleAssignment.role.in_(list(STAFF_ROLES)))
        .distinct().order_by(User.id))
    project_ids = {p.id for p in competition.projects}
    out = []
    for user in users:
        qualification = None if user.person_id is None else db.session.scalar(
            select(JudgeQualification).where(JudgeQualification.person_id == user.person_id))
        served = sorted(db.session.scalars(select(JudgeAssignment.project_id).where(
            JudgeAssignment.user_id == user.id,
            JudgeAssignment.project_id.in_(project_ids or {0}))))
        out.append({
            "user_id": user.id, "username": user.username, "name": user.display_name,
            "active": user.active,
            "roles": sorted({r.role for r in user.roles if r.competition_id == competition.id}),
            "employer": user.person.organization.name
            if user.person and user.person.organization else "",
            "qualification": None if qualification is None else {
                "level": qualification.level, "certificate_no": qualification.certificate_no,
                "expires_on": qualification.expires_on.isoformat()
                if qualification.expires_on else None},
            "project_ids": served,
        })
    return out


def deactivate_staff(actor: User, competition_id: int, user_id: int, *,
                     now: datetime) -> User:
    """Disable a staff account whose every role lies in competitions the actor organizes."""
    with write_transaction():
        competition = load_competition(actor, competition_id)
        user = db.session.get(User, user_id)
        if user is None or not any(r.competition_id == competition.id for r in user.roles):
            raise NotFoundError("staff.not_found", _("No such staff member."), field="user_id")
        for role in user.roles:
            other = None if role.competition_id is None else db.session.get(
                Competition, role.competition_id)
            if other is None or not can_manage_competition(actor, other):
                raise ForbiddenError("staff.shared_account", _(
                    "This account also serves elsewhere; ask an administrator."),
                    field="user_id")
        if user.active:
            user.active = False
            audit.record("staff.deactivated", entity="user", entity_id=user.id,
                         actor_id=actor.id, now=now)
    return user


def set_qualification(actor: User, competition_id: int, user_id: int, *, level: str,
                      certificate_no: str, expires_on: date | None,
                      now: datetime) -> JudgeQualification:
    """Record or renew a staff member's judge qualification (level, number, expiry)."""
    with write_transaction():
        competition = load_competition(actor, competition_id)
        user = db.session.get(User, user_id)
        if user is None or user.person_id is None or not any(
                r.competition_id == competition.id for r in user.roles):
            raise NotFoundError("staff.not_found", _("No such staff member."), field="user_id")
        data = StaffData(role="JUDGE", username=user.username, name="-", id_number="",
                         qualification_level=level, certificate_no=certificate_no,
                         expires_on=expires_on)
        problems: list[StaffProblem] = []
        _check_qualification(data, competition,
                             lambda f, c, m: problems.append(StaffProblem(f, c, m)))
        if not level:
            problems.insert(0, StaffProblem("qualification_level",
                                            "staff.qualification_level_invalid",
                                            _("Choose the qualification level: %(levels)s.",
                                              levels=", ".join(QUALIFICATION_LEVELS))))
        if problems:
            raise ServiceError(problems[0].code, problems[0].message, field=problems[0].field)
        qualification = db.session.scalar(select(JudgeQualification).where(
            JudgeQualification.person_id == user.person_id))
        old = None if qualification is None else {
            "level": qualification.level, "certificate_no": qualification.certificate_no,
            "expires_on": _iso(qualification.expires_on)}
        if qualification is None:
            qualification = JudgeQualification(person_id=user.person_id, created_at=now)
            db.session.add(qualification)
        qualification.level = level
        qualification.certificate_no = certificate_no.strip()
        qualification.expires_on = expires_on
        db.session.flush()
        audit.record("staff.qualification_set", entity="user", entity_id=user.id,
                     actor_id=actor.id, old=old,
                     new={"level": level, "certificate_no": qualification.certificate_no,
                          "expires_on": _iso(expires_on)}, now=now)
    return qualification


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def project_names(competition: Competition) -> dict[str, int]:
    """Return folded project name (and id as text) → id, for imported rows."""
    out: dict[str, int] = {}
    for project in competition.projects:
        out[project.name.strip().casefold()] = project.id
        out[str(project.id)] = project.id
    return out

