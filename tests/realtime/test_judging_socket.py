"""Socket.IO round trips: acks after commit, refusals, room isolation, replays after a drop."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import json_limits
from tests.judging_setup import build_contest, new_id


def _score(contest, *, reg=0, aspect=None, value=2, client_id=None):
    return {"client_id": client_id or new_id(),
            "registration_id": contest.registrations[reg].id,
            "aspect_id": (aspect or contest.j).id, "value": value,
            "client_time": "2026-05-20T09:00:00Z"}


def _stored(client_id=None):
    from sqlalchemy import func, select

    from app.extensions import db
    from app.models import ScoreEvent

    query = select(func.count(ScoreEvent.id))
    if client_id is not None:
        query = query.where(ScoreEvent.client_id == client_id)
    return db.session.scalar(query)


def test_submit_acks_the_stored_event_and_the_rooms_hear_it(contest, sio):
    judge, chief, spectator = sio(contest.judges[0]), sio(contest.chief), sio()
    pid = contest.project.id
    assert spectator.emit("join_project", {"project_id": pid}, callback=True)["seq"] == 0
    assert chief.emit("join_chief", {"project_id": pid}, callback=True)["ok"]
    payload = _score(contest)
    ack = judge.emit("submit_score", payload, callback=True)
    assert ack["ok"] and ack["replay"] is False and ack["value"] == "2" and ack["seq"] == 1
    assert _stored(payload["client_id"]) == 1  # committed before the ack was sent
    [recorded] = chief.received("score_recorded")
    assert recorded["args"][0]["event_id"] == ack["event_id"]
    assert recorded["args"][0]["sheet"]["values"] == {str(contest.judges[0].id): "2"}
    [changed] = spectator.received("standings_changed")
    assert changed["args"][0]["seq"] == 1
    assert changed["args"][0]["rows"][0]["progress"]["done"] == 1
    assert spectator.received("score_recorded") == []  # the matrix is not public


@pytest.mark.parametrize(("who", "payload", "code"), [
    ("judge", {"value": 5}, "score.out_of_range"),
    ("judge", {"value": "x"}, "score.bad_value"),
    ("judge", {"client_id": "nope"}, "score.bad_request"),
    ("judge", {"registration_id": "1.5"}, "score.bad_request"),
    ("judge", {"registration_id": 2**40}, "score.bad_request"),
    ("judge", {"value": "1E-999999999"}, "score.bad_value"),
    ("judge", {"value": "２"}, "score.bad_value"),
    ("judge", {"value": "0.00001"}, "score.bad_value"),
    ("judge", {"value": [[["1"]]]}, "score.bad_value"),
    ("recused", {"reg": 2}, "score.conflicted"),
    ("other", {}, "score.not_seated"),
    ("anonymous", {}, "auth.required"),
])
def test_refusals_come_back_as_codes_and_store_nothing(contest, sio, who, payload, code):
    users = {"judge": contest.judges[0], "recused": contest.judges[2], "other": None,
             "anonymous": None}
    user = users[who]
    if who == "other":
        user = contest.chief  # seated on theory only
    socket = sio(user)
    body = _score(contest, reg=payload.pop("reg", 0))
    body.update(payload)
    ack = socket.emit("submit_score", body, callback=True)
    assert ack["ok"] is False and ack["code"] == code and ack["message"]
    assert _stored() == 0


def test_rooms_are_guarded_and_a_judge_hears_only_their_project(app, db, sio):
    from app.services.scoring.judging import submit_score
    from tests.judging_setup import NOW

    ours, theirs = build_contest(), build_contest()
    judge = sio(ours.judges[0])
    assert judge.emit("join_judge", {}, callback=True)["ok"]
    assert judge.emit("join_project", {"project_id": ours.project.id}, callback=True)["ok"]
    refused = judge.emit("join_chief", {"project_id": ours.project.id}, callback=True)
    assert refused["code"] == "auth.forbidden"
    assert sio().emit("join_judge", {}, callback=True)["code"] == "auth.required"
    assert sio(ours.chief).emit("join_chief", {"project_id": theirs.project.id},
                                callback=True)["code"] == "auth.forbidden"
    assert sio(ours.organizer).emit("join_chief", {"project_id": ours.project.id},
                                    callback=True)["ok"]
    judge.received()
    submit_score(client_id=new_id(), judge=theirs.judges[0],
                 registration_id=theirs.registrations[0].id, aspect_id=theirs.j.id, value=1,
                 now=NOW)
    from app.services.scoring.chief_judge import request_rescore

    request_rescore(theirs.chief, theirs.project.id, registration_id=theirs.registrations[0].id,
                    key=(theirs.j.id, None), reason="复评", now=NOW)
    assert judge.received() == []
    submit_score(client_id=new_id(), judge=ours.judges[1],
                 registration_id=ours.registrations[0].id, aspect_id=ours.j.id, value=1, now=NOW)
    request_rescore(ours.chief, ours.project.id, registration_id=ours.registrations[0].id,
                    key=(ours.j.id, None), reason="复评", now=NOW)
    names = [item["name"] for item in judge.received()]
    assert names.count("standings_changed") == 2 and "rescore_requested" in names


def test_a_dropped_connection_replays_without_duplicates(contest, sio):
    first = sio(contest.judges[0])
    payload = _score(contest)
    first.emit("submit_score", payload)  # sent, but the tablet never sees the ack
    first.disconnect()
    assert _stored(payload["client_id"]) == 1
    second = sio(contest.judges[0])
    ack = second.emit("submit_score", payload, callback=True)
    assert ack["ok"] and ack["replay"] is True
    assert _stored() == 1
    changed = dict(payload, value=3)
    assert second.emit("submit_score", changed, callback=True)["code"] == "score.id_reused"


def test_a_failure_after_the_insert_rolls_back_and_emits_nothing(contest, sio, monkeypatch):
    from app.services.scoring import judging_events

    chief, judge = sio(contest.chief), sio(contest.judges[0])
    chief.emit("join_chief", {"project_id": contest.project.id}, callback=True)

    def explode(*_args, **_kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(judging_events, "queue_standings", explode)
    payload = _score(contest)
    ack = judge.emit("submit_score", payload, callback=True)
    assert ack["ok"] is False and ack["code"] == "server.error" and ack["retry"] is True
    assert _stored() == 0 and chief.received() == []
    monkeypatch.undo()
    assert judge.emit("submit_score", payload, callback=True)["replay"] is False
    assert _stored() == 1


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_interleaving_of_replays_stores_each_event_once(contest, sio, data):
    events = [
        _score(contest, reg=r, aspect=a, value=v)
        for r, a, v in data.draw(st.lists(
            st.tuples(st.integers(0, 1), st.sampled_from([contest.j, contest.panel]),
                      st.integers(0, 3)), min_size=1, max_size=4))
    ]
    deliveries = data.draw(st.lists(st.integers(0, len(events) - 1), min_size=0, max_size=8))
    order = data.draw(st.permutations(list(range(len(events))) + deliveries))
    sockets = [sio(contest.judges[0]), sio(contest.judges[0])]
    acks: dict[str, set[int]] = {}
    for n, index in enumerate(order):
        ack = sockets[n % 2].emit("submit_score", events[index], callback=True)
        assert ack["ok"], ack
        acks.setdefault(events[index]["client_id"], set()).add(ack["event_id"])
    for event in events:
        assert _stored(event["client_id"]) == 1
        assert len(acks[event["client_id"]]) == 1
    for socket in sockets:
        socket.disconnect()


def test_a_deeply_nested_packet_is_dropped_and_the_socket_still_answers(contest, sio):
    judge = sio(contest.judges[0])
    nested: list = []
    for _ in range(100):  # beyond MAX_DEPTH (the client side cannot encode much deeper)
        nested = [nested]
    # The real server's Engine.IO logs a handler error and drops the packet; the test client
    # lets the decoder's refusal through, which shows it refused instead of recursing.
    with pytest.raises(json_limits.JsonLimitError):
        judge.emit("submit_score", {**_score(contest), "value": nested}, callback=True)
    ack = judge.emit("submit_score", _score(contest, value="1E-999999999"), callback=True)
    assert ack["ok"] is False and ack["code"] == "score.bad_value" and ack["field"] == "value"
    assert _stored() == 0


def test_a_recusal_refusal_names_the_rule_not_the_person(contest, sio):
    """The contestant's person id and employer would put a name to the anonymous code."""
    ack = sio(contest.judges[2]).emit("submit_score", _score(contest, reg=2), callback=True)
    assert ack["code"] == "score.conflicted"
    assert [(p["code"], p["params"]) for p in ack["problems"]] == [("conflict.same_employer", {})]
    assert "单位" in ack["problems"][0]["message"]
