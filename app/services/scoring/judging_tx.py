"""The frame shared by the judging use cases that change a project: open, check, finish.

``open_change`` starts the write and loads the committed standings; ``finish_change`` bumps the
project's sequence, queues its events and the standings job (recomputed and announced after the
commit, see app.services.scoring.judging_events) and commits once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from app.extensions import begin_write, db, rollback_on_error
from app.models import Project, User
from app.services.common.access import get_project
from app.services.common.scope import is_admin
from app.services.scoring import judging_events
from app.services.scoring.judging_access import (
    assignment_of,
    require,
    require_chief,
)
from app.services.scoring.judging_errors import JudgingError


def reason_text(text: str | None) -> str:
    """Return a trimmed reason, refusing an empty one."""
    cleaned = (text or "").strip()
    if not cleaned:
        raise JudgingError("reason.required", field="reason")
    return cleaned[:500]


def finish_change(project: Project, also: Callable[[int], None] | None = None) -> int:
    """Bump the sequence, queue events (``also`` gets the seq) and the standings job; commit."""
    seq = judging_events.bump_seq(project)
    if also is not None:
        also(seq)
    judging_events.queue_standings(project, seq)
    db.session.commit()
    judging_events.committed(project.id, seq)
    return seq


def open_change(
    project_id: int, actor: User, *, chief_only: bool = True
) -> tuple[Project, dict[str, Any]]:
    """Start a write, load the project, check the actor, and take the standings before."""
    begin_write()
    with rollback_on_error():
        project = get_project(actor, project_id)  # the roles are checked just below
        if chief_only:
            require_chief(actor, project)
        else:
            require(assignment_of(actor, project.id) is not None or is_admin(actor))
        judging_events.prepare_change(project)
        return project, judging_events.standings_before(project)


@contextmanager
def project_change(
    project_id: int, actor: User, *, chief_only: bool = True
) -> Iterator[tuple[Project, dict[str, Any]]]:
    """Open the change (``open_change``) for the block, which ends in ``finish_change`` (its
    one commit); anything the block raises rolls the whole change back."""
    project, before = open_change(project_id, actor, chief_only=chief_only)
    with rollback_on_error():
        yield project, before


def require_unlocked(project: Project) -> None:
    if project.scores_locked_at is not None:
        raise JudgingError("score.project_locked")
