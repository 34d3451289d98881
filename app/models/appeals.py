"""Appeals (申诉) to the arbitration panel (仲裁组)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models._types import Code, UTCDateTime, utcnow


class Appeal(db.Model):
    """A written appeal: SUBMITTED → ACCEPTED | REJECTED_LATE → UPHELD | DISMISSED."""

    __tablename__ = "appeals"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id"), index=True)
    filed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # APPEAL (申诉, within the window after the contest) or OBJECTION (异议, during the 公示).
    kind: Mapped[str] = mapped_column(Code, default="APPEAL", server_default="APPEAL")
    subject: Mapped[str] = mapped_column(Code)  # SCORE, EQUIPMENT, CONDUCT
    aspect_id: Mapped[int | None] = mapped_column(ForeignKey("aspects.id"))
    text: Mapped[str] = mapped_column(Text)
    attachment_name: Mapped[str] = mapped_column(String(200), default="")
    attachment: Mapped[bytes | None] = mapped_column(LargeBinary)
    state: Mapped[str] = mapped_column(Code, default="SUBMITTED", index=True)
    filed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_reason: Mapped[str] = mapped_column(Text, default="")

    registration = relationship("Registration")
