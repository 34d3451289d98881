"""The hash-chained audit log: append inside a use case, verify on demand."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from app.extensions import db
from app.models import AuditEntry
from app.models._types import utcnow

GENESIS = "0" * 64
# Any constant: serialises writers of the chain on PostgreSQL for one transaction.
_PG_LOCK_KEY = 0x4A58_4155


def _plain(value: Any) -> Any:
    """Turn Decimals, dates and other values into JSON-stable plain data."""
    return None if value is None else json.loads(json.dumps(value, default=str))


def entry_hash(entry: AuditEntry) -> str:
    """Hash an entry's content together with the previous entry's hash."""
    body = {
        "at": entry.at.isoformat(),
        "actor_id": entry.actor_id,
        "action": entry.action,
        "entity": entry.entity,
        "entity_id": entry.entity_id,
        "project_id": entry.project_id,
        "old": entry.old,
        "new": entry.new,
        "reason": entry.reason,
        "prev_hash": entry.prev_hash,
    }
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def record(
    action: str,
    *,
    entity: str,
    entity_id: int | None,
    actor_id: int | None,
    project_id: int | None = None,
    old: Any = None,
    new: Any = None,
    reason: str = "",
    now: datetime | None = None,
) -> AuditEntry:
    """Append an entry in the caller's transaction (the caller commits)."""
    session = db.session
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(db.func.pg_advisory_xact_lock(_PG_LOCK_KEY)))
    session.flush()  # earlier entries of this transaction must be visible to the query
    prev = session.scalars(select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)).first()
    # Normalised to UTC so the hash recomputes identically after a round trip.
    moment = (now or utcnow()).astimezone(UTC)
    entry = AuditEntry(
        at=moment,
        actor_id=actor_id,
        action=action,
        entity=entity,
        entity_id=entity_id,
        project_id=project_id,
        old=_plain(old),
        new=_plain(new),
        reason=reason,
        prev_hash=prev or GENESIS,
    )
    entry.hash = entry_hash(entry)
    session.add(entry)
    return entry


@dataclass(frozen=True, slots=True)
class ChainReport:
    """Result of a chain verification: how many entries, and the first broken one."""

    checked: int
    first_broken_id: int | None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.first_broken_id is None


def verify_chain() -> ChainReport:
    """Recompute every hash in order and report the first broken link."""
    prev = GENESIS
    checked = 0
    for entry in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).yield_per(1000):
        checked += 1
        if entry.prev_hash != prev:
            return ChainReport(checked, entry.id, "prev_hash")
        if entry_hash(entry) != entry.hash:
            return ChainReport(checked, entry.id, "hash")
        prev = entry.hash
    return ChainReport(checked, None)


def list_entries(*, project_id: int | None = None, limit: int = 200) -> list[AuditEntry]:
    """Return the newest entries, optionally for one project."""
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if project_id is not None:
        query = query.where(AuditEntry.project_id == project_id)
    return list(db.session.scalars(query))


def actor_names(entries: list[AuditEntry]) -> dict[int, str]:
    """Return actor id → display name (or username) for a page of entries."""
    from app.models import User

    ids = {e.actor_id for e in entries if e.actor_id is not None}
    if not ids:
        return {}
    rows = db.session.execute(select(User.id, User.display_name, User.username)
                              .where(User.id.in_(ids)))
    return {uid: display or username for uid, display, username in rows}
