"""In-app notifications: one row per user and event, rendered from kind + params when read."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models._types import Code, UTCDateTime, utcnow


class Notification(db.Model):
    """A message for one user; the text is rendered in the reader's language, not stored."""

    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_user_unread", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    # REGISTRATION_APPROVED, REGISTRATION_REJECTED, TICKET_READY, RESCORE_REQUESTED, ...
    kind: Mapped[str] = mapped_column(Code)
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
