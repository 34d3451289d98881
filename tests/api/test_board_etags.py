"""Board bytes made once per version: ETag and If-None-Match → 304, gzip and brotli bodies."""

from __future__ import annotations

import gzip
import json

import brotli
import pytest

from tests.judging_setup import build_contest, new_id


@pytest.fixture()
def contest(db):
    from app.services.boards import leaderboard_cache
    from app.services.scoring import judging_events

    judging_events.forget()
    leaderboard_cache.forget()
    return build_contest()


def _score(contest, value):
    from app.models._types import utcnow
    from app.services.scoring.judging import submit_score

    submit_score(client_id=new_id(), judge=contest.judges[0],
                 registration_id=contest.registrations[0].id, aspect_id=contest.j.id,
                 value=value, now=utcnow())


@pytest.mark.parametrize(("accept", "encoding", "decode"), [
    ("", None, lambda b: b),
    ("gzip, deflate", "gzip", gzip.decompress),
    ("gzip, deflate, br", "br", brotli.decompress),
])
def test_each_encoding_has_its_own_etag_and_revalidates_to_304(client, contest, accept,
                                                                 encoding, decode):
    _score(contest, 1)
    url = f"/api/v1/projects/{contest.project.id}/standings"
    plain = client.get(url).json
    first = client.get(url, headers={"Accept-Encoding": accept})
    assert first.status_code == 200
    assert first.headers.get("Content-Encoding") == encoding
    assert json.loads(decode(first.data)) == plain
    etag = first.headers["ETag"]
    assert etag.startswith('"') and etag.endswith(f'-{encoding}"' if encoding else '"')
    again = client.get(url, headers={"Accept-Encoding": accept, "If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == etag


def test_a_new_score_changes_the_etag(client, contest):
    _score(contest, 1)
    url = f"/api/v1/projects/{contest.project.id}/standings"
    etag = client.get(url).headers["ETag"]
    _score(contest, 2)
    fresh = client.get(url, headers={"If-None-Match": etag})
    assert fresh.status_code == 200 and fresh.json["seq"] == 2
    assert fresh.headers["ETag"] != etag


def test_an_etag_of_another_encoding_does_not_match(client, contest):
    _score(contest, 1)
    url = f"/api/v1/projects/{contest.project.id}/standings"
    zipped = client.get(url, headers={"Accept-Encoding": "gzip"}).headers["ETag"]
    plain = client.get(url, headers={"If-None-Match": zipped})
    assert plain.status_code == 200 and plain.headers.get("Content-Encoding") is None


def test_spectators_reuse_a_board_checked_within_the_ttl(app, client, contest, monkeypatch):
    """Within JX_PUBLIC_BOARD_TTL a spectator's read asks the database nothing."""
    from app.services.boards import leaderboard

    _score(contest, 1)
    url = f"/api/v1/projects/{contest.project.id}/standings"
    monkeypatch.setitem(app.config, "JX_PUBLIC_BOARD_TTL", 60.0)
    first = client.get(url)
    loads: list[int] = []
    real = leaderboard.get_board_project
    monkeypatch.setattr(leaderboard, "get_board_project",
                        lambda pid: loads.append(pid) or real(pid))
    again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and loads == []
    assert client.get(url).json == first.json and loads == []
    monkeypatch.setitem(app.config, "JX_PUBLIC_BOARD_TTL", 0.0)
    assert client.get(url).status_code == 200 and loads == [contest.project.id]
