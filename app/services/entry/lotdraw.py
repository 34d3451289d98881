"""The lot draw of a project: commit to a seed, draw over the checked-in, reveal, verify.

The seed is never stored before the draw: it is HMAC-SHA256(SECRET_KEY, "lotdraw:<project>:
<draw id>:<committed at>"), so the database holds only its SHA-256 (the published commitment)
and the organizer cannot know the seed, hence cannot preview the outcome, before drawing.
The seed stays sealed after the draw too: with it and the checked-in ids anyone could map the
anonymous codes to contestants while judging is under way. It is stored and shown (revealed)
only when the chief judge locks the project's scores (``reveal_seed``, called by the lock), so
the public can re-run app.domain.lotdraw.draw once the codes no longer protect anything.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from app.domain.lotdraw import Assignment, draw, list_digest, seed_digest
from app.errors import ServiceError
from app.extensions import begin_write, db
from app.models import LotDraw, Project, Registration
from app.services.scoring import audit

LOTDRAW_EVENT = "lotdraw_changed"


class LotDrawError(ServiceError):
    """A refused lot draw step (409: the draw is not in the state the step needs)."""

    status = 409

    def __init__(self, code: str, message: Any, *, status: int | None = None) -> None:
        super().__init__(code, message, status=status)


@dataclass(frozen=True, slots=True)
class DrawVerification:
    """The result of re-running a revealed draw: does everything match?"""

    drawn: bool
    hash_matches: bool
    assignments_match: bool
    contestants: int
    list_digest: str

    @property
    def ok(self) -> bool:
        return self.drawn and self.hash_matches and self.assignments_match


def _sealed_seed(draw_row: LotDraw) -> str:
    """Derive the secret seed of a committed draw (only the server's key can)."""
    moment = draw_row.committed_at.astimezone(UTC).replace(microsecond=0).isoformat()
    message = f"lotdraw:{draw_row.project_id}:{draw_row.id}:{moment}"
    key = str(current_app.config["SECRET_KEY"]).encode("utf-8")
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).hexdigest()


def get_draw(project: Project) -> LotDraw | None:
    """Return the project's lot draw, if one was committed."""
    query = select(LotDraw).where(LotDraw.project_id == project.id).order_by(LotDraw.id.desc())
    return db.session.scalars(query.limit(1)).first()


def _checked_in_ids(project: Project) -> list[int]:
    query = select(Registration.id).where(
        Registration.project_id == project.id, Registration.status == "CHECKED_IN"
    )
    return sorted(db.session.scalars(query))


def commit_draw(project: Project, *, user: Any, now: datetime) -> LotDraw:
    """Commit to a fresh secret seed and publish its SHA-256; refused if one exists."""
    begin_write()
    existing = get_draw(project)
    if existing is not None:
        db.session.rollback()
        if existing.drawn_at is not None:
            raise LotDrawError("lotdraw.already_drawn", _("The lot draw has already been run."))
        raise LotDrawError(
            "lotdraw.already_committed",
            _("A seed is already committed for this project; run the draw with it."),
        )
    # Whole seconds: the commitment time is part of the seed and must survive every backend.
    row = LotDraw(project_id=project.id, seed_hash="0" * 64,
                  committed_at=now.astimezone(UTC).replace(microsecond=0))
    db.session.add(row)
    db.session.flush()
    row.seed_hash = seed_digest(_sealed_seed(row))
    audit.record("lotdraw.committed", entity="lot_draw", entity_id=row.id,
                 actor_id=getattr(user, "id", None), project_id=project.id,
                 new={"seed_hash": row.seed_hash}, now=now)
    db.session.commit()
    return row


def _ready_to_draw(row: LotDraw | None, ids: list[int]) -> tuple[LotDraw, str]:
    """Return the committed draw and its seed, or raise LotDrawError saying what is missing."""
    if row is None:
        raise LotDrawError(
            "lotdraw.not_committed",
            _("Commit a seed first: its hash must be published before the draw."),
        )
    if row.drawn_at is not None:
        raise LotDrawError("lotdraw.already_drawn", _("The lot draw has already been run."))
    if not ids:
        raise LotDrawError(
            "lotdraw.nobody_checked_in", _("Nobody has checked in yet: there is no one to draw.")
        )
    seed = _sealed_seed(row)
    if seed_digest(seed) != row.seed_hash:
        raise LotDrawError(
            "lotdraw.seed_lost",
            _("The committed seed can no longer be derived (the server key changed)."),
        )
    return row, seed


def run_draw(project: Project, *, user: Any, now: datetime) -> LotDraw:
    """Draw stations and anonymous codes for the checked-in contestants; the seed stays sealed."""
    begin_write()
    ids = _checked_in_ids(project)
    try:
        row, seed = _ready_to_draw(get_draw(project), ids)
    except LotDrawError:
        db.session.rollback()
        raise
    assignments = draw(seed, ids)
    registrations = {
        r.id: r for r in db.session.scalars(select(Registration).where(Registration.id.in_(ids)))
    }
    for item in assignments:
        registrations[item.registration_id].station_no = item.station_no
        registrations[item.registration_id].anonymous_code = item.anonymous_code
    # The seed is not stored (nor audited) yet: it is revealed when the scores are locked.
    row.drawn_at, row.drawn_by_id = now, getattr(user, "id", None)
    audit.record("lotdraw.drawn", entity="lot_draw", entity_id=row.id,
                 actor_id=getattr(user, "id", None), project_id=project.id,
                 new={"seed_hash": row.seed_hash, "contestants": len(ids),
                      "list_digest": list_digest(ids)},
                 now=now)
    db.session.commit()
    return row


def reveal_seed(project: Project, *, actor_id: int | None, now: datetime) -> LotDraw | None:
    """Store and audit a drawn project's seed in the caller's transaction (at the score lock)."""
    row = get_draw(project)
    if row is None or row.drawn_at is None or row.seed is not None:
        return None
    seed = _sealed_seed(row)
    if seed_digest(seed) != row.seed_hash:
        return None  # the server key changed: nothing honest to reveal (verification says so)
    row.seed = seed
    audit.record("lotdraw.revealed", entity="lot_draw", entity_id=row.id, actor_id=actor_id,
                 project_id=project.id, new={"seed": seed}, now=now)
    return row


def list_assignments(project: Project) -> list[Registration]:
    """Return the drawn registrations by station (the name↔code mapping: organizer only)."""
    query = (
        select(Registration)
        .where(Registration.project_id == project.id, Registration.station_no.is_not(None))
        .order_by(Registration.station_no)
    )
    return list(db.session.scalars(query))


def verify_draw(project: Project) -> DrawVerification:
    """Re-run the pure draw from the seed and compare it with what was stored.

    Before the reveal the server re-runs it with the sealed seed and reports only the verdict.
    """
    row = get_draw(project)
    drawn = list_assignments(project)
    ids = [r.id for r in drawn]
    digest = list_digest(ids)
    if row is None or row.drawn_at is None:
        return DrawVerification(False, False, False, len(ids), digest)
    seed = row.seed if row.seed is not None else _sealed_seed(row)
    expected = {a.registration_id: a for a in draw(seed, ids)}
    stored = [Assignment(r.id, r.station_no or 0, r.anonymous_code or "") for r in drawn]
    return DrawVerification(
        drawn=True,
        hash_matches=seed_digest(seed) == row.seed_hash,
        assignments_match=bool(stored) and all(expected.get(a.registration_id) == a
                                               for a in stored),
        contestants=len(ids),
        list_digest=digest,
    )
