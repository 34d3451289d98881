"""The ceremony reveal: the organizer shows the results from the last place upward (or the
medals only), one click at a time; big screens follow through the project's room.

The running reveal is a row of ``project_ceremonies``: big screens are public traffic, which
other instances than the organizer's console serve at scale, and a late screen (or one that
reloads) asks any of them. Every step is audited and announced after its commit as
``ceremony`` in ``project:<id>``; the project's row is locked for the step, so two consoles
never reveal the same place twice. Revealing is the organizer's deliberate act, so it needs
locked scores and shows what it reveals whatever the board's visibility.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from app import events
from app.extensions import db, write_transaction
from app.models import Project, ProjectCeremony, User
from app.services.boards import leaderboard
from app.services.boards.board_errors import BoardError
from app.services.common.access import Need, get_project
from app.services.scoring import audit
from app.services.scoring.judging_events import room_project

MODES = ("ALL", "MEDALS")
_PODIUM = (*leaderboard.MEDALS, *leaderboard.PRIZES)


def _payload(ceremony: ProjectCeremony) -> dict[str, Any]:
    """Return what the big screens show: the rows revealed so far, in the order revealed."""
    order = ceremony.order
    return {"project_id": ceremony.project_id, "mode": ceremony.mode, "step": ceremony.step,
            "total": len(order), "revealed": order[: ceremony.step],
            "done": ceremony.step >= len(order)}


def _shown(row: dict[str, Any], mask: bool) -> dict[str, Any]:
    from app.services.certification.certificates import mask_name

    name = row.get("name", "")
    return {"key": row["key"], "rank": row.get("rank"),
            "name": mask_name(name) if mask else name,
            "organization": row.get("organization", ""), "total": row.get("total"),
            "award": row.get("award")}


def _announce(project: Project, actor: User, action: str, payload: dict[str, Any],
              now: datetime) -> None:
    audit.record(action, entity="project", entity_id=project.id, actor_id=actor.id,
                 project_id=project.id, new={"mode": payload["mode"], "step": payload["step"]},
                 now=now)
    events.publish("ceremony", payload, room_project(project.id))


def _running(actor: User, project_id: int) -> tuple[Project, ProjectCeremony]:
    project = get_project(actor, project_id, Need.MANAGE, forbid=True, for_update=True)
    ceremony = db.session.get(ProjectCeremony, project.id)
    if ceremony is None:
        raise BoardError("ceremony.not_started")
    if project.scores_locked_at is None:  # unlocked since it started: its order may be stale
        raise BoardError("ceremony.unlocked")
    return project, ceremony


def start_ceremony(actor: User, project_id: int, *, mode: str, now: datetime) -> dict[str, Any]:
    """Start (or restart) a reveal in ALL (last place upward) or MEDALS mode; nothing shown."""
    with write_transaction():
        project = get_project(actor, project_id, Need.MANAGE, forbid=True, for_update=True)
        if mode not in MODES:
            raise BoardError("ceremony.mode", field="mode")
        if project.scores_locked_at is None:
            raise BoardError("ceremony.unlocked")
        board = leaderboard.get_board(project, leaderboard.View(leaderboard.STAFF), now=now)
        ranked = [r for r in board["rows"] if r.get("rank")]
        if mode == "MEDALS":
            ranked = [r for r in ranked if r.get("award") in _PODIUM]
        mask = project.competition.mask_names
        order = [_shown(r, mask) for r in sorted(ranked, key=lambda r: -r["position"])]
        ceremony = db.session.get(ProjectCeremony, project.id) or ProjectCeremony(
            project_id=project.id)
        ceremony.mode, ceremony.step, ceremony.order, ceremony.started_at = mode, 0, order, now
        db.session.add(ceremony)
        payload = _payload(ceremony)
        _announce(project, actor, "ceremony.started", payload, now)
    return payload


def reveal_next(actor: User, project_id: int, *, now: datetime) -> dict[str, Any]:
    """Reveal the next place (the next one up); at the end nothing more changes."""
    with write_transaction():
        project, ceremony = _running(actor, project_id)
        ceremony.step = min(ceremony.step + 1, len(ceremony.order))
        payload = _payload(ceremony)
        _announce(project, actor, "ceremony.revealed", payload, now)
    return payload


def end_ceremony(actor: User, project_id: int, *, now: datetime) -> dict[str, Any]:
    """Stop the reveal; big screens go back to the board."""
    with write_transaction():
        project, ceremony = _running(actor, project_id)
        db.session.delete(ceremony)
        payload = {"project_id": project.id, "ended": True}
        audit.record("ceremony.ended", entity="project", entity_id=project.id,
                     actor_id=actor.id, project_id=project.id, now=now)
        events.publish("ceremony", payload, room_project(project.id))
    return payload


def get_ceremony(project: Project) -> dict[str, Any] | None:
    """Return the running reveal of a project (for a big screen that joins late), if any."""
    if project.scores_locked_at is None:  # a reveal needs locked scores: no query
        return None
    ceremony = db.session.get(ProjectCeremony, project.id)
    return None if ceremony is None else _payload(ceremony)
