"""Issue #11 finding 10: sessions and tokens die when revoked, and tokens never grow."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.factories import PASSWORD

NOW = datetime(2026, 12, 6, 8, 0, tzinfo=UTC)


def _log_in(client, username: str, password: str = PASSWORD):
    return client.post("/auth/login", data={"username": username, "password": password})


def _cookie(client) -> str:
    return client.get_cookie("session").value


def test_a_session_cookie_saved_before_log_out_no_longer_works(app, client, make_user):
    make_user(username="judge")
    assert _log_in(client, "judge").status_code == 302
    saved = _cookie(client)
    assert client.get("/api/v1/me").status_code == 200
    client.post("/auth/logout")
    # The thief replays the cookie copied before the log-out (the old code accepted it).
    client.set_cookie("session", saved)
    response = client.get("/api/v1/me")
    assert response.status_code == 401


def test_a_password_change_ends_other_sessions_but_keeps_this_one(app, make_user):
    make_user(username="judge")
    laptop, tablet = app.test_client(), app.test_client()
    _log_in(laptop, "judge")
    _log_in(tablet, "judge")
    changed = laptop.post("/auth/password", data={
        "current_password": PASSWORD, "new_password": "Fresh-lathe-77",
        "confirm": "Fresh-lathe-77"})
    assert changed.status_code == 302
    assert laptop.get("/api/v1/me").status_code == 200
    assert tablet.get("/api/v1/me").status_code == 401


@pytest.fixture()
def accounts(app, db):
    from app.services.identity import accounts as service

    with app.test_request_context("/"):
        yield service


def test_revoking_a_token_revokes_the_tokens_it_minted(accounts, make_user):
    user = make_user(username="bot")
    parent, _ = accounts.issue_api_token(user, name="p", now=NOW, days=30,
                                         scopes=["read", "write", "tokens"])
    child, child_plain = accounts.issue_api_token(user, name="c", now=NOW, days=10,
                                                  parent=parent, scopes=["read", "tokens"])
    grandchild, grand_plain = accounts.issue_api_token(user, name="g", now=NOW, days=5,
                                                       parent=child, scopes=["read"])
    assert accounts.user_for_token(grand_plain, now=NOW).id == user.id
    accounts.revoke_api_token(user, parent.id, now=NOW)
    for plain in (child_plain, grand_plain):
        with pytest.raises(accounts.TokenError) as caught:
            accounts.user_for_token(plain, now=NOW)
        assert caught.value.code == "auth.token_revoked"
    assert grandchild.revoked_at == NOW


def test_a_child_dies_with_its_parent_even_when_not_marked(accounts, make_user, db):
    user = make_user(username="bot")
    parent, _ = accounts.issue_api_token(user, name="p", now=NOW, days=30,
                                         scopes=["read", "tokens"])
    _child, plain = accounts.issue_api_token(user, name="c", now=NOW, days=10, parent=parent,
                                           scopes=["read"])
    # Revoked behind the service's back (say, directly in the database).
    parent.revoked_at = NOW
    db.session.commit()
    with pytest.raises(accounts.TokenError):
        accounts.user_for_token(plain, now=NOW)


@pytest.mark.parametrize(
    ("parent_scopes", "days", "scopes", "code"),
    [
        (["read", "write"], 5, ["read"], "token.scope_missing"),
        (["read", "tokens"], 5, ["read", "write"], "token.scope_exceeds_parent"),
        (["read", "write", "tokens"], 31, ["read"], "token.outlives_parent"),
    ],
)
def test_a_token_cannot_mint_more_scope_or_a_longer_life(accounts, make_user, parent_scopes,
                                                        days, scopes, code):
    user = make_user(username="bot")
    parent, _ = accounts.issue_api_token(user, name="p", now=NOW, days=30,
                                         scopes=parent_scopes)
    with pytest.raises(accounts.ServiceError) as caught:
        accounts.issue_api_token(user, name="c", now=NOW, days=days, scopes=scopes,
                                 parent=parent)
    assert (caught.value.code, caught.value.status) == (code, 403)


def _bearer(plain: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {plain}"}


def test_over_the_api_a_token_mints_only_a_shorter_child(app, client, make_user):
    from app.models._types import utcnow
    from app.services.identity import accounts

    user = make_user(username="bot")
    with app.test_request_context("/"):
        _parent, plain = accounts.issue_api_token(user, name="p", now=utcnow(), days=30,
                                                  scopes=["read", "write", "tokens"])
    # The old code let a token mint a 366-day token that outlived the parent's revocation.
    longer = client.post("/api/v1/tokens", json={"name": "c", "days": 366},
                         headers=_bearer(plain))
    assert (longer.status_code, longer.json["error"]["code"]) == (403, "token.outlives_parent")
    child = client.post("/api/v1/tokens", json={"name": "c", "scopes": ["read"]},
                        headers=_bearer(plain))
    assert child.status_code == 201
    assert child.json["scopes"] == ["read"] and child.json["parent_id"] == _parent.id
    child_plain = child.json["token"]
    assert client.get("/api/v1/me", headers=_bearer(child_plain)).status_code == 200
    # A read-only token cannot write, not even to mint.
    write = client.post("/api/v1/tokens", json={"name": "x"}, headers=_bearer(child_plain))
    assert (write.status_code, write.json["error"]["code"]) == (403, "auth.token_scope")
    assert client.delete(f"/api/v1/tokens/{_parent.id}",
                         headers=_bearer(plain)).status_code == 204
    assert client.get("/api/v1/me", headers=_bearer(child_plain)).status_code == 401


def test_a_socket_opened_with_a_revoked_cookie_is_anonymous(app, client, make_user):
    from app.extensions import socketio

    make_user("JUDGE", username="judge")
    _log_in(client, "judge")
    saved = _cookie(client)
    live = socketio.test_client(app, flask_test_client=client)
    assert live.emit("join_judge", {}, callback=True)["ok"] is True
    live.disconnect()
    client.post("/auth/logout")
    client.set_cookie("session", saved)
    from flask import g

    g.pop("_login_user", None)  # the test keeps one app context: drop the cached user
    replay = socketio.test_client(app, flask_test_client=client)
    ack = replay.emit("join_judge", {}, callback=True)
    replay.disconnect()
    assert ack["ok"] is False and ack["code"] == "auth.required"
