"""The admission gate: spectators beyond the slots get the last board or a fast 503; staff pass."""

from __future__ import annotations

import pytest

from tests.judging_setup import build_contest, new_id


@pytest.fixture()
def contest(db):
    from app.services.boards import leaderboard_cache
    from app.services.scoring import judging_events

    judging_events.forget()
    leaderboard_cache.forget()
    return build_contest()


@pytest.fixture()
def full_gate(app):
    """A one-slot gate whose slot is taken (a spectator's read in progress)."""
    from app.web.admission import Gate

    gate = Gate(1)
    assert gate.enter()
    app.extensions["jx_public_gate"] = gate
    yield gate
    app.extensions.pop("jx_public_gate", None)


def _score(contest, value):
    from app.models._types import utcnow
    from app.services.scoring.judging import submit_score

    submit_score(client_id=new_id(), judge=contest.judges[0],
                 registration_id=contest.registrations[0].id, aspect_id=contest.j.id,
                 value=value, now=utcnow())


def test_a_full_gate_turns_a_spectator_away_with_a_fast_503(client, contest, full_gate):
    url = f"/api/v1/projects/{contest.project.id}/standings"
    refused = client.get(url)
    assert refused.status_code == 503
    assert refused.headers["Retry-After"] == "1"
    assert refused.json["error"]["code"] == "board.busy"
    assert full_gate.busy == 1


def test_a_full_gate_serves_the_last_public_board_built(client, contest, full_gate):
    _score(contest, 1)
    url = f"/api/v1/projects/{contest.project.id}/standings"
    full_gate.leave()
    board = client.get(url).json  # admitted: builds and keeps the public board
    assert full_gate.enter()
    _score(contest, 2)
    stale = client.get(url)
    assert stale.status_code == 200 and stale.headers["X-Board-Stale"] == "1"
    assert stale.json == board and stale.json["seq"] == 1
    assert client.get(url + "?since=0").status_code == 503


def test_staff_always_find_capacity(client, login, contest, full_gate):
    login(contest.organizer)
    url = f"/api/v1/projects/{contest.project.id}/standings"
    answer = client.get(url)
    assert answer.status_code == 200 and answer.json["view"] == "STAFF"


@pytest.mark.parametrize(("slots", "admitted"), [(0, [True] * 5), (2, [True, True, False])])
def test_gate_counts_slots(slots, admitted):
    from app.web.admission import Gate

    gate = Gate(slots)
    assert [gate.enter() for _ in admitted] == admitted
    gate.leave()
    assert gate.enter() is True


def test_a_spectator_read_gives_its_slot_back(client, contest):
    from app.web.admission import gate

    url = f"/api/v1/projects/{contest.project.id}/standings"
    for _ in range(3):
        assert client.get(url).status_code == 200
    with client.application.app_context():
        assert gate().busy == 0
