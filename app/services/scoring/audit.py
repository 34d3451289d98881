"""The keyed, hash-chained audit log: append inside a use case, anchor its head, verify.

Each entry's hash is HMAC-SHA256 (key: ``derived_keys.audit_key``, never in the database) over
its content and the previous entry's hash, so rewriting an entry and recomputing the later
hashes needs the key. Rows written before the key existed carry scheme "sha256" (plain
SHA-256): they are accepted only as the chain's first segment, which the first keyed entry
seals because its HMAC covers the last legacy hash. Deleting the newest entries is caught by
the anchors (``anchor_head``): publication, lock and finalisation record the head, and print it
on the document they produce. See app/services/scoring/audit_verify.py for the full check.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from app.extensions import db
from app.models import AuditAnchor, AuditEntry
from app.models._types import utcnow
from app.services.common.derived_keys import audit_key

GENESIS = "0" * 64
KEYED = "hmac"
LEGACY = "sha256"
# Any constant: serialises writers of the chain on PostgreSQL for one transaction.
_PG_LOCK_KEY = 0x4A58_4155


def _plain(value: Any) -> Any:
    """Turn Decimals, dates and other values into JSON-stable plain data."""
    return None if value is None else json.loads(json.dumps(value, default=str))


def entry_hash(entry: AuditEntry, key: bytes | None = None) -> str:
    """Hash an entry's content with the previous entry's hash (keyed unless a legacy row)."""
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
    if entry.scheme == LEGACY:
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    mac = hmac.new(key or audit_key(), canonical.encode("utf-8"), hashlib.sha256)
    return mac.hexdigest()


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
        scheme=KEYED,
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
    """Recompute every link in order and report the first broken one.

    A legacy (unkeyed) row after a keyed one is a break: otherwise anyone could append or
    rewrite entries as "legacy" without the key.
    """
    key = audit_key()
    prev = GENESIS
    checked = 0
    keyed_seen = False
    for entry in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).yield_per(1000):
        checked += 1
        if entry.prev_hash != prev:
            return ChainReport(checked, entry.id, "prev_hash")
        if entry.scheme == LEGACY and keyed_seen:
            return ChainReport(checked, entry.id, "legacy_after_keyed")
        keyed_seen = keyed_seen or entry.scheme != LEGACY
        if not hmac.compare_digest(entry_hash(entry, key), entry.hash):
            return ChainReport(checked, entry.id, "hash")
        prev = entry.hash
    return ChainReport(checked, None)


def anchor_mac(anchor: AuditAnchor, key: bytes | None = None) -> str:
    """Return the HMAC that binds an anchor's kind, project, entry and head hash."""
    message = f"anchor:{anchor.kind}:{anchor.project_id}:{anchor.entry_id}:{anchor.head_hash}"
    return hmac.new(key or audit_key(), message.encode("ascii"), hashlib.sha256).hexdigest()


def anchor_head(kind: str, *, project_id: int | None, now: datetime) -> AuditAnchor:
    """Record the chain's current head in the caller's transaction (the caller commits)."""
    session = db.session
    session.flush()  # the entry the use case just appended is the head
    head = session.execute(
        select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)
    ).first()
    entry_id, head_hash = (head[0], head[1]) if head is not None else (0, GENESIS)
    anchor = AuditAnchor(at=now.astimezone(UTC), kind=kind, project_id=project_id,
                         entry_id=entry_id, head_hash=head_hash)
    anchor.mac = anchor_mac(anchor)
    session.add(anchor)
    return anchor


def anchor_label(anchor: AuditAnchor | None) -> str:
    """Return the short text printed on documents: "<entry id>:<first 16 hex of the head>"."""
    return "" if anchor is None else f"{anchor.entry_id}:{anchor.head_hash[:16]}"


def latest_anchor(project_id: int, kinds: tuple[str, ...] | None = None) -> AuditAnchor | None:
    """Return a project's newest anchor, optionally of some kinds only."""
    query = select(AuditAnchor).where(AuditAnchor.project_id == project_id)
    if kinds:
        query = query.where(AuditAnchor.kind.in_(kinds))
    return db.session.scalars(query.order_by(AuditAnchor.id.desc()).limit(1)).first()


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
