"""Finding 5: public board payloads never carry registration ids, only opaque row keys."""

from __future__ import annotations

import re

import pytest

from tests.judging_setup import build_contest, new_id

HEX16 = re.compile(r"^[0-9a-f]{16}$")
SECRET = {"registration_id", "code", "station_no"}


def _keys(contest):
    from app.services.common.derived_keys import row_key

    return {row_key(contest.project.id, r.id) for r in contest.registrations}


def _assert_keyed(rows, contest):
    assert rows and all(not SECRET & set(r) for r in rows)
    assert {r["key"] for r in rows} <= _keys(contest)
    assert all(HEX16.match(r["key"]) for r in rows)


@pytest.mark.parametrize("visibility", ["LIVE", "PROGRESS_ONLY"])
def test_socket_deltas_and_resume_carry_keys_not_ids(db, sio, visibility):
    contest = build_contest(visibility=visibility)
    spectator, judge = sio(), sio(contest.judges[0])
    spectator.emit("join_board", {"project_id": contest.project.id}, callback=True)
    for registration in contest.registrations:
        judge.emit("submit_score", {"client_id": new_id(), "registration_id": registration.id,
                                    "aspect_id": contest.j.id, "value": 2}, callback=True)
    got = [e["args"][0] for e in spectator.received("standings_changed")]
    _assert_keyed([r for d in got for r in d["rows"]], contest)
    resumed = spectator.emit("join_board", {"project_id": contest.project.id, "since": 0},
                             callback=True)["resume"]
    _assert_keyed([r for d in resumed["deltas"] for r in d["rows"]], contest)


def test_snapshot_api_and_page_carry_keys_not_ids(db, client):
    from tests.board_setup import locked_contest

    contest = locked_contest()
    snapshot = client.get(f"/api/v1/projects/{contest.project.id}/standings").json
    _assert_keyed(snapshot["rows"], contest)
    page = client.get(f"/live/projects/{contest.project.id}").text
    ids = {str(r.id) for r in contest.registrations}
    assert set(re.findall(r'data-id="([^"]*)"', page)) == _keys(contest)
    assert not ids & set(re.findall(r'"registration_id":\s*(\d+)', page))


def test_ceremony_steps_carry_keys_not_ids(db, sio):
    from tests.board_setup import locked_contest

    contest = locked_contest()
    pid = contest.project.id
    spectator = sio()
    spectator.emit("join_board", {"project_id": pid}, callback=True)
    organizer = sio(contest.organizer)
    organizer.emit("ceremony_start", {"project_id": pid, "mode": "ALL"}, callback=True)
    organizer.emit("ceremony_next", {"project_id": pid}, callback=True)
    steps = [e["args"][0] for e in spectator.received("ceremony")]
    _assert_keyed([r for s in steps for r in s["revealed"]], contest)


def test_row_keys_differ_per_project_and_secret(app):
    from app.services.common.derived_keys import row_key

    with app.app_context():
        first = row_key(1, 7)
        assert first == row_key(1, 7) and first != row_key(2, 7) and first != row_key(1, 8)
        original = app.config["SECRET_KEY"]
        app.config["SECRET_KEY"] = "another"
        try:
            assert row_key(1, 7) != first
        finally:
            app.config["SECRET_KEY"] = original
