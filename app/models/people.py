"""People (contestants, judges) and their skill grades per occupation."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models._types import Code, UTCDateTime, utcnow


class Occupation(db.Model):
    """An occupation (职业/工种) such as 焊工 or 电工."""

    __tablename__ = "occupations"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100), default="")
    # The highest grade its national standard defines (DOMAIN §2); promotions stop there.
    top_grade: Mapped[str] = mapped_column(Code, default="L1")


class Person(db.Model):
    """A natural person identified by a 居民身份证 number."""

    __tablename__ = "people"
    # One record per ID number; a sign-up that could not prove it is that person gets a
    # pending duplicate (duplicate_of_id set) until a claim code or the organizer links it.
    __table_args__ = (
        Index("uq_people_id_number_record", "id_number", unique=True,
              sqlite_where=text("duplicate_of_id IS NULL"),
              postgresql_where=text("duplicate_of_id IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    id_number: Mapped[str] = mapped_column(String(18), index=True)
    gender: Mapped[str] = mapped_column(Code)  # M / F, derived from the ID number
    birth_date: Mapped[date] = mapped_column(Date)  # derived from the ID number
    phone: Mapped[str] = mapped_column(String(20), default="")
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The existing record this pending one may be; refused_at once the organizer said no.
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    duplicate_refused_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organization = relationship("Organization")
    grades: Mapped[list[PersonGrade]] = relationship(
        back_populates="person", order_by="PersonGrade.obtained_on"
    )
    honours: Mapped[list[PersonHonour]] = relationship(
        back_populates="person", order_by="PersonHonour.year"
    )


class PersonGrade(db.Model):
    """One step in a person's grade history in one occupation; the latest is current."""

    __tablename__ = "person_grades"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    occupation_id: Mapped[int] = mapped_column(ForeignKey("occupations.id"))
    grade: Mapped[str] = mapped_column(Code)  # APPRENTICE, L5 … L1, SPECIAL, CHIEF
    # CERTIFICATE, CONTEST_PROMOTION, DIRECT_CERTIFICATION, EXCEPTIONAL,
    # ENTERPRISE_ASSESSMENT, APPOINTMENT (DOMAIN §2); evidence: number, issuer, date.
    source: Mapped[str] = mapped_column(Code)
    certificate_no: Mapped[str] = mapped_column(String(32), default="")
    issuer: Mapped[str] = mapped_column(String(100), default="")
    obtained_on: Mapped[date] = mapped_column(Date)
    promotion_id: Mapped[int | None] = mapped_column(ForeignKey("promotions.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    person: Mapped[Person] = relationship(back_populates="grades")
    occupation = relationship("Occupation")


class PersonHonour(db.Model):
    """An honour a person holds (中华技能大奖, 全国技术能手 …), with year and issuer (§2)."""

    __tablename__ = "person_honours"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    honour: Mapped[str] = mapped_column(Code)  # app.domain.honours.Honour
    name: Mapped[str] = mapped_column(String(100))
    year: Mapped[int]
    issuer: Mapped[str] = mapped_column(String(100), default="")
    document_no: Mapped[str] = mapped_column(String(64), default="")
    occupation_id: Mapped[int | None] = mapped_column(ForeignKey("occupations.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    person: Mapped[Person] = relationship(back_populates="honours")
    occupation = relationship("Occupation")


class DeclaredConflict(db.Model):
    """A judge's declared conflict of interest with a contestant (回避)."""

    __tablename__ = "declared_conflicts"
    __table_args__ = (UniqueConstraint("judge_person_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    judge_person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    reason: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ClaimCode(db.Model):
    """A one-time code proving an account may take over a person record (stored as a digest)."""

    __tablename__ = "claim_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    purpose: Mapped[str] = mapped_column(Code)  # TICKET, ORGANIZER
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    used_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
