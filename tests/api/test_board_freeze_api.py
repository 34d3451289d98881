"""封榜 set through PUT /api/v1/projects/<id>: validated, audited, and the public board obeys it.

A time without an offset is Beijing time, like the project's other times; the freeze lies
within the project's times (the competition's days where those are unset); null clears it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.models import AuditEntry
from app.models._types import utcnow
from tests.judging_setup import build_contest, new_id

BEIJING = ZoneInfo("Asia/Shanghai")


@pytest.fixture()
def contest(db):
    return build_contest()  # the competition runs 2026-05-20 and 21; the project has no times


def _beijing(moment: datetime) -> str:
    """Return a moment as Beijing wall-clock text without an offset, as a client types it."""
    return moment.astimezone(BEIJING).replace(tzinfo=None).isoformat(timespec="seconds")


def _put(api, contest, **changes):
    project = contest.project
    body = {"occupation_id": project.occupation_id, "group": project.group,
            "name": project.name, "award_scheme": project.award_scheme, **changes}
    return api.put(f"/api/v1/projects/{project.id}", json=body)


def _score(contest, value, now):
    from app.services.scoring.judging import submit_score

    submit_score(client_id=new_id(), judge=contest.judges[0],
                 registration_id=contest.registrations[0].id, aspect_id=contest.j.id,
                 value=value, now=now)


def _public_row(app, contest):
    board = app.test_client().get(f"/api/v1/projects/{contest.project.id}/standings").json
    [row] = [r for r in board["rows"] if r["name"] == "选*1"]
    return board, row


def test_set_then_clear_the_freeze_and_the_public_board_follows(client, login, contest, app,
                                                                published, db):
    now = utcnow().replace(microsecond=0)
    _score(contest, 1, now - timedelta(minutes=5))
    api = login(contest.organizer)
    times = {"starts_at": _beijing(now - timedelta(hours=2)),
             "ends_at": _beijing(now + timedelta(hours=2))}
    freeze = now - timedelta(minutes=1)
    saved = _put(api, contest, board_freeze_at=_beijing(freeze), **times)
    assert saved.status_code == 200, saved.json
    assert datetime.fromisoformat(saved.json["board_freeze_at"]) == freeze
    assert contest.project.board_freeze_at == freeze
    entry = db.session.query(AuditEntry).filter_by(action="project.update").one()
    assert entry.actor_id == contest.organizer.id and "board_freeze_at" in entry.new
    # Open boards are told to fetch again: the board they hold belongs to no freeze.
    notices = [e.payload for e in published if e.name == "standings_changed"]
    assert notices[-1]["refetch"] is True and notices[-1]["reason"] == "project.board_freeze"

    _score(contest, 3, utcnow())  # after the freeze: the public board does not move
    board, frozen = _public_row(app, contest)
    assert board["frozen"] is True
    assert datetime.fromisoformat(board["frozen_at"]) == freeze
    staff = {r["key"]: r for r in api.get(
        f"/api/v1/projects/{contest.project.id}/standings").json["rows"]}
    assert frozen["components"] != staff[frozen["key"]]["components"]

    cleared = _put(api, contest, board_freeze_at=None, **times)
    assert cleared.status_code == 200 and cleared.json["board_freeze_at"] is None
    board, live = _public_row(app, contest)
    assert board["frozen"] is False and board["freeze_at"] is None
    assert live["components"] == staff[live["key"]]["components"]


@pytest.mark.parametrize(("changes", "freeze"), [
    # Before the project starts, after it ends.
    ({"starts_at": "2026-05-20T09:00:00", "ends_at": "2026-05-20T17:00:00"},
     "2026-05-20T08:59:00"),
    ({"starts_at": "2026-05-20T09:00:00", "ends_at": "2026-05-20T17:00:00"},
     "2026-05-20T17:01:00"),
    # No project times: the competition's days (Beijing), 2026-05-20 and 21.
    ({}, "2026-05-19T23:59:00"),
    ({}, "2026-05-22T00:01:00"),
])
def test_a_freeze_outside_the_projects_times_is_refused_naming_the_field(
        client, login, contest, changes, freeze):
    answer = _put(login(contest.organizer), contest, board_freeze_at=freeze, **changes)
    assert answer.status_code == 422
    error = answer.json["error"]
    assert (error["code"], error["field"]) == ("project.board_freeze", "board_freeze_at")
    assert "封榜时间须在赛项时间之内" in error["message"] and "北京时间" in error["message"]
    assert contest.project.board_freeze_at is None


@pytest.mark.parametrize(("changes", "freeze", "stored"), [
    ({"starts_at": "2026-05-20T09:00:00", "ends_at": "2026-05-20T17:00:00"},
     "2026-05-20T16:00:00", datetime(2026, 5, 20, 8, 0, tzinfo=UTC)),
    ({"starts_at": "2026-05-20T09:00:00", "ends_at": "2026-05-20T17:00:00"},
     "2026-05-20T17:00:00+08:00", datetime(2026, 5, 20, 9, 0, tzinfo=UTC)),
    ({}, "2026-05-21T23:30:00", datetime(2026, 5, 21, 15, 30, tzinfo=UTC)),
])
def test_a_freeze_within_the_projects_times_is_kept_in_utc(client, login, contest, changes,
                                                           freeze, stored):
    answer = _put(login(contest.organizer), contest, board_freeze_at=freeze, **changes)
    assert answer.status_code == 200, answer.json
    assert contest.project.board_freeze_at == stored


def test_a_freeze_that_is_no_time_is_refused_naming_the_field(client, login, contest):
    answer = _put(login(contest.organizer), contest, board_freeze_at="soon")
    assert answer.status_code == 422 and answer.json["error"]["field"] == "board_freeze_at"
