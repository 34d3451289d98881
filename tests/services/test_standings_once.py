"""Standings are computed once per committed version, shared by the push and the board reads."""

from __future__ import annotations

import threading
from types import SimpleNamespace

import pytest

from tests.judging_setup import NOW, build_contest, new_id


@pytest.fixture()
def counted(monkeypatch):
    """Count calls of compute_standings (wrapping the real one)."""
    from app.services.boards import standings

    calls: list[int] = []
    real = standings.compute_standings

    def spy(project, **kwargs):
        calls.append(project.event_seq)
        return real(project, **kwargs)

    monkeypatch.setattr(standings, "compute_standings", spy)
    return calls


def test_push_and_reads_share_one_computation_per_version(db, counted):
    """A score then the push job, a staff board and a public board: one computation."""
    from app.services.boards import leaderboard
    from app.services.scoring.judging import submit_score

    contest = build_contest()
    reg = contest.registrations[0]
    for value in (70, 81):
        submit_score(client_id=new_id(), judge=contest.chief, registration_id=reg.id,
                     aspect_id=None, component_id=contest.theory.id, value=value, now=NOW)
        project = leaderboard.get_board_project(contest.project.id)
        leaderboard.get_board(project, leaderboard.View(leaderboard.STAFF), now=NOW)
        leaderboard.get_board(project, leaderboard.public_view_of(project, NOW), now=NOW)
    seqs = [s for s in counted if s >= 1]
    assert len(seqs) == len(set(seqs))


def test_concurrent_callers_of_one_version_wait_for_the_one_computation(monkeypatch):
    """The push job and a board read arriving together for seq 7 compute it once."""
    from app.services.boards import standings
    from app.services.scoring import judging_events

    judging_events.forget()
    started, release = threading.Event(), threading.Event()
    calls: list[int] = []

    def slow(project, **kwargs):
        calls.append(project.event_seq)
        started.set()
        release.wait(10)
        return {"project_id": project.id, "seq": project.event_seq, "rows": []}

    monkeypatch.setattr(standings, "compute_standings", slow)
    project = SimpleNamespace(id=4242, event_seq=7)
    results: list[dict] = []
    first = threading.Thread(
        target=lambda: results.append(judging_events.standings_before(project)))
    first.start()
    assert started.wait(10)
    second = threading.Thread(
        target=lambda: results.append(judging_events.standings_before(project)))
    second.start()
    # Let the second caller reach either the computation (old code) or the wait (new code).
    for _ in range(1000):
        flight = judging_events._inflight.get((4242, 7))
        if len(calls) > 1 or (flight is not None and flight.waiters == 1):
            break
        threading.Event().wait(0.01)
    release.set()
    first.join(10)
    second.join(10)
    assert calls == [7]
    assert results[0] is results[1]
    assert judging_events.standings_before(project) is results[0]
    assert calls == [7]
    judging_events.forget()


def test_a_failed_computation_lets_the_next_caller_try_again(monkeypatch):
    """A computation that raises is not cached: the next read computes afresh."""
    from app.services.boards import standings
    from app.services.scoring import judging_events

    judging_events.forget()
    outcomes = iter([RuntimeError("db gone"), None])

    def flaky(project, **kwargs):
        error = next(outcomes)
        if error is not None:
            raise error
        return {"project_id": project.id, "seq": project.event_seq, "rows": []}

    monkeypatch.setattr(standings, "compute_standings", flaky)
    project = SimpleNamespace(id=4243, event_seq=3)
    with pytest.raises(RuntimeError):
        judging_events.standings_before(project)
    assert judging_events.standings_before(project)["seq"] == 3
    assert judging_events._inflight == {}
    judging_events.forget()
