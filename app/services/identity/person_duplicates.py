"""Possible duplicates: pending person records that share a confirmed record's ID number.

A sign-up that registered with the number of an existing record got its own pending record
(``duplicate_of_id``). The organizer of a contest the confirmed record is registered in sees
the pair and either approves (the account takes over the confirmed record, its entries move
there) or refuses (the pending record stays apart, marked refused).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from app.errors import ConflictError
from app.extensions import db, write_transaction
from app.models import Person, Registration, User
from app.services.common.access import get_duplicate, manages_person
from app.services.identity.claims import link_account
from app.services.identity.link_requests import MAX_REASON
from app.services.scoring import audit


@dataclass(frozen=True)
class Duplicate:
    """A pending record, the confirmed record it may be, and the account behind it."""

    pending: Person
    record: Person
    account: User | None
    registrations: list[Registration]

    @property
    def names_match(self) -> bool:
        """Tell whether both records carry the same name (a hint, never proof)."""
        return self.pending.name == self.record.name


def list_duplicates(user: Any, *, include_refused: bool = False,
                    limit: int = 500) -> list[Duplicate]:
    """Return pending duplicates of records the user organizes contests for, newest first."""
    query = select(Person).where(Person.duplicate_of_id.is_not(None))
    if not include_refused:
        query = query.where(Person.duplicate_refused_at.is_(None))
    out = []
    for pending in db.session.scalars(query.order_by(Person.id.desc()).limit(limit)):
        record = db.session.get(Person, pending.duplicate_of_id)
        if record is None or not manages_person(user, record):
            continue
        account = db.session.scalar(select(User).where(User.person_id == pending.id))
        regs = list(db.session.scalars(select(Registration).where(
            Registration.person_id == pending.id).order_by(Registration.id)))
        out.append(Duplicate(pending, record, account, regs))
    return out


def approve_duplicate(user: Any, pending_id: int, *, now: datetime) -> Person:
    """Confirm the pending record's account is that person: link it and merge the entries."""
    with write_transaction():
        pending, record = get_duplicate(user, pending_id)
        account = db.session.scalar(select(User).where(User.person_id == pending.id))
        if account is None:
            raise ConflictError("duplicate.no_account", _(
                "No account holds this pending record any more."), field="person_id")
        if db.session.scalar(select(User.id).where(User.person_id == record.id)) is not None:
            raise ConflictError("claim.has_account", _(
                "This record already belongs to an account; ask the organizer for help."),
                field="person_id")
        link_account(account, record, pending=pending, actor_id=user.id, now=now,
                     how="organizer")
        return record


def refuse_duplicate(user: Any, pending_id: int, *, now: datetime, reason: str = "") -> Person:
    """Refuse to link a pending record: it stays apart, marked refused, with the reason."""
    text = (reason or "").strip()[:MAX_REASON]
    with write_transaction():
        pending, record = get_duplicate(user, pending_id)
        if pending.duplicate_refused_at is not None:
            raise ConflictError("duplicate.refused", _("This duplicate was already refused."),
                                field="person_id")
        pending.duplicate_refused_at = now
        audit.record("person.duplicate_refused", entity="person", entity_id=pending.id,
                     actor_id=user.id, new={"duplicate_of_id": record.id}, reason=text,
                     now=now)
        return pending
