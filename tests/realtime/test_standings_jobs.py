"""The standings job: announced after the ack, coalesced per project, exact deltas, resumable."""

from __future__ import annotations

from typing import Any

import pytest

from tests.judging_setup import new_id


@pytest.fixture()
def deferred(app: Any, monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    """Run the standings job in the background path, but hold its tasks until the test runs
    them (a deterministic stand-in for the greenlet/thread)."""
    from app.extensions import socketio
    from app.realtime import standings_jobs

    tasks: list[tuple[Any, ...]] = []
    monkeypatch.setitem(app.config, "JX_STANDINGS_INLINE", False)
    monkeypatch.setattr(socketio, "start_background_task", lambda fn, *a: tasks.append((fn, a)))
    yield tasks
    _run(tasks)  # never leave a project marked as running for the next test
    assert standings_jobs.wait_idle(0)


def _score(judge: Any, contest: Any, reg: int = 0, value: int = 2) -> dict[str, Any]:
    return judge.emit("submit_score", {
        "client_id": new_id(), "registration_id": contest.registrations[reg].id,
        "aspect_id": contest.j.id, "value": value}, callback=True)


def _run(tasks: list[tuple[Any, ...]]) -> None:
    from app.extensions import db

    # The in-memory test database is one shared connection: end the test's read first, as
    # the job runs with a session of its own.
    db.session.rollback()
    while tasks:
        fn, args = tasks.pop(0)
        fn(*args)


def test_the_ack_leaves_before_the_standings_and_scores_in_a_burst_are_announced_once(
        contest, sio, deferred):
    judge, spectator = sio(contest.judges[0]), sio()
    spectator.emit("join_board", {"project_id": contest.project.id}, callback=True)
    acks = [_score(judge, contest, reg, value) for reg, value in [(0, 1), (1, 2), (0, 3)]]
    assert [a["seq"] for a in acks] == [1, 2, 3] and all(a["ok"] for a in acks)
    assert spectator.received("standings_changed") == []  # nothing computed in the ack path
    assert len(deferred) == 1  # one job for the project; the later scores only marked it dirty
    _run(deferred)
    [changed] = [c["args"][0] for c in spectator.received("standings_changed")]
    assert (changed["since"], changed["seq"]) == (0, 3)  # one delta covering the three
    from app.services.common.derived_keys import row_key

    rows = {r["key"]: r for r in changed["rows"]}
    pid = contest.project.id
    assert rows[row_key(pid, contest.registrations[0].id)]["progress"]["done"] == 1
    assert rows[row_key(pid, contest.registrations[1].id)]["progress"]["done"] == 1


def test_a_score_after_the_announcement_gets_the_next_delta_and_the_chain_resumes(
        contest, sio, deferred):
    from app.extensions import db
    from app.models import Project
    from app.services.boards import leaderboard

    judge, spectator = sio(contest.judges[0]), sio()
    spectator.emit("join_board", {"project_id": contest.project.id}, callback=True)
    _score(judge, contest, 0, 1)
    _score(judge, contest, 1, 1)
    _run(deferred)
    _score(judge, contest, 2, 1)
    _run(deferred)
    got = [(c["args"][0]["since"], c["args"][0]["seq"])
           for c in spectator.received("standings_changed")]
    assert got == [(0, 2), (2, 3)]
    project = db.session.get(Project, contest.project.id)
    view = leaderboard.public_view_of(project, project.created_at)
    assert [d["seq"] for d in leaderboard.get_deltas_since(project, view, 0)["deltas"]] == [2, 3]
    # A client at 1 never saw the standings of seq 1 alone: it must refetch.
    assert leaderboard.get_deltas_since(project, view, 1)["refetch"] is True


def test_a_change_made_elsewhere_is_diffed_exactly_from_the_committed_state(contest, sio):
    from sqlalchemy import update

    from app.extensions import db
    from app.models import Project
    from app.services.boards import standings

    judge, spectator = sio(contest.judges[0]), sio()
    spectator.emit("join_board", {"project_id": contest.project.id}, callback=True)
    _score(judge, contest, 0, 1)
    # Another process (it announced its own delta) moves the seq to 2 behind our back.
    db.session.execute(update(Project).where(Project.id == contest.project.id)
                       .values(event_seq=Project.event_seq + 1))
    db.session.commit()
    at_two = standings.compute_standings(db.session.get(Project, contest.project.id))
    spectator.received()
    _score(judge, contest, 1, 1)
    [changed] = [c["args"][0] for c in spectator.received("standings_changed")]
    assert (changed["since"], changed["seq"]) == (2, 3)
    now = standings.compute_standings(db.session.get(Project, contest.project.id))
    expected = standings.diff_standings(at_two, now)["rows"]
    from app.services.common.derived_keys import row_key

    assert [r["key"] for r in changed["rows"]] == [
        row_key(contest.project.id, r["registration_id"]) for r in expected]
