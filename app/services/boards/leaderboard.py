"""Boards: the standings as the public, or the project's staff, may see them right now.

One source: ``app.services.boards.standings.compute_standings`` (through the judging cache keyed by
``Project.event_seq``). This module decides the view and adds who is who:

- Staff (the project's chief judge, its organizers, admins) always see the live snapshot; a
  chief judge who does not also manage the project sees it by anonymous code, without names,
  until the results are signed off.
- The public sees what ``Competition.public_visibility`` allows (LIVE, PROGRESS_ONLY, HIDDEN)
  until the project is first published; from then on everything. After
  ``Project.board_freeze_at`` (and before publication) the public board shows the standings as
  they stood at the freeze, while the sequence number keeps moving.
- Public rows carry the (masked) name and the organization, never the anonymous code, the
  station number or the registration id, so the board cannot be used to break the judges'
  anonymity. Every row has an opaque ``key`` (``derived_keys.row_key``) that clients match
  deltas by; staff rows keep their registration id as well.

A board is built at most once per (project, seq, view, status) in a process, and its JSON
body kept, so hundreds of reads per second cost a look-up.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import brotli
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from app.domain.codes import FinishStatus
from app.domain.result_states import ResultState, current_state
from app.extensions import db
from app.models import Appeal, Project
from app.models._types import utcnow
from app.services.boards import leaderboard_cache, standings, standings_inputs
from app.services.certification.certificates import mask_name
from app.services.common import derived_keys, labels
from app.services.scoring import judging_events
from app.services.scoring.judging_access import can_manage, can_oversee, load_components

STAFF = "STAFF"
OPEN_APPEAL_STATES = ("SUBMITTED", "ACCEPTED")
#: Row fields the public never gets (they would tie a name to the judges' anonymous code).
SECRET_FIELDS = ("code", "station_no", "registration_id")
#: Awards shown as medals on the medal table, best first.
MEDALS = ("GOLD", "SILVER", "BRONZE")
PRIZES = ("FIRST_PRIZE", "SECOND_PRIZE", "THIRD_PRIZE")
AWARD_LABELS = labels.AWARD
STATUS_LABELS = labels.BOARD_STATUS
_BOARD_STATUS = {
    ResultState.SCORING: "PROVISIONAL", ResultState.LOCKED: "PROVISIONAL",
    ResultState.PUBLISHED: "PUBLISHED", ResultState.OBJECTION_CLOSED: "OBJECTION_CLOSED",
    ResultState.FINAL: "FINAL", ResultState.CERTIFIED: "FINAL",
}


@dataclass(frozen=True, slots=True)
class View:
    """How a board is shown: STAFF, or the public's visibility and the freeze moment."""

    visibility: str
    frozen_at: datetime | None = None
    # A chief judge who does not manage the project: live data by anonymous code, no names
    # until the results are signed off (加密号, DOMAIN §3).
    anonymous: bool = False

    @property
    def key(self) -> str:
        """Return a short name for caching and for matching deltas to the view."""
        return (self.visibility + ("/frozen" if self.frozen_at is not None else "")
                + ("/anonymous" if self.anonymous else ""))

    @property
    def staff(self) -> bool:
        return self.visibility == STAFF


def get_board_project(project_id: int) -> Project | None:
    """Load a project with its competition in one query (the hot path of every board read)."""
    return db.session.get(Project, project_id, options=[joinedload(Project.competition)])


def public_view_of(project: Project, now: datetime) -> View:
    """Return what the public may see of a project at ``now``."""
    if project.published_at is not None:
        return View("LIVE")
    visibility = project.competition.public_visibility
    freeze = project.board_freeze_at
    if visibility != "HIDDEN" and freeze is not None and now >= freeze:
        return View(visibility, frozen_at=freeze)
    return View(visibility)


def view_for(user: Any, project: Project, now: datetime) -> View:
    """Return the view a user gets: staff see live data, everyone else the public view."""
    if user is not None and can_oversee(user, project):
        anonymous = not can_manage(user, project) and project.signed_off_by_id is None
        return View(STAFF, anonymous=anonymous)
    return public_view_of(project, now)


def count_open_appeals(project_id: int) -> int:
    """Return how many appeals of the project are still waiting for a decision."""
    return int(
        db.session.scalar(
            select(func.count(Appeal.id)).where(
                Appeal.project_id == project_id, Appeal.state.in_(OPEN_APPEAL_STATES)
            )
        )
        or 0
    )


def effective_status(project: Project, now: datetime, open_appeals: int) -> str:
    """Return PROVISIONAL, PUBLISHED, OBJECTION_CLOSED or FINAL as the banner shows it.

    The results state machine's state (app.domain.result_states) at ``now``: a 公示 whose
    period has ended is OBJECTION_CLOSED until it is finalised (``flask close-publications``
    or the organizer); it never reads as FINAL before outcomes are stored. ``open_appeals``
    is shown beside it by the banner.
    """
    state = current_state(locked=project.scores_locked_at is not None,
                          stored=project.result_status,
                          publication_ends_at=project.publication_ends_at, now=now)
    return _BOARD_STATUS[state]


def live_snapshot(project: Project) -> dict[str, Any]:
    """Return the committed live standings, computed once per seq in this process."""
    snapshot = judging_events.standings_before(project)
    if snapshot.get("seq") == project.event_seq:
        judging_events.remember(project.id, snapshot)
    return snapshot


def get_board(project: Project, view: View, *, now: datetime | None = None) -> dict[str, Any]:
    """Return the board for a view: rows with names, status banner, components, progress."""
    return _built(project, view, now or utcnow()).board


def get_board_json(
    project: Project, view: View, *, now: datetime | None = None, gzipped: bool = False
) -> bytes:
    """Return the board as JSON bytes, or those gzipped (each made once per seq and view)."""
    built = _built(project, view, now or utcnow())
    return built.gzipped if gzipped else built.body


def get_built_board(
    project: Project, view: View, *, now: datetime | None = None
) -> leaderboard_cache.BuiltBoard:
    """Return the board built once per seq and view: body, gzip, brotli and ETag."""
    return _built(project, view, now or utcnow())


def _built(project: Project, view: View, now: datetime) -> leaderboard_cache.BuiltBoard:
    seq = project.event_seq
    ends = project.publication_ends_at
    due = ends is not None and now >= ends
    key = (project.id, seq, view.key, project.result_status, due)
    built = leaderboard_cache.get_built(key)
    if built is None:
        board = _build(project, view, now)
        body = json.dumps(board, ensure_ascii=False, separators=(",", ":")).encode()
        built = leaderboard_cache.BuiltBoard(
            key, board, body, gzip.compress(body, compresslevel=6, mtime=0),
            brotli.compress(body, quality=4), hashlib.blake2b(body, digest_size=12).hexdigest())
        leaderboard_cache.put_built(built)
    return built


def _build(project: Project, view: View, now: datetime) -> dict[str, Any]:
    if view.frozen_at is not None:
        base = standings.compute_standings(project, as_of=view.frozen_at)
    else:
        base = live_snapshot(project)
    open_appeals = count_open_appeals(project.id)
    status = effective_status(project, now, open_appeals)
    visibility = "LIVE" if view.staff else view.visibility
    shown = base if view.staff else standings.public_view(base, visibility)
    mask = project.competition.mask_names and not view.staff
    people = _entrants(project, mask=mask)
    rows = []
    for row in shown.get("rows", []):
        who = people.get(row["registration_id"], {})
        if view.anonymous:
            who = {"name": row.get("code") or "", "organization": "", "region": ""}
        out = {**row, **who, "key": derived_keys.row_key(project.id, row["registration_id"])}
        rows.append(out if view.staff else public_row(out))
    rows.sort(key=_row_order if visibility == "LIVE" else _name_order)
    done, total = overall_progress(base.get("rows", []))
    hidden = visibility == "HIDDEN"
    return {
        "project_id": project.id,
        "seq": project.event_seq,
        "view": view.key,
        "visibility": visibility,
        "hidden": hidden,
        "frozen": view.frozen_at is not None,
        "frozen_at": _iso(view.frozen_at),
        "freeze_at": _iso(project.board_freeze_at),
        "status": status,
        "published_at": _iso(project.published_at),
        "publication_ends_at": _iso(project.publication_ends_at),
        "appeals_open": open_appeals,
        # The two channels (DOMAIN §8): score appeals after the contest, objections in the 公示.
        "appeal_deadline": _iso(appeal_deadline(project)),
        "objection_deadline": _iso(project.publication_ends_at
                                   if status == "PUBLISHED" else None),
        "awards_shown": project.scores_locked_at is not None,
        "locked": project.scores_locked_at is not None,
        "starts_at": _iso(project.starts_at),
        "ends_at": _iso(project.ends_at),
        "components": [] if visibility != "LIVE" else _components(project),
        "rows": [] if hidden else rows,
        "entries": len(base.get("rows", [])),
        "progress": {"done": 0, "total": 0} if hidden else {"done": done, "total": total},
        "complete": base.get("complete", False),
        "problems": base.get("problems", []) if view.staff else [],
        **({"n": base.get("n", 0), "unresolved_ties": base.get("unresolved_ties", [])}
           if view.staff else {}),
    }


def overall_progress(rows: list[dict[str, Any]]) -> tuple[int, int]:
    """Return the cells scored and expected over the finishers' rows.

    A DNF or DQ entry is never scored to the end: counting its cells would keep the board's
    progress short of 100 % after every finisher is marked.
    """
    counted = [r["progress"] for r in rows
               if r.get("progress") and r.get("status") in (None, FinishStatus.FINISHED)]
    return sum(p["done"] for p in counted), sum(p["total"] for p in counted)


def with_row_keys(project_id: int, data: dict[str, Any]) -> dict[str, Any]:
    """Return a snapshot or delta whose rows carry their opaque ``key`` and whose ``removed``
    lists keys instead of registration ids."""
    out = dict(data)
    key = derived_keys.row_keys(project_id)
    out["rows"] = [
        {**row, "key": key(row["registration_id"])} if "registration_id" in row else row
        for row in data.get("rows", [])
    ]
    if "removed" in data:
        out["removed"] = sorted(key(rid) for rid in data["removed"])
    return out
def appeal_deadline(project: Project) -> datetime | None:
    """Return when score appeals close (the contest's end plus the competition's window)."""
    if project.ends_at is None:
        return None
    return project.ends_at + timedelta(minutes=project.competition.appeal_window_minutes)


def public_row(row: dict[str, Any]) -> dict[str, Any]:
    """Return a row as the public sees it: no anonymous code, station or registration id
    (only the opaque key); nothing scored yet shows no rank, total or award (a 0 total, and
    the award it would get, means nothing)."""
    out = {k: v for k, v in row.items() if k not in SECRET_FIELDS}
    if out.get("progress", {}).get("done") == 0 and "total" in out:
        out.update(rank=None, position=None, total=None, award=None, components={})
    return out


def _row_order(row: dict[str, Any]) -> tuple[Any, ...]:
    position = row.get("position")
    return (position is None, position or 0, row.get("name", ""))


def _name_order(row: dict[str, Any]) -> tuple[Any, ...]:
    return (row.get("organization", ""), row.get("name", ""))


def _components(project: Project) -> list[dict[str, str]]:
    return [
        {"code": c.code, "name": c.name, "weight": str(c.weight)}
        for c in load_components(project.id)
    ]


def _entrants(project: Project, *, mask: bool) -> dict[int, dict[str, str]]:
    """Return registration id → name (masked if asked), organization and region."""
    out = {}
    for registration in standings_inputs.competing_registrations(project.id):
        person = registration.person
        name = registration.team_name or person.name
        organization = registration.organization or person.organization
        out[registration.id] = {
            "name": mask_name(name) if mask else name,
            "organization": organization.name if organization else "",
            "region": organization.region if organization else "",
        }
    return out


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def get_deltas_since(project: Project, view: View, since: int) -> dict[str, Any]:
    """Return the deltas after ``since`` for a view, or ``{"refetch": true}`` when it cannot.

    A client resumes with the deltas when this process still holds every one of them and they
    were made for the view the client has now; otherwise it fetches the board again.
    """
    seq = project.event_seq
    out: dict[str, Any] = {"project_id": project.id, "seq": seq}
    if since > seq or since < 0:
        return {**out, "refetch": True}
    steps = leaderboard_cache.steps_after(project.id, since, seq)
    if steps is None:
        return {**out, "refetch": True}
    deltas = []
    for step in steps:
        if view.staff:
            payload = step.staff
        elif step.view != view.key:
            return {**out, "refetch": True}
        else:
            payload = step.public
        if payload.get("refetch"):
            return {**out, "refetch": True}
        deltas.append(payload)
    return {**out, "deltas": deltas}
