"""The standings job: recompute and announce a project's standings after its changes commit.

A judge's acknowledgement leaves as soon as the score is committed; the services queue the
internal event ``project_scores_changed`` and this module runs, per project, at most one job at
a time in a background task (a greenlet under gevent, a thread under threading). Changes that
commit while a job runs mark the project dirty and the job runs once more at the end, so N
scores landing together cost one or two recomputations, never N, and the last committed state
is always announced. The work itself (DB reads, the delta) is
``app.services.boards.leaderboard_push.announce_standings``; its event leaves through the outbox.

With ``JX_STANDINGS_INLINE`` (the test configuration) the job runs right after the commit, in
the committing thread, in an app context of its own, so tests see the announcement at once.
"""

from __future__ import annotations

import logging
import threading

from flask import Flask, current_app

from app import events
from app.extensions import socketio
from app.services.boards.leaderboard_push import announce_standings
from app.services.scoring.judging_events import SCORES_CHANGED

log = logging.getLogger(__name__)

_lock = threading.Lock()
_idle = threading.Condition(_lock)
_running: set[int] = set()
_dirty: set[int] = set()


def on_event(event: events.Event) -> None:
    """Schedule the standings job when a committed change may have moved them."""
    if event.name == SCORES_CHANGED:
        schedule(current_app._get_current_object(), int(event.payload["project_id"]))


def schedule(app: Flask, project_id: int) -> None:
    """Run the project's job now, or once more after the one running (coalesced)."""
    with _lock:
        if project_id in _running:
            _dirty.add(project_id)
            return
        _running.add(project_id)
    if app.config.get("JX_STANDINGS_INLINE"):
        _run(app, project_id)
    else:
        socketio.start_background_task(_run, app, project_id)


def _run(app: Flask, project_id: int) -> None:
    while True:
        with _lock:
            _dirty.discard(project_id)
        try:
            with app.app_context():
                announce_standings(project_id)
        except Exception:  # the next change, or a client's refetch, recovers
            log.exception("announcing the standings of project %s failed", project_id)
        with _lock:
            if project_id not in _dirty:
                _running.discard(project_id)
                _idle.notify_all()
                return


def wait_idle(timeout: float = 10.0) -> bool:
    """Wait until no standings job is running or pending; False if still busy at timeout."""
    with _idle:
        return _idle.wait_for(lambda: not _running, timeout)
