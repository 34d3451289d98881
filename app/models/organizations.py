"""Organizations: employers, schools and organizing bodies, nested by region."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models._types import Code, UTCDateTime, utcnow


class Organization(db.Model):
    """An employer (企业), school (院校) or organizing body (人社局, 行业部门)."""

    __tablename__ = "organizations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    # HRSS 人社部门, INDUSTRY 行业主管部门, EMPLOYER 企业, SCHOOL 院校; ORGANIZER (older rows)
    kind: Mapped[str] = mapped_column(Code)
    region: Mapped[str] = mapped_column(String(100), default="")
    # 6-digit 行政区划代码 (GB/T 2260) and the 6-digit site serial in certificate numbers.
    region_code: Mapped[str] = mapped_column(String(6), default="")
    site_serial: Mapped[str] = mapped_column(String(6), default="")
    # A deactivated body keeps its history but takes no new competitions or organizers.
    active: Mapped[bool] = mapped_column(default=True)
    # An organizer's scope covers its own organization and every one below it.
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    parent: Mapped[Organization | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Organization]] = relationship(back_populates="parent")
