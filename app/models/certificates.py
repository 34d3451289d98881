"""Issued certificates, verifiable by a signed token in their QR code."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models._types import Code, UTCDateTime, utcnow


class Certificate(db.Model):
    """An award, promotion or participation certificate (DOMAIN §9)."""

    __tablename__ = "certificates"

    id: Mapped[int] = mapped_column(primary_key=True)
    serial: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(Code)  # AWARD, PROMOTION, PARTICIPATION, UNIT
    # None for a unit or coach award, which belongs to no registration.
    registration_id: Mapped[int | None] = mapped_column(
        ForeignKey("registrations.id"), index=True
    )
    unit_award_id: Mapped[int | None] = mapped_column(ForeignKey("unit_awards.id"), index=True)
    promotion_id: Mapped[int | None] = mapped_column(ForeignKey("promotions.id"))
    # The certificate's printed content; the token signs its SHA-256.
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    content_hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(Code, default="VALID")  # VALID, REVOKED
    revoked_reason: Mapped[str] = mapped_column(String(500), default="")
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("certificates.id"))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    # Read-only: lists show the holder's registration (None for unit and coach awards).
    registration = relationship("Registration", viewonly=True)
