"""The in-app inbox: use cases add notifications in their own transaction; readers list them.

A use case calls `notify(...)` (or a helper below) before its commit, so the notification
exists exactly when the change does. Only the kind and plain parameters are stored; the text
is rendered from the catalogs when read, so each reader sees it in their own language. The
e-mail copy (app/services/identity/notification_mail.py) leaves after the commit, through
the outbox.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import format_datetime
from flask_babel import gettext as _
from sqlalchemy import func, select, update

from app import events
from app.errors import NotFoundError
from app.extensions import db, write_transaction
from app.models import Notification, Registration, User

MAIL_EVENT = "notification_created"
PAGE_SIZE = 50
# Registrations whose person hears about the results of their project.
_ENTRANT_STATUSES = ("APPROVED", "CHECKED_IN", "COMPETED", "QUALIFIED", "DISQUALIFIED")


def notify(user_id: int, kind: str, /, **params: Any) -> Notification:
    """Add a notification for one user in the caller's transaction and queue its e-mail."""
    row = Notification(user_id=user_id, kind=kind, params=params)
    db.session.add(row)
    user = db.session.get(User, user_id)
    if user is not None and user.email and user.active:
        events.publish_internal(MAIL_EVENT, {"to": user.email, "locale": user.locale,
                                             "kind": kind, "params": params})
    return row


def notify_users(user_ids: Iterable[int], kind: str, /, **params: Any) -> None:
    """Notify each of several users (say, the judges asked to re-score a sheet)."""
    for user_id in sorted(set(user_ids)):
        notify(user_id, kind, **params)


def notify_registration(registration_id: int, kind: str, /, **params: Any) -> None:
    """Notify the account of the registration's person, if it has one, naming the contest."""
    registration = db.session.get(Registration, registration_id)
    if registration is None:
        return
    project = registration.project
    user_id = db.session.scalars(select(User.id).where(
        User.person_id == registration.person_id)).first()
    if user_id is not None:
        notify(user_id, kind, competition=project.competition.name, project=project.name,
               **params)


def notify_entrants(project_id: int, kind: str, /, **params: Any) -> None:
    """Notify every contestant who took part in a project (results, deadlines)."""
    regs = db.session.scalars(select(Registration).where(
        Registration.project_id == project_id, Registration.status.in_(_ENTRANT_STATUSES)))
    for registration in regs:
        notify_registration(registration.id, kind, **params)


# ---------------------------------------------------------------- reading


@dataclass(frozen=True, slots=True)
class Message:
    """A notification rendered in the reader's language."""

    id: int
    kind: str
    title: str
    body: str
    created_at: datetime
    read: bool


def _when(value: Any) -> str:
    try:
        return format_datetime(datetime.fromisoformat(str(value)), "yyyy-MM-dd HH:mm")
    except ValueError:
        return str(value)


def render(kind: str, params: dict[str, Any]) -> tuple[str, str]:
    """Return a notification's title and text in the current language."""
    where = {"competition": params.get("competition", ""), "project": params.get("project", "")}
    reason = params.get("reason", "")
    if kind == "REGISTRATION_APPROVED":
        return _("Registration approved"), _(
            "Your registration for %(competition)s · %(project)s was approved.", **where)
    if kind == "REGISTRATION_REJECTED":
        return _("Registration rejected"), _(
            "Your registration for %(competition)s · %(project)s was rejected. Reason: "
            "%(reason)s", reason=reason, **where)
    if kind == "TICKET_READY":
        return _("Admission ticket ready"), _(
            "Your admission ticket %(ticket)s for %(competition)s · %(project)s is ready to "
            "print.", ticket=params.get("ticket", ""), **where)
    if kind == "RESCORE_REQUESTED":
        return _("Re-score requested"), _(
            "The chief judge asks you to score entry %(code)s of %(project)s again. Reason: "
            "%(reason)s", code=params.get("code", ""), project=where["project"], reason=reason)
    if kind == "RESULTS_PUBLISHED":
        return _("Results published"), _(
            "The results of %(competition)s · %(project)s are published. Objections are "
            "accepted until %(deadline)s.", deadline=_when(params.get("deadline", "")), **where)
    if kind == "OBJECTION_DEADLINE":
        return _("Objection period ending"), _(
            "Objections to the results of %(competition)s · %(project)s close at %(deadline)s.",
            deadline=_when(params.get("deadline", "")), **where)
    if kind == "CERTIFICATE_READY":
        return _("Certificate ready"), _(
            "Your certificate %(serial)s for %(competition)s · %(project)s is ready to "
            "download.", serial=params.get("serial", ""), **where)
    return kind, ""


def _message(row: Notification) -> Message:
    title, body = render(row.kind, row.params or {})
    return Message(row.id, row.kind, title, body, row.created_at, row.read_at is not None)


def list_notifications(user: Any, *, unread_only: bool = False,
                       limit: int = PAGE_SIZE) -> list[Message]:
    """Return the user's newest notifications, rendered in the current language."""
    query = (select(Notification).where(Notification.user_id == user.id)
             .order_by(Notification.id.desc()).limit(max(1, min(limit, 200))))
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    return [_message(row) for row in db.session.scalars(query)]


def count_unread(user: Any) -> int:
    """Return how many of the user's notifications are unread (the navbar badge)."""
    return db.session.scalar(select(func.count(Notification.id)).where(
        Notification.user_id == user.id, Notification.read_at.is_(None))) or 0


def mark_read(user: Any, notification_id: int, *, now: datetime) -> Message:
    """Mark one of the user's own notifications read (someone else's answers 404)."""
    with write_transaction():
        row = db.session.get(Notification, notification_id)
        if row is None or row.user_id != user.id:
            raise NotFoundError("notification.not_found", _("No such notification."),
                                field="notification_id")
        if row.read_at is None:
            row.read_at = now
    return _message(row)


def mark_all_read(user: Any, *, now: datetime) -> int:
    """Mark every unread notification of the user read; return how many changed."""
    with write_transaction():
        result = db.session.execute(update(Notification).where(
            Notification.user_id == user.id, Notification.read_at.is_(None)).values(read_at=now))
    return int(getattr(result, "rowcount", 0) or 0)
