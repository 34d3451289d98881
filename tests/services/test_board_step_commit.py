"""Board cache steps are written after commit only: a rollback leaves no step behind."""

from __future__ import annotations

import pytest

from tests.judging_setup import build_contest


@pytest.fixture()
def fresh(db):
    from app.services.boards import leaderboard_cache
    from app.services.scoring import judging_events

    judging_events.forget()
    leaderboard_cache.forget()


@pytest.mark.parametrize(("finish", "kept"), [("rollback", False), ("commit", True)])
def test_a_refetch_step_is_cached_only_when_its_transaction_commits(fresh, finish, kept):
    from app.extensions import db
    from app.services.boards import leaderboard_cache
    from app.services.boards.leaderboard_push import queue_board_refetch

    project = build_contest().project
    seq = (project.event_seq or 0) + 100
    queue_board_refetch(project, seq, reason="published")
    assert leaderboard_cache.steps_after(project.id, seq - 1, seq) is None  # not before commit
    getattr(db.session, finish)()
    steps = leaderboard_cache.steps_after(project.id, seq - 1, seq)
    assert (steps is not None and [s.seq for s in steps] == [seq]) is kept
