"""Socket payloads with ids out of any column's range get a refusal, never a crash."""

import pytest

from app.realtime.payloads import payload_id
from tests.judging_setup import new_id


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"project_id": 7}, 7),
        ({"project_id": 2**31 - 1}, 2**31 - 1),
        ({"project_id": 2**31}, None),
        ({"project_id": 2**70}, None),
        ({"project_id": 0}, None),
        ({"project_id": -3}, None),
        ({"project_id": "7"}, None),
        ({"project_id": True}, None),
        ({"project_id": 7.0}, None),
        ({}, None),
        (None, None),
        ([7], None),
    ],
)
def test_payload_id(data, expected):
    assert payload_id(data, "project_id") == expected


@pytest.mark.parametrize("event", ["join_project", "join_board", "join_chief"])
def test_joining_a_huge_project_id_is_refused(sio, contest, event):
    ack = sio(contest.judges[0]).emit(event, {"project_id": 2**40}, callback=True)
    assert ack["ok"] is False


def test_a_huge_registration_id_is_a_bad_request(sio, contest):
    ack = sio(contest.judges[0]).emit("submit_score", {
        "client_id": new_id(), "registration_id": 2**63, "aspect_id": contest.j.id,
        "value": 2}, callback=True)
    assert ack["ok"] is False and ack["code"] == "score.bad_request"
