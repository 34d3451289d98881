"""Staff credentials: a judge's qualification (裁判员资格)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models._types import Code, UTCDateTime, utcnow


class JudgeQualification(db.Model):
    """A person's judge qualification: level, certificate number, expiry date."""

    __tablename__ = "judge_qualifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), unique=True)
    # NATIONAL, PROVINCIAL, MUNICIPAL, ENTERPRISE (the body that certified the judge)
    level: Mapped[str] = mapped_column(Code)
    certificate_no: Mapped[str] = mapped_column(String(40), default="")
    expires_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    person = relationship("Person")
