"""Accounts, scoped roles and API tokens."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models._types import Code, UTCDateTime, utcnow


class User(UserMixin, db.Model):
    """A log-in account; a person may have one."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    email: Mapped[str] = mapped_column(String(200), default="")
    display_name: Mapped[str] = mapped_column(String(100), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    locale: Mapped[str] = mapped_column(String(10), default="zh_CN")
    active: Mapped[bool] = mapped_column(default=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), unique=True)
    failed_logins: Mapped[int] = mapped_column(default=0)
    # Not a lock: the earliest time the next log-in attempt is looked at (progressive delay).
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Stored in each session at log-in; bumping it (log-out, password change, admin reset)
    # makes every session cookie issued before unusable.
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")
    # A one-time password-reset code handed over by an admin: only its digest is kept.
    reset_code_digest: Mapped[str | None] = mapped_column(String(64))
    reset_code_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set when someone else chose the password (an organizer's one-time password, an operator's
    # temporary admin password): until the owner picks their own, only the change-password
    # page and the API's /me/password answer.
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=false())
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    person = relationship("Person")
    roles: Mapped[list[RoleAssignment]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )
    tokens: Mapped[list[ApiToken]] = relationship(back_populates="user")

    @property
    def is_active(self) -> bool:  # Flask-Login reads this
        return self.active


class RoleAssignment(db.Model):
    """A role held by a user, optionally scoped to an organization or a competition."""

    __tablename__ = "role_assignments"
    __table_args__ = (UniqueConstraint("user_id", "role", "organization_id", "competition_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    # ADMIN, ORGANIZER, JUDGE, CHIEF_JUDGE, ARBITRATOR, APPROVER, CONTESTANT
    role: Mapped[str] = mapped_column(Code)
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"))
    competition_id: Mapped[int | None] = mapped_column(ForeignKey("competitions.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(back_populates="roles")


class ApiToken(db.Model):
    """A bearer token for /api/v1, stored only as a SHA-256 digest."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    prefix: Mapped[str] = mapped_column(String(12))  # shown in lists to tell tokens apart
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Space-separated: read (GET), write (other methods), tokens (may mint child tokens).
    scopes: Mapped[str] = mapped_column(String(100), default="read write",
                                        server_default="read write")
    # The token that minted this one; revoking a parent revokes its children.
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("api_tokens.id"), index=True)

    user: Mapped[User] = relationship(back_populates="tokens")
    parent: Mapped[ApiToken | None] = relationship(remote_side=[id])
