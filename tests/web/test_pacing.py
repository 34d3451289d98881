"""Staff first: anonymous reads are paced only while signed-in users are at work."""

from __future__ import annotations

from typing import Any

import pytest

from app.pacing import Pacer


class Clock:
    """A hand-moved monotonic clock."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _pacer(clock: Clock, **overrides: float) -> Pacer:
    settings = {"rate": 10.0, "burst": 2.0, "max_wait": 0.5, "window": 2.0, **overrides}
    return Pacer(clock=clock, **settings)


def test_reads_are_not_paced_while_no_staff_is_at_work():
    pacer = _pacer(Clock())
    assert [pacer.delay() for _ in range(100)] == [0.0] * 100


def test_while_staff_work_reads_wait_their_turn_in_order_then_are_refused():
    clock = Clock()
    pacer = _pacer(clock)
    pacer.note_staff()
    # The burst goes at once, then one read per 1/rate s, reserved in arrival order, until a
    # read would wait longer than max_wait (0.5 s at 10/s: the sixth waiting read).
    waits = [pacer.delay() for _ in range(8)]
    assert waits[:2] == [0.0, 0.0]
    assert waits[2:7] == pytest.approx([0.1, 0.2, 0.3, 0.4, 0.5])
    assert waits[7] is None


def test_a_refused_read_reserves_nothing():
    clock = Clock()
    pacer = _pacer(clock, burst=1.0, max_wait=0.0)
    pacer.note_staff()
    assert pacer.delay() == 0.0
    assert [pacer.delay() for _ in range(5)] == [None] * 5
    clock.now += 0.1  # one token refilled at 10/s
    assert pacer.delay() == pytest.approx(0.0)


def test_pacing_stops_when_the_staff_window_has_passed():
    clock = Clock()
    pacer = _pacer(clock, burst=1.0, max_wait=0.0)
    pacer.note_staff()
    assert pacer.delay() == 0.0
    assert pacer.delay() is None
    clock.now += 2.0
    assert pacer.delay() == 0.0


def test_a_zero_rate_turns_pacing_off():
    pacer = _pacer(Clock(), rate=0.0)
    pacer.note_staff()
    assert {pacer.delay() for _ in range(50)} == {0.0}


@pytest.fixture()
def paced_app() -> Any:
    from app import create_app
    from app.config import TestConfig

    class Paced(TestConfig):
        JX_PUBLIC_READ_RATE = 1.0
        JX_PUBLIC_READ_BURST = 1.0
        JX_PUBLIC_READ_MAX_WAIT = 0.0
        JX_STAFF_WINDOW = 60.0

    return create_app(Paced)


def _busy(response: Any) -> bool:
    return response.status_code == 503 and response.get_json()["error"]["code"] == "server.busy"


def test_the_server_refuses_a_spectator_before_flask_while_a_judge_works(paced_app: Any):
    client = paced_app.test_client()
    spectator = paced_app.test_client()
    api = "/api/v1/no-such-thing"  # answered by Flask without the database when admitted
    # No staff yet: any number of anonymous reads pass.
    assert not any(_busy(spectator.get(api)) for _ in range(5))
    # A request with a token marks staff at work; staff are never paced.
    for _ in range(5):
        assert not _busy(client.get(api, headers={"Authorization": "Bearer x"}))
    assert not _busy(spectator.get(api))  # the bucket's one token
    refused = spectator.get(api)
    assert _busy(refused)
    assert refused.headers["Retry-After"] == "1"
    assert refused.headers["Cache-Control"] == "no-store"
    assert refused.get_json()["error"]["message"] == "当前访问人数较多，请稍后再试。"
    english = spectator.get(api, headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert english.get_json()["error"]["message"].startswith("Many people are reading")
    # A page gets a page that reloads itself, in the reader's language.
    page = spectator.get("/live/")
    assert page.status_code == 503
    assert page.mimetype == "text/html"
    text = page.get_data(as_text=True)
    assert "当前访问人数较多，请稍后再试。" in text and "本页将自动刷新。" in text
    assert '<meta http-equiv="refresh" content="2">' in text
    # A judge arriving to log in is never paced, nor a forged session cookie let through.
    assert spectator.get("/auth/login").status_code != 503
    spectator.set_cookie(paced_app.config["SESSION_COOKIE_NAME"], "forged.value.sig")
    assert _busy(spectator.get(api))


def test_a_signed_in_session_counts_as_staff(paced_app: Any):
    from app.extensions import db
    from tests.fixtures.factories import create_user

    with paced_app.app_context():
        db.create_all()
        user = create_user("JUDGE", username="pace-judge")
        user_id = user.id
    client = paced_app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = str(user_id)
        session["_fresh"] = True
    assert not paced_app.extensions["jx_pacer"].staff_active()
    client.get("/locale/fr")
    assert paced_app.extensions["jx_pacer"].staff_active()
