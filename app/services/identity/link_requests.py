"""Links across organizers: feeding another organizer's competition or project needs their yes.

A competition's parent and a project's fed project (``advances_to``) are where qualification
writes registrations. Setting one is immediate only when the requesting organizer's scope
already covers the target competition; otherwise set-up files a PENDING ``LinkRequest`` and
the link does not exist (for qualification or anything else) until the target's organizer
accepts it. Either side sees the request; the target side accepts or declines, the
requesting side may cancel.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from app.domain.codes import Tier
from app.errors import ConflictError, NotFoundError, ServiceError
from app.extensions import db, write_transaction
from app.models import Competition, LinkRequest, Project
from app.models._types import utcnow
from app.services.common.scope import managed_competition_ids
from app.services.scoring import audit

PARENT, FEED = "PARENT", "FEED"
PENDING = "PENDING"
MAX_REASON = 500


def covers(user: Any, competition_id: int) -> bool:
    """Tell whether the user's scope already covers a competition (no request needed)."""
    ids = managed_competition_ids(user)
    return ids is None or competition_id in ids


def _cancel_pending(*, kind: str, competition_id: int, project_id: int | None,
                    now: datetime) -> None:
    """A newer request for the same link replaces any older one still waiting."""
    query = select(LinkRequest).where(LinkRequest.kind == kind, LinkRequest.state == PENDING,
                                      LinkRequest.competition_id == competition_id)
    if project_id is not None:
        query = query.where(LinkRequest.project_id == project_id)
    for row in db.session.scalars(query):
        row.state, row.decided_at = "CANCELLED", now


def file_parent_request(user: Any, competition: Competition, parent_id: int, *,
                        now: datetime | None = None) -> LinkRequest:
    """Ask the parent competition's organizer to accept this one as a feeder (caller commits)."""
    now = now or utcnow()
    _cancel_pending(kind=PARENT, competition_id=competition.id, project_id=None, now=now)
    row = LinkRequest(kind=PARENT, competition_id=competition.id,
                      target_competition_id=parent_id, requested_by_id=user.id,
                      created_at=now)
    db.session.add(row)
    db.session.flush()
    audit.record("link.requested", entity="link_request", entity_id=row.id, actor_id=user.id,
                 new={"kind": PARENT, "competition_id": competition.id,
                      "target_competition_id": parent_id}, now=now)
    return row


def file_feed_request(user: Any, project: Project, target: Project, quota: int, *,
                      now: datetime | None = None) -> LinkRequest:
    """Ask the fed project's organizer to accept this project's finishers (caller commits)."""
    now = now or utcnow()
    _cancel_pending(kind=FEED, competition_id=project.competition_id, project_id=project.id,
                    now=now)
    row = LinkRequest(kind=FEED, competition_id=project.competition_id, project_id=project.id,
                      target_competition_id=target.competition_id,
                      target_project_id=target.id, quota=quota, requested_by_id=user.id,
                      created_at=now)
    db.session.add(row)
    db.session.flush()
    audit.record("link.requested", entity="link_request", entity_id=row.id, actor_id=user.id,
                 project_id=project.id,
                 new={"kind": FEED, "project_id": project.id, "target_project_id": target.id,
                      "quota": quota}, now=now)
    return row


# ---------------------------------------------------------------- reads


def list_link_requests(user: Any) -> tuple[list[LinkRequest], list[LinkRequest]]:
    """Return (incoming, outgoing): requests to decide, and requests the user's side filed."""
    ids = managed_competition_ids(user)
    query = select(LinkRequest).options(
        selectinload(LinkRequest.competition), selectinload(LinkRequest.project),
        selectinload(LinkRequest.target_competition),
        selectinload(LinkRequest.target_project)).order_by(LinkRequest.id.desc())
    if ids is not None:
        if not ids:
            return [], []
        query = query.where(or_(LinkRequest.competition_id.in_(ids),
                                LinkRequest.target_competition_id.in_(ids)))
    rows = list(db.session.scalars(query.limit(500)))
    incoming = [r for r in rows if ids is None or r.target_competition_id in ids]
    outgoing = [r for r in rows if ids is None or r.competition_id in ids]
    return incoming, outgoing


def pending_for_competition(competition_id: int) -> list[LinkRequest]:
    """Return the requests of a competition (or its projects) still waiting for an answer."""
    return list(db.session.scalars(select(LinkRequest).where(
        LinkRequest.competition_id == competition_id, LinkRequest.state == PENDING)
        .order_by(LinkRequest.id)))


def _pending(user: Any, request_id: int, *, answering: bool) -> LinkRequest:
    """Return a request still waiting for an answer whose side the user manages: the side
    asked (``answering``: to accept or decline) or the side that filed it (to withdraw).

    Raise NotFoundError for any other request (never saying it exists), ConflictError once
    it has been answered.
    """
    row = db.session.get(LinkRequest, request_id)
    if row is None or not covers(
            user, row.target_competition_id if answering else row.competition_id):
        raise NotFoundError("link.not_found", _("No such link request."), field="request_id")
    if row.state != PENDING:
        raise ConflictError("link.decided", _("This link request was already answered (%(state)s).",
                                              state=row.state), field="request_id")
    return row


# ---------------------------------------------------------------- answers


def accept_link_request(user: Any, request_id: int, *, now: datetime) -> LinkRequest:
    """Accept a request to feed a competition or project the user manages: the link is made."""
    with write_transaction():
        row = _pending(user, request_id, answering=True)
        if row.kind == PARENT:
            _make_parent(row)
        else:
            _make_feed(row)
        row.state, row.decided_at, row.decided_by_id = "ACCEPTED", now, user.id
        audit.record("link.accepted", entity="link_request", entity_id=row.id,
                     actor_id=user.id, project_id=row.project_id,
                     old={"state": PENDING}, new={"state": "ACCEPTED"}, now=now)
        return row


def _make_parent(row: LinkRequest) -> None:
    """Set the parent, re-checking what set-up checked when the request was filed."""
    child, parent = row.competition, row.target_competition
    if list(Tier).index(Tier(parent.tier)) <= list(Tier).index(Tier(child.tier)):
        raise ConflictError("link.parent_tier", _(
            "The competition this one feeds must be of a higher tier."), field="request_id")
    if child.parent_id != parent.id and any(p.advances_to_id for p in child.projects):
        raise ConflictError("link.parent_in_use", _(
            "A project of the requesting competition still feeds its current parent."),
            field="request_id")
    child.parent_id = parent.id


def _make_feed(row: LinkRequest) -> None:
    """Set the fed project once the competitions are linked and the occupations match."""
    project, target = row.project, row.target_project
    if project is None or target is None:
        raise ConflictError("link.gone", _("The project of this request no longer exists."),
                            field="request_id")
    if project.competition.parent_id != target.competition_id:
        raise ConflictError("link.parent_missing", _(
            "The requesting competition does not feed this one yet: accept its competition "
            "link first."), field="request_id")
    if project.occupation_id != target.occupation_id:
        raise ConflictError("link.occupation", _(
            "The project fed must be of the same occupation."), field="request_id")
    project.advances_to_id, project.quota = target.id, row.quota


def decline_link_request(user: Any, request_id: int, *, now: datetime,
                         reason: str = "") -> LinkRequest:
    """Decline a request to feed a competition or project the user manages."""
    text = _reason(reason)
    with write_transaction():
        row = _pending(user, request_id, answering=True)
        row.state, row.decided_at, row.decided_by_id, row.reason = ("DECLINED", now, user.id,
                                                                     text)
        audit.record("link.declined", entity="link_request", entity_id=row.id,
                     actor_id=user.id, project_id=row.project_id, old={"state": PENDING},
                     new={"state": "DECLINED"}, reason=text, now=now)
        return row


def cancel_link_request(user: Any, request_id: int, *, now: datetime) -> LinkRequest:
    """Withdraw a request the user's side filed, before it is answered."""
    with write_transaction():
        row = _pending(user, request_id, answering=False)
        row.state, row.decided_at, row.decided_by_id = "CANCELLED", now, user.id
        audit.record("link.cancelled", entity="link_request", entity_id=row.id,
                     actor_id=user.id, project_id=row.project_id, old={"state": PENDING},
                     new={"state": "CANCELLED"}, now=now)
        return row


def _reason(reason: str) -> str:
    text = (reason or "").strip()
    if len(text) > MAX_REASON:
        raise ServiceError("link.reason_too_long", _(
            "The reason must be at most %(n)d characters.", n=MAX_REASON), field="reason")
    return text
