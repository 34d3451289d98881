"""Accounts: the first administrator, and the demo's log-ins for every role."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from werkzeug.security import generate_password_hash

from app.demo.demo_data import CANGZHOU, HEBEI, MOHRSS, TANGSHAN
from app.demo.demo_rows import Keyed
from app.extensions import db
from app.models import Organization, Person, RoleAssignment, User

# Bulk demo accounts (judges, contestants) use a real but quick KDF so `flask demo` stays
# fast; the log-ins printed for each role use werkzeug's default (scrypt).
BULK_HASH = "pbkdf2:sha256:20000"

ORGANIZER_USERS = {
    MOHRSS: ("org_mohrss", "人社部职业技能竞赛处"),
    HEBEI: ("org_hebei", "河北省人社厅竞赛办"),
    TANGSHAN: ("org_tangshan", "唐山市人社局竞赛办"),
    CANGZHOU: ("org_cangzhou", "沧州市人社局竞赛办"),
    "唐山华冶重工机械有限公司": ("org_huaye", "华冶重工工会"),
    "唐山市机电技工学校": ("org_ts_school", "唐山机电技工学校教务处"),
    "沧州明远电气有限公司": ("org_mingyuan", "明远电气人力资源部"),
    "沧州市交通职业技术学校": ("org_cz_school", "沧州交通职校教务处"),
}
PASSWORDS = {
    "ADMIN": "admin123",
    "ORGANIZER": "organizer123",
    "APPROVER": "approver123",
    "ARBITRATOR": "arbitrator123",
    "CHIEF_JUDGE": "chief123",
    "JUDGE": "judge123",
    "CONTESTANT": "contestant123",
}


@dataclass(frozen=True)
class Login:
    """A demo log-in shown to the user: role, username, password and what to try."""

    role: str
    username: str
    password: str
    note: str


@dataclass(frozen=True)
class AccountSpec:
    """A demo account to ensure."""

    username: str
    display_name: str
    role: str
    organization: str | None = None  # the ORGANIZER role's scope
    person_id_number: str | None = None
    strong_hash: bool = False


def create_admin(username: str, password: str, *,
                 temporary: bool = False) -> tuple[User, bool]:
    """Create an administrator (scrypt-hashed password); return it and whether it is new.

    `temporary` when the operator chose the password for someone else: the administrator
    must change it at the first log-in.
    """
    existing = db.session.scalar(select(User).where(User.username == username))
    if existing is not None:
        return existing, False
    user = User(
        username=username,
        display_name=username,
        password_hash=generate_password_hash(password),
        must_change_password=temporary,
    )
    user.roles = [RoleAssignment(role="ADMIN")]
    db.session.add(user)
    db.session.commit()
    return user, True


def ensure_accounts(specs: list[AccountSpec]) -> dict[str, User]:
    """Add missing accounts and role assignments (no commit); return users by username."""
    orgs = {org.name: org.id for org in db.session.scalars(select(Organization))}
    people = Keyed(Person, lambda p: p.id_number)
    users = Keyed(User, lambda u: u.username)
    roles = Keyed(
        RoleAssignment, lambda r: (r.user_id, r.role, r.organization_id, r.competition_id)
    )
    for spec in specs:
        person = people.get(spec.person_id_number) if spec.person_id_number else None
        password = PASSWORDS[spec.role]
        method = "scrypt" if spec.strong_hash else BULK_HASH
        user = users.get(spec.username)
        if user is None:
            # Hash only for new accounts: a second run must not pay for (or change) it.
            user = users.get_or_add(
                spec.username,
                User,
                username=spec.username,
                display_name=spec.display_name,
                password_hash=generate_password_hash(password, method=method),
                person_id=person.id if person else None,
            )
            db.session.flush()
        org_id = orgs[spec.organization] if spec.organization else None
        roles.get_or_add((user.id, spec.role, org_id, None), RoleAssignment,
                         user_id=user.id, role=spec.role, organization_id=org_id)
    return users.rows  # type: ignore[return-value]


def staff_specs() -> list[AccountSpec]:
    """Return the admin, organizers, approver and arbitrator accounts."""
    specs = [AccountSpec("admin", "系统管理员", "ADMIN", strong_hash=True)]
    for org, (username, name) in ORGANIZER_USERS.items():
        specs.append(AccountSpec(username, name, "ORGANIZER", org, strong_hash=True))
    specs.append(AccountSpec("approver", "省鉴定中心核准员", "APPROVER",
                             strong_hash=True))
    specs.append(AccountSpec("arbitrator", "仲裁组组长", "ARBITRATOR", strong_hash=True))
    return specs


def demo_logins(contestant_username: str) -> list[Login]:
    """Return the log-ins to print, one or more per role."""
    rows = [Login("ADMIN", "admin", PASSWORDS["ADMIN"], "全部功能 / everything")]
    notes = {
        "org_tangshan": "唐山市赛及其企业/院校赛 / Tangshan contests and their feeders",
        "org_cangzhou": "沧州市赛及其企业/院校赛 / Cangzhou contests and their feeders",
        "org_hebei": "省赛及以下 / provincial contest and below",
        "org_huaye": "企业赛 / an enterprise contest",
    }
    for username, note in notes.items():
        rows.append(Login("ORGANIZER", username, PASSWORDS["ORGANIZER"], note))
    rows += [
        Login("CHIEF_JUDGE", "chief02", PASSWORDS["CHIEF_JUDGE"],
              "电工裁判长：唐山电工已锁分 / Electrician chief judge, scores locked"),
        Login("JUDGE", "judge01", PASSWORDS["JUDGE"],
              "焊工裁判：唐山焊工评分进行中 / Welder judge, scoring in progress"),
        Login("JUDGE", "judge06", PASSWORDS["JUDGE"], "电工裁判 / Electrician judge"),
        Login("APPROVER", "approver", PASSWORDS["APPROVER"], "晋升核准 / approves promotions"),
        Login("ARBITRATOR", "arbitrator", PASSWORDS["ARBITRATOR"], "仲裁 / decides appeals"),
        Login("CONTESTANT", contestant_username, PASSWORDS["CONTESTANT"],
              "唐山电工选手 / Tangshan electrician contestant"),
    ]
    return rows
