"""Board sockets: anonymous spectators, no hidden data over the socket, freeze, resume, ceremony."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.models._types import utcnow
from tests.judging_setup import build_contest, new_id


def _score(judge_socket, contest, value=2, registration=0):
    return judge_socket.emit("submit_score", {
        "client_id": new_id(), "registration_id": contest.registrations[registration].id,
        "aspect_id": contest.j.id, "value": value}, callback=True)


def _rows(events):
    return [row for e in events for row in e["args"][0]["rows"]]


def test_an_anonymous_spectator_joins_and_gets_small_public_deltas(db, sio):
    contest = build_contest()
    spectator, judge = sio(), sio(contest.judges[0])
    ack = spectator.emit("join_board", {"project_id": contest.project.id}, callback=True)
    assert ack["ok"] and ack["seq"] == 0 and ack["ceremony"] is None
    assert _score(judge, contest)["ok"]
    [changed] = spectator.received("standings_changed")
    delta = changed["args"][0]
    assert delta["seq"] == 1 and len(delta["rows"]) <= 3
    assert all("code" not in r and "station_no" not in r for r in delta["rows"])


@pytest.mark.parametrize("visibility", ["HIDDEN", "PROGRESS_ONLY"])
def test_hidden_data_never_leaks_over_the_socket(db, sio, visibility):
    contest = build_contest(visibility=visibility)
    spectator, judge = sio(), sio(contest.judges[0])
    spectator.emit("join_board", {"project_id": contest.project.id}, callback=True)
    for registration in range(3):
        _score(judge, contest, registration=registration)
    got = spectator.received("standings_changed")
    assert [e["args"][0]["seq"] for e in got] == [1, 2, 3]
    secret = {"total", "rank", "award", "components", "code", "position"}
    assert all(not secret & set(r) for r in _rows(got))
    if visibility == "HIDDEN":
        assert _rows(got) == []
    resumed = spectator.emit("join_board", {"project_id": contest.project.id, "since": 0},
                             callback=True)["resume"]
    assert all(not secret & set(r) for d in resumed["deltas"] for r in d["rows"])


def test_the_socket_announces_the_freeze_without_rows(db, sio):
    from app.extensions import db

    contest = build_contest()
    contest.project.board_freeze_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    spectator, judge = sio(), sio(contest.judges[0])
    spectator.emit("join_board", {"project_id": contest.project.id}, callback=True)
    _score(judge, contest)
    [changed] = spectator.received("standings_changed")
    assert changed["args"][0] == {"project_id": contest.project.id, "since": 0, "seq": 1,
                                  "rows": [], "removed": [], "frozen": True}


def test_a_reconnecting_spectator_resumes_from_its_seq(db, sio):
    contest = build_contest()
    judge = sio(contest.judges[0])
    for value in (1, 2, 3):
        _score(judge, contest, value=value)
    late = sio()
    ack = late.emit("join_board", {"project_id": contest.project.id, "since": 1}, callback=True)
    assert [d["seq"] for d in ack["resume"]["deltas"]] == [2, 3]
    assert late.emit("join_board", {"project_id": 999999}, callback=True)["code"] == \
        "project.not_found"


def test_only_the_organizer_runs_the_ceremony_and_spectators_follow(db, sio):
    from tests.board_setup import locked_contest

    contest = locked_contest()
    pid = contest.project.id
    spectator = sio()
    spectator.emit("join_board", {"project_id": pid}, callback=True)
    for who in (None, contest.judges[0]):
        refused = sio(who).emit("ceremony_start", {"project_id": pid, "mode": "ALL"},
                                callback=True)
        assert refused["ok"] is False and refused["code"] == "auth.forbidden"
    organizer = sio(contest.organizer)
    bad = organizer.emit("ceremony_start", {"project_id": pid, "mode": "SOME"}, callback=True)
    assert bad["code"] == "ceremony.mode"
    started = organizer.emit("ceremony_start", {"project_id": pid, "mode": "ALL"}, callback=True)
    assert started["ok"] and started["step"] == 0 and started["total"] == 3
    first = organizer.emit("ceremony_next", {"project_id": pid}, callback=True)
    assert [r["rank"] for r in first["revealed"]] == [3]
    second = organizer.emit("ceremony_next", {"project_id": pid}, callback=True)
    assert [r["rank"] for r in second["revealed"]] == [3, 2]
    steps = [e["args"][0]["step"] for e in spectator.received("ceremony")]
    assert steps == [0, 1, 2]
    late = sio().emit("join_board", {"project_id": pid}, callback=True)
    assert late["ceremony"]["step"] == 2
    medals = organizer.emit("ceremony_start", {"project_id": pid, "mode": "MEDALS"},
                            callback=True)
    assert medals["total"] <= 3
    assert organizer.emit("ceremony_end", {"project_id": pid}, callback=True)["ended"]
