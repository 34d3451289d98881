"""Account upkeep: own password and sessions, and the admin's users page (unlock, reset codes,
roles).

Administrators manage every account. Organizers may unlock and issue reset codes only for
accounts that hold no role but CONTESTANT (the people who sign themselves up) and whose
person has registered in a competition the organizer manages; staff accounts, and
contestants of other committees, stay with administrators.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from werkzeug.security import check_password_hash, generate_password_hash

from app.domain.throttle import login_wait, retry_after_seconds
from app.errors import ForbiddenError, NotFoundError
from app.extensions import begin_write, db
from app.models import Project, Registration, RoleAssignment, User
from app.security import Role, has_role, user_roles
from app.services.common import list_query
from app.services.common.offload import offload
from app.services.common.scope import managed_competition_ids
from app.services.identity.accounts import AccountError, LoginThrottled
from app.services.identity.hash_gate import hashed
from app.services.identity.passwords import check_password_strength
from app.services.scoring import audit

# Reset codes: 16 characters of an unambiguous alphabet (80 bits), shown in groups of four.
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
RESET_CODE_LENGTH = 16
# Compared against for an unknown username, so it costs what a known account's wrong code does.
_UNKNOWN_DIGEST = hashlib.sha256(secrets.token_bytes(32)).hexdigest()


@dataclass(frozen=True)
class UserRow:
    """One line of the users page."""

    user: User
    roles: tuple[str, ...]
    wait_seconds: int  # 0 unless failed log-ins make the next attempt wait
    granted: tuple[str, ...] = ()  # the unscoped EDITABLE_ROLES it holds (the roles form)


def _digest(code: str) -> str:
    return hashlib.sha256(code.encode("utf-8")).hexdigest()


def _clean_code(raw: str) -> str:
    return "".join(ch for ch in (raw or "").upper() if ch.isalnum())[:64]


def _my_contestants(actor: User) -> Any:
    """Select the ids of accounts whose person registered in a competition `actor` manages."""
    competitions = managed_competition_ids(actor) or set()
    return (select(User.id)
            .join(Registration, Registration.person_id == User.person_id)
            .join(Project, Project.id == Registration.project_id)
            .where(Project.competition_id.in_(competitions)))


def may_manage(actor: User, target: User) -> bool:
    """Tell whether `actor` may unlock `target` or issue it a reset code."""
    if has_role(actor, Role.ADMIN):
        return True
    # A reset code hands over the account: only the committee the contestant entered may.
    return (has_role(actor, Role.ORGANIZER) and actor.id != target.id
            and user_roles(target) <= {Role.CONTESTANT}
            and db.session.scalar(_my_contestants(actor).where(User.id == target.id).limit(1))
            is not None)


def _load_target(actor: User, user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None or not may_manage(actor, user):
        db.session.rollback()
        raise NotFoundError("user.not_found", _("No such account."), field="user_id")
    return user


def _user_search(text: str) -> Any:
    """Username (any case) or display name."""
    return list_query.any_of(
        func.lower(User.username).contains(text.lower(), autoescape=True),
        list_query.contains(User.display_name, text))


USER_SPEC = list_query.ListSpec(
    sorts={"username": list_query.SortKey((User.username,), natural=True),
           "name": list_query.SortKey((User.display_name,)),
           "last_login_at": list_query.SortKey((User.last_login_at,))},
    default_sort="username", tiebreak=User.id, search=_user_search,
)


def page_users(actor: User, wanted: list_query.ListFilter, *,
               now: datetime) -> tuple[Pagination, list[UserRow]]:
    """Return one page of the accounts `actor` may manage that match, with throttle states.

    Organizers see only accounts holding no role but CONTESTANT, never their own, of people
    registered in a competition they manage.
    """
    query = select(User).options(selectinload(User.roles))
    if not has_role(actor, Role.ADMIN):
        staff = select(RoleAssignment.user_id).where(RoleAssignment.role != Role.CONTESTANT)
        query = query.where(User.id.not_in(staff), User.id != actor.id,
                            User.id.in_(_my_contestants(actor)))
    page = list_query.page_of(query, USER_SPEC, wanted)
    return page, [UserRow(user, tuple(sorted({r.role for r in user.roles})),
                          retry_after_seconds(user.locked_until, now), granted_roles(user))
                  for user in page.items]


def granted_roles(user: User) -> tuple[str, ...]:
    """Return the unscoped roles among EDITABLE_ROLES the account holds."""
    editable = {str(r) for r in EDITABLE_ROLES}
    return tuple(sorted({a.role for a in user.roles if a.role in editable
                         and a.organization_id is None and a.competition_id is None}))


def end_sessions(user: User, *, now: datetime, reason: str = "logout") -> None:
    """Make every session cookie of `user` issued so far unusable (log-out everywhere)."""
    begin_write()
    target = db.session.get(User, user.id)
    target.session_version += 1
    audit.record("user.sessions_ended", entity="user", entity_id=target.id,
                 actor_id=user.id, reason=reason, now=now)
    db.session.commit()


def change_password(user: User, *, current_password: str, new_password: str,
                    now: datetime) -> User:
    """Set a new password after checking the current one; every other session ends.

    It must differ from the current one, so a password someone else set (which the account
    must change at its first log-in) cannot be kept by typing it twice.
    """
    # Both scrypt runs happen off the gevent hub and before the write lock (as log-in does).
    known = db.session.scalar(select(User.password_hash).where(User.id == user.id)) or ""
    if not offload(check_password_hash, known, current_password or ""):
        db.session.rollback()
        raise AccountError("password.current_wrong", _("The current password is wrong."),
                           field="current_password")
    if new_password == current_password:
        db.session.rollback()
        raise AccountError("password.unchanged", _(
            "Choose a new password different from the current one."), field="new_password")
    check_password_strength(new_password, username=user.username, field="new_password")
    password_hash = offload(generate_password_hash, new_password)
    begin_write()
    target = db.session.get(User, user.id)
    db.session.refresh(target)
    if target.password_hash != known:  # changed meanwhile: the checked password is stale
        db.session.rollback()
        raise AccountError("password.current_wrong", _("The current password is wrong."),
                           field="current_password")
    target.password_hash = password_hash
    target.session_version += 1
    forced = target.must_change_password
    target.must_change_password = False
    audit.record("user.password_changed", entity="user", entity_id=target.id,
                 actor_id=target.id, new={"was_temporary": forced} if forced else None, now=now)
    db.session.commit()
    return target


def unlock_user(actor: User, user_id: int, *, now: datetime) -> User:
    """Clear an account's failed log-ins and its wait."""
    begin_write()
    user = _load_target(actor, user_id)
    old = {"failed_logins": user.failed_logins}
    user.failed_logins, user.locked_until = 0, None
    audit.record("user.unlocked", entity="user", entity_id=user.id, actor_id=actor.id,
                 old=old, now=now)
    db.session.commit()
    return user


def set_user_active(actor: User, user_id: int, *, active: bool, now: datetime) -> User:
    """Enable or disable an account (admins only; never one's own); disabling ends its sessions."""
    if not has_role(actor, Role.ADMIN):
        raise ForbiddenError("auth.forbidden", _("You do not have permission to do this."))
    begin_write()
    user = _load_target(actor, user_id)
    if user.id == actor.id:
        db.session.rollback()
        raise AccountError("user.self_deactivate", _("You cannot disable your own account."),
                           field="user_id")
    if user.active != active:
        user.active = active
        user.session_version += 1
        audit.record("user.enabled" if active else "user.disabled", entity="user",
                     entity_id=user.id, actor_id=actor.id, now=now)
    db.session.commit()
    return user


# Roles an administrator grants on the users page. They hold without a scope; ORGANIZER needs
# an organizing body (attached on the bodies page) and CONTESTANT comes with a person's sign-up,
# so those two, and every scoped assignment (a competition's staff), are left as they are.
EDITABLE_ROLES = (Role.ADMIN, Role.APPROVER, Role.ARBITRATOR, Role.CHIEF_JUDGE, Role.JUDGE)


def set_user_roles(actor: User, user_id: int, *, roles: list[str], now: datetime) -> User:
    """Set an account's unscoped roles among EDITABLE_ROLES (admins only), audited.

    An administrator cannot take the ADMIN role from themselves, so the last administrator
    can never lock everyone out of the users page.
    """
    if not has_role(actor, Role.ADMIN):
        raise ForbiddenError("auth.forbidden", _("You do not have permission to do this."))
    wanted = set(roles)
    unknown = sorted(wanted - {str(r) for r in EDITABLE_ROLES})
    if unknown:
        raise AccountError("role.not_editable", _(
            "This role cannot be given here: %(role)s.", role=unknown[0]), field="roles")
    begin_write()
    user = _load_target(actor, user_id)
    if user.id == actor.id and Role.ADMIN not in wanted:
        db.session.rollback()
        raise AccountError("user.self_admin_removed", _(
            "You cannot take the administrator role from yourself; ask another "
            "administrator."), field="roles", status=409)
    editable = {str(r) for r in EDITABLE_ROLES}
    held = {a.role for a in user.roles if a.organization_id is None
            and a.competition_id is None and a.role in editable}
    if held == wanted:
        db.session.rollback()
        return user
    user.roles = [a for a in user.roles if not (
        a.organization_id is None and a.competition_id is None and a.role in editable
        and a.role not in wanted)]
    user.roles.extend(RoleAssignment(role=role, created_at=now)
                      for role in sorted(wanted - held))
    audit.record("user.roles_changed", entity="user", entity_id=user.id, actor_id=actor.id,
                 old={"roles": sorted(held)}, new={"roles": sorted(wanted)}, now=now)
    db.session.commit()
    return user


def issue_reset_code(actor: User, user_id: int, *, now: datetime) -> tuple[User, str]:
    """Give an account a one-time reset code (returned once, stored as a digest).

    Its sessions end at once: a reset is what one asks for when an account is lost.
    """
    begin_write()
    user = _load_target(actor, user_id)
    code = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(RESET_CODE_LENGTH))
    hours = current_app.config["RESET_CODE_HOURS"]
    user.reset_code_digest = _digest(code)
    user.reset_code_expires_at = now + timedelta(hours=hours)
    user.session_version += 1
    audit.record("user.reset_code_issued", entity="user", entity_id=user.id,
                 actor_id=actor.id, new={"expires_at": user.reset_code_expires_at.isoformat()},
                 now=now)
    db.session.commit()
    return user, "-".join(code[i:i + 4] for i in range(0, RESET_CODE_LENGTH, 4))


def reset_password_with_code(username: str, code: str, new_password: str, *,
                             now: datetime) -> User:
    """Set a new password with a reset code; wrong codes count as failed log-ins.

    Anonymous: the only slow step (the new password's scrypt) runs in the bounded hashing lane
    (app/services/identity/hash_gate.py), off the gevent hub and before the write lock is taken.
    """
    config = current_app.config
    user = db.session.scalar(select(User).where(User.username == (username or "").strip()))
    if user is None:
        # A known account's wrong code costs one SHA-256 compare and no scrypt; so does this
        # (a dummy scrypt here made an unknown username the slow, tellable case).
        hmac.compare_digest(_UNKNOWN_DIGEST, _digest(_clean_code(code or "")))
        db.session.rollback()
        raise _bad_code()
    waiting = retry_after_seconds(user.locked_until, now)
    if waiting:
        db.session.rollback()
        raise LoginThrottled(waiting)
    if not _code_matches(user, code, now):
        begin_write()  # ends the read; the user is re-read under the lock, so counts stay exact
        db.session.refresh(user)
        user.failed_logins += 1
        wait = login_wait(user.failed_logins, free=config["LOGIN_FREE_FAILURES"],
                          base_seconds=config["LOGIN_DELAY_BASE_SECONDS"],
                          cap_seconds=config["LOGIN_DELAY_CAP_SECONDS"])
        user.locked_until = now + wait if wait else None
        db.session.commit()
        raise _bad_code()
    check_password_strength(new_password, username=user.username, field="new_password")
    password_hash = hashed(generate_password_hash, new_password)
    begin_write()
    db.session.refresh(user)
    if not _code_matches(user, code, now):  # used or replaced while the hash ran
        db.session.rollback()
        raise _bad_code()
    user.password_hash = password_hash
    user.reset_code_digest = user.reset_code_expires_at = None
    user.failed_logins, user.locked_until = 0, None
    user.must_change_password = False  # the owner typed this one
    user.session_version += 1
    audit.record("user.password_reset", entity="user", entity_id=user.id, actor_id=user.id,
                 now=now)
    db.session.commit()
    return user


def _code_matches(user: User, code: str, now: datetime) -> bool:
    return (user.reset_code_digest is not None and user.reset_code_expires_at is not None
            and now < user.reset_code_expires_at
            and hmac.compare_digest(user.reset_code_digest, _digest(_clean_code(code or ""))))


def _bad_code() -> AccountError:
    return AccountError("reset.invalid", _(
        "The username or reset code is wrong, or the code has expired."), field="code")
