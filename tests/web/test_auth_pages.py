"""Log-in, log-out and token pages: CSRF, safe redirects, lockout, tokens shown once."""

from __future__ import annotations

import re

import pytest

from tests.factories import PASSWORD


@pytest.fixture()
def csrf_on(app, monkeypatch):
    """Turn CSRF checking on for one test (the test config turns it off)."""
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)


def _csrf_token(html: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def test_login_form_without_csrf_token_is_refused(client, make_user, csrf_on):
    make_user(username="judge")
    response = client.post("/auth/login", data={"username": "judge", "password": PASSWORD})
    assert response.status_code == 400
    with client.session_transaction() as session:
        assert "_user_id" not in session


def test_login_form_with_csrf_token_logs_in(client, make_user, csrf_on):
    make_user(username="judge")
    token = _csrf_token(client.get("/auth/login").text)
    response = client.post(
        "/auth/login", data={"username": "judge", "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302
    with client.session_transaction() as session:
        assert session["_user_id"]


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/competitions/3?tab=results", "/competitions/3?tab=results"),
        ("https://evil.example/phish", None),
        ("//evil.example/phish", None),
        ("/\\evil.example", None),
        ("javascript:alert(1)", None),
    ],
)
def test_next_redirect_only_follows_local_paths(app, client, make_user, target, expected):
    make_user(username="judge")
    response = client.post(
        "/auth/login", data={"username": "judge", "password": PASSWORD, "next": target}
    )
    assert response.status_code == 302
    landing = "/home" if "public.dashboard" in app.view_functions else "/"
    assert response.headers["Location"] == (expected or landing)


def test_wrong_password_rerenders_with_an_error_then_waits_with_429(app, client, make_user):
    make_user(username="judge")
    for _ in range(app.config["LOGIN_FREE_FAILURES"] + 1):
        response = client.post("/auth/login", data={"username": "judge", "password": "nope"})
        assert response.status_code == 401
        assert "invalid-feedback" in response.text
    response = client.post("/auth/login", data={"username": "judge", "password": PASSWORD})
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "2"
    with client.session_transaction() as session:
        assert "_user_id" not in session


def test_logout_is_a_post_with_csrf(client, make_user, login, csrf_on):
    login(make_user(username="judge"))
    assert client.get("/auth/logout").status_code == 405
    assert client.post("/auth/logout").status_code == 400
    token = _csrf_token(client.get("/auth/tokens").text)
    assert client.post("/auth/logout", data={"csrf_token": token}).status_code == 302
    with client.session_transaction() as session:
        assert "_user_id" not in session


def test_token_page_shows_a_new_token_once_then_only_its_prefix(client, make_user, login):
    login(make_user(username="org"))
    created = client.post("/auth/tokens", data={"name": "scoreboard", "days": "7"})
    assert created.status_code == 201
    plain = re.search(r'value="(jx_[^"]+)"', created.text).group(1)
    listing = client.get("/auth/tokens")
    assert plain not in listing.text
    assert plain[:10] in listing.text and "scoreboard" in listing.text
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {plain}"})
    assert me.status_code == 200 and me.json["username"] == "org"


def test_token_page_refuses_bad_input_and_revokes(client, make_user, login):
    from app.models import ApiToken

    login(make_user(username="org"))
    assert client.post("/auth/tokens", data={"name": "", "days": "7"}).status_code == 400
    assert ApiToken.query.count() == 0
    client.post("/auth/tokens", data={"name": "ci"})
    token = ApiToken.query.one()
    response = client.post(f"/auth/tokens/{token.id}/revoke")
    assert response.status_code == 302
    assert ApiToken.query.one().revoked_at is not None


def test_cannot_revoke_another_users_token(client, make_user, login, db):
    from app.models import ApiToken
    from app.models._types import utcnow
    from app.services.identity import accounts

    owner = make_user(username="owner")
    with client.application.test_request_context("/"):
        token, _plain = accounts.issue_api_token(owner, name="mine", now=utcnow())
    login(make_user(username="other"))
    # A refused page action flashes the reason and goes back (303), changing nothing.
    assert client.post(f"/auth/tokens/{token.id}/revoke").status_code == 303
    assert db.session.get(ApiToken, token.id).revoked_at is None
