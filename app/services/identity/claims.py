"""Claiming a person record: one-time codes issued through the organizer, and the merge.

Knowing someone's name and ID number proves nothing, so a new account that registers with
an existing record's number gets its own pending duplicate (``registrations._save_person``).
It becomes that record only with proof from the organizer: a claim code (printed on the
admission ticket of a person without an account, or issued on the organizer's page and shown
once), or the organizer approving the duplicate (``person_duplicates``). Codes are 10
characters from an alphabet without look-alikes, stored as a keyed digest, single use,
expiring; a code the organizer issues replaces the person's older unused ones.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, select, update

from app.errors import ConflictError, ServiceError
from app.extensions import db, write_transaction
from app.models import (
    ClaimCode,
    Person,
    PersonGrade,
    Promotion,
    Registration,
    User,
)
from app.services.common.access import Need, get_person
from app.services.scoring import audit

#: No 0/O, 1/I/L: read off paper and typed back without guessing.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10
CODE_DAYS = 60
_SEPARATORS = re.compile(r"[\s\-]+")
#: A pending duplicate's registrations that may simply go when the record already has one.
_DROPPABLE = ("SUBMITTED", "WITHDRAWN", "REJECTED")


def _digest(code: str) -> str:
    """Key the digest with the app secret, so a leaked table alone cannot be brute-forced."""
    key = str(current_app.secret_key or "").encode("utf-8")
    return hmac.new(key, code.encode("ascii"), hashlib.sha256).hexdigest()


def normalise_code(raw: str) -> str:
    """Upper-case a typed code and drop spaces and dashes; refuse anything else."""
    code = _SEPARATORS.sub("", (raw or "")[:40]).upper()
    if len(code) != CODE_LENGTH or any(c not in ALPHABET for c in code):
        raise ServiceError("claim.code_format", _(
            "A claim code has %(n)d letters and digits, as printed.", n=CODE_LENGTH),
            field="code")
    return code


def format_code(code: str) -> str:
    """Show a code in two groups of five, easier to read aloud: ABCDE-FGHJK."""
    return f"{code[:5]}-{code[5:]}"


def account_of(person_id: int) -> int | None:
    """Return the id of the account linked to a person record, if any."""
    return db.session.scalar(select(User.id).where(User.person_id == person_id))


def new_claim_code(person: Person, *, purpose: str, issued_by_id: int | None,
                   now: datetime) -> str:
    """Create a code for a person without an account and return it (the caller commits)."""
    if person.duplicate_of_id is not None:
        raise ConflictError("claim.pending_record", _(
            "This is a pending duplicate record: approve or refuse it instead."),
            field="person_id")
    if account_of(person.id) is not None:
        raise ConflictError("claim.has_account", _(
            "This person already has an account; no claim code is needed."),
            field="person_id")
    if purpose == "ORGANIZER":
        # A code handed over by the organizer (say, for a lost ticket) cancels every earlier
        # one. Printing a ticket does not: an organizer opening a ticket at the check-in desk
        # must not void the one the contestant holds; any use links the record, which then
        # makes every other code useless (claim.has_account).
        db.session.execute(update(ClaimCode).where(
            ClaimCode.person_id == person.id, ClaimCode.used_at.is_(None),
            ClaimCode.revoked_at.is_(None)).values(revoked_at=now))
    code = "".join(secrets.choice(ALPHABET) for _unused in range(CODE_LENGTH))
    row = ClaimCode(person_id=person.id, digest=_digest(code), purpose=purpose,
                    issued_by_id=issued_by_id, created_at=now,
                    expires_at=now + timedelta(days=CODE_DAYS))
    db.session.add(row)
    db.session.flush()
    audit.record("claim_code.issued", entity="person", entity_id=person.id,
                 actor_id=issued_by_id, new={"purpose": purpose, "code_id": row.id,
                                             "expires_at": row.expires_at.isoformat()}, now=now)
    return code


def issue_claim_code(user: Any, person_id: int, *, now: datetime) -> tuple[Person, str]:
    """Issue a claim code for a person in the organizer's contests; the code is shown once."""
    with write_transaction():
        person = get_person(user, person_id, Need.MANAGE)
        code = new_claim_code(person, purpose="ORGANIZER", issued_by_id=user.id, now=now)
        return person, code


def claim_person_record(user: Any, raw_code: str, *, now: datetime) -> Person:
    """Link the account to the record a valid claim code names (merging its pending duplicate).

    A wrong, used, replaced or expired code is refused with its own message and changes
    nothing; so is a code for a record that meanwhile got an account, or an account that
    already holds a different record.
    """
    code = normalise_code(raw_code)
    with write_transaction():
        row = db.session.scalar(select(ClaimCode).where(ClaimCode.digest == _digest(code)))
        _check_usable(row, now=now)
        assert row is not None
        person = db.session.get(Person, row.person_id)
        assert person is not None
        if account_of(person.id) is not None:
            raise ConflictError("claim.has_account", _(
                "This record already belongs to an account; ask the organizer for help."),
                field="code")
        account = db.session.get(User, user.id)
        mine = db.session.get(Person, account.person_id) if account.person_id else None
        if mine is not None and mine.duplicate_of_id != person.id:
            raise ConflictError("claim.other_record", _(
                "Your account already holds a different person record; ask the organizer "
                "for help."), field="code")
        row.used_at, row.used_by_id = now, account.id
        link_account(account, person, pending=mine, actor_id=account.id, now=now,
                     how="claim_code")
        return person


def _check_usable(row: ClaimCode | None, *, now: datetime) -> None:
    if row is None:
        raise ServiceError("claim.code_wrong", _(
            "This claim code is not valid. Check it against the ticket or ask the organizer."),
            field="code")
    if row.used_at is not None:
        raise ConflictError("claim.code_used", _("This claim code has already been used."),
                            field="code")
    if row.revoked_at is not None:
        raise ConflictError("claim.code_replaced", _(
            "This claim code was replaced by a newer one; use the latest ticket or code."),
            field="code")
    if now >= row.expires_at:
        raise ConflictError("claim.code_expired", _(
            "This claim code has expired; ask the organizer for a new one."), field="code")


def link_account(account: User, person: Person, *, pending: Person | None, actor_id: int,
                 now: datetime, how: str) -> None:
    """Give the account the record, moving its pending duplicate's entries over (no commit)."""
    if pending is not None:
        _move_entries(pending, person, actor_id=actor_id, now=now)
    account.person_id = person.id
    db.session.flush()
    if pending is not None:
        # A bulk delete: the ORM would otherwise null the moved grades' person_id it still holds.
        db.session.execute(delete(Person).where(Person.id == pending.id))
    audit.record("person.linked", entity="person", entity_id=person.id, actor_id=actor_id,
                 new={"user_id": account.id, "how": how,
                      "merged_person_id": pending.id if pending is not None else None},
                 now=now)


def _move_entries(pending: Person, person: Person, *, actor_id: int, now: datetime) -> None:
    """Move registrations, grades and promotions; a clash keeps the record's own entry."""
    held = {r.project_id: r for r in db.session.scalars(
        select(Registration).where(Registration.person_id == person.id))}
    for reg in list(db.session.scalars(
            select(Registration).where(Registration.person_id == pending.id))):
        if reg.project_id not in held:
            reg.person_id = person.id
            continue
        if reg.status not in _DROPPABLE:
            raise ConflictError("claim.registration_clash", _(
                "Both records are active in the same project (%(project)s); withdraw or "
                "reject one of them first.", project=reg.project.name), field="person_id")
        audit.record("registration.dropped", entity="registration", entity_id=reg.id,
                     actor_id=actor_id, project_id=reg.project_id,
                     old={"status": reg.status, "person_id": pending.id},
                     reason="merged into the confirmed record", now=now)
        db.session.execute(delete(Registration).where(Registration.id == reg.id))
    for model in (PersonGrade, Promotion):
        db.session.execute(update(model).where(model.person_id == pending.id)
                           .values(person_id=person.id))
    db.session.flush()
