"""The append-only, keyed hash chain of the audit log, and the anchors of its head."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models._types import UTCDateTime, utcnow


class AuditEntry(db.Model):
    """Who did what, when, old → new and why; each entry hashes the previous one."""

    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(64), index=True)
    entity: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[int | None]
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id"), index=True)
    old: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    new: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(String(500), default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)
    # "hmac": HMAC-SHA256 with the audit key; "sha256": a legacy row from before the key
    # (accepted only as the chain's first segment, see app/services/scoring/audit.py).
    scheme: Mapped[str] = mapped_column(String(8), default="hmac", server_default="sha256")


class AuditAnchor(db.Model):
    """The chain's head as it stood at a publication, lock or finalisation (printed too)."""

    __tablename__ = "audit_anchors"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    kind: Mapped[str] = mapped_column(String(32))
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id"), index=True)
    # No foreign key: a deleted entry must show up as a missing tail, not block the delete.
    entry_id: Mapped[int] = mapped_column(index=True)
    head_hash: Mapped[str] = mapped_column(String(64))
    mac: Mapped[str] = mapped_column(String(64))
