"""Unit and coach awards of a competition: 团体奖, 优秀组织奖, 突出贡献单位, 优秀指导教师 (§6)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models._types import Code, UTCDateTime, utcnow
from app.models.competitions import Competition


class UnitAward(db.Model):
    """One award to an organisation or a coach; each gets a verifiable certificate."""

    __tablename__ = "unit_awards"

    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int] = mapped_column(ForeignKey("competitions.id"), index=True)
    # TEAM, EXCELLENT_ORGANIZATION, OUTSTANDING_CONTRIBUTION, EXCELLENT_COACH
    kind: Mapped[str] = mapped_column(Code)
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"))
    coach_name: Mapped[str] = mapped_column(String(100), default="")
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id"))
    rank: Mapped[int | None] = mapped_column()  # TEAM: the organisation's place
    score: Mapped[str] = mapped_column(String(32), default="")  # how the place was earned
    reason: Mapped[str] = mapped_column(String(500), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    competition: Mapped[Competition] = relationship()
    organization = relationship("Organization")
    project = relationship("Project")
