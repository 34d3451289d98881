"""A tiny outbox: events queued on the DB session are delivered only after commit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from app.extensions import db


@dataclass(frozen=True, slots=True)
class Event:
    """A committed fact for realtime subscribers."""

    name: str
    payload: dict[str, Any]
    room: str | None = None
    namespace: str = "/"
    extra: dict[str, Any] = field(default_factory=dict)
    #: For subscribers inside the process only (e.g. "recompute the standings"); never emitted.
    internal: bool = False


Subscriber = Callable[[Event], None]
_subscribers: list[Subscriber] = []
_OUTBOX = "jx_outbox"


def subscribe(subscriber: Subscriber) -> None:
    """Register a callable that receives every committed event."""
    if subscriber not in _subscribers:
        _subscribers.append(subscriber)


def unsubscribe(subscriber: Subscriber) -> None:
    """Remove a subscriber (tests use this to clean up spies)."""
    if subscriber in _subscribers:
        _subscribers.remove(subscriber)


def publish(name: str, payload: dict[str, Any], room: str | None = None) -> None:
    """Queue an event on the current session; it is sent only if the session commits."""
    db.session().info.setdefault(_OUTBOX, []).append(Event(name, payload, room))


def publish_internal(name: str, payload: dict[str, Any]) -> None:
    """Queue a fact for in-process subscribers only, delivered after commit like the rest."""
    db.session().info.setdefault(_OUTBOX, []).append(Event(name, payload, internal=True))


@event.listens_for(Session, "after_commit")
def _deliver(session: Session) -> None:
    queued: list[Event] = session.info.pop(_OUTBOX, [])
    for item in queued:
        for subscriber in list(_subscribers):
            subscriber(item)


@event.listens_for(Session, "after_rollback")
def _drop(session: Session) -> None:
    session.info.pop(_OUTBOX, None)
