"""Issue #11 findings 6 and 7: per-address HTTP limits answer 429 with Retry-After.

The suite's shared app has limits off (every test comes from one address); these tests
build their own app with small limits.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import request_started

from tests.conftest import _fresh_g
from tests.factories import PASSWORD


def _limited_app(storage: str | None = None, prefix: str = "") -> Any:
    from app import create_app
    from app.config import TestConfig

    class LimitedConfig(TestConfig):
        RATELIMIT_ENABLED = True
        RATELIMIT_LOGIN = "3 per minute"
        RATELIMIT_PUBLIC = "2 per minute"
        RATELIMIT_STORAGE_URI = storage
        RATELIMIT_KEY_PREFIX = prefix
        SQLALCHEMY_DATABASE_URI = "sqlite://"

    return create_app(LimitedConfig)


@pytest.fixture()
def limited(app: Any) -> Iterator[Any]:
    """An app of its own, with small limits and an empty in-memory database."""
    from app.extensions import db

    limited_app = _limited_app()
    request_started.connect(_fresh_g, limited_app)  # as the suite's app: no cached user
    with limited_app.app_context():
        db.create_all()
        yield limited_app
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def _from(address: str) -> dict[str, Any]:
    return {"environ_base": {"REMOTE_ADDR": address}}


def test_log_in_attempts_per_address_get_429_with_retry_after(limited):
    from tests.factories import create_user

    create_user(username="judge")
    client = limited.test_client()
    for _attempt in range(3):
        response = client.post("/auth/login", data={"username": "x", "password": "y"},
                               **_from("203.0.113.5"))
        assert response.status_code == 401
    page = client.post("/auth/login", data={"username": "judge", "password": PASSWORD},
                       **_from("203.0.113.5"))
    assert page.status_code == 429
    assert int(page.headers["Retry-After"]) > 0
    api = client.post("/api/v1/password-reset", json={
        "username": "judge", "code": "x", "new_password": "Fresh-lathe-77"},
        **_from("203.0.113.5"))
    assert api.status_code == 422  # each endpoint keeps its own count
    # Another address is not affected: the owner of the account still gets in.
    other = client.post("/auth/login", data={"username": "judge", "password": PASSWORD},
                        **_from("198.51.100.8"))
    assert other.status_code == 302


def test_the_public_snapshot_is_limited_for_strangers_not_for_staff(limited):
    from tests.factories import create_user

    judge = create_user("JUDGE", username="judge")
    stranger = limited.test_client()
    answers = [stranger.get("/api/v1/projects/999/standings", **_from("203.0.113.6"))
               for _ in range(3)]
    assert [a.status_code for a in answers][-1] == 429
    body = answers[-1].json
    assert body["error"]["code"] == "rate_limited"
    assert "Retry-After" in answers[-1].headers
    staff = limited.test_client()
    with staff.session_transaction() as session:
        session["_user_id"] = str(judge.id)
    codes = {staff.get("/api/v1/projects/999/standings", **_from("203.0.113.6")).status_code
             for _ in range(5)}
    assert 429 not in codes


@pytest.mark.parametrize(("config", "expected"), [
    ({}, "memory://"),
    ({"SOCKETIO_MESSAGE_QUEUE": "redis://127.0.0.1:6379/0"}, "redis://127.0.0.1:6379/0"),
    ({"SOCKETIO_MESSAGE_QUEUE": "redis://q", "RATELIMIT_STORAGE_URI": "redis://r/1"},
     "redis://r/1"),
    ({"SOCKETIO_MESSAGE_QUEUE": "kafka://q"}, "memory://"),
])
def test_counts_live_in_memory_embedded_and_in_redis_at_scale(config, expected):
    from app.web.rate_limits import storage_uri

    assert storage_uri(config) == expected


def test_every_limited_endpoint_exists(app):
    """A renamed endpoint would silently lose its limit: name it here instead."""
    from app.web.rate_limits import LIMITED_ENDPOINTS

    assert sorted(set(LIMITED_ENDPOINTS) - set(app.view_functions)) == []


def test_with_redis_every_instance_shares_one_count(app, redis_url):
    import secrets

    from app.extensions import db

    # Two apps on one Redis stand for two server processes behind the balancer.
    prefix = f"jx-test-{secrets.token_hex(4)}"
    first, second = (_limited_app(redis_url, prefix) for _ in range(2))
    codes = []
    for instance in (first, second, first, second):
        with instance.app_context():
            db.create_all()
            codes.append(instance.test_client().post(
                "/auth/login", data={"username": "x", "password": "y"},
                **_from("203.0.113.77")).status_code)
            db.session.remove()
    assert codes == [401, 401, 401, 429]


def test_successful_log_ins_from_one_address_do_not_use_up_the_limit(limited):
    from tests.factories import create_user

    for n in range(5):
        create_user("JUDGE", username=f"judge{n}")
    venue = "203.0.113.50"  # five judges behind the venue's one address; the limit is 3
    for n in range(5):
        tablet = limited.test_client()
        response = tablet.post("/auth/login", data={"username": f"judge{n}",
                                                    "password": PASSWORD}, **_from(venue))
        assert response.status_code == 302, n


def test_an_account_wait_keeps_its_own_retry_after_not_the_address_window(limited):
    """Regression (bench_flood): the limiter's 60 s window reset overwrote a 2 s account wait."""
    from tests.factories import create_user

    create_user(username="judge")
    client = limited.test_client()
    # Two attacker addresses make the account's 4th failure (TestConfig: 3 are free).
    for address, tries in (("203.0.113.5", 3), ("203.0.113.6", 1)):
        for _attempt in range(tries):
            client.post("/auth/login", data={"username": "judge", "password": "wrong"},
                        **_from(address))
    judge = limited.test_client()
    response = judge.post("/auth/login", data={"username": "judge", "password": PASSWORD},
                          **_from("198.51.100.7"))
    assert response.status_code == 429
    assert response.headers["X-RateLimit-Remaining"] == "2"  # only this refusal counted
    assert 1 <= int(response.headers["Retry-After"]) <= 2
