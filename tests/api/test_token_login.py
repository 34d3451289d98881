"""POST /api/v1/auth/token: a password becomes a token; refusals come in the API's format."""

from __future__ import annotations

from typing import Any

PASSWORD = "Orchid-Lantern-42"


def test_right_password_gives_a_token_that_works(client: Any, make_user: Any) -> None:
    make_user("ORGANIZER", username="org_token", password=PASSWORD)
    answer = client.post("/api/v1/auth/token", json={"username": "org_token",
                                                     "password": PASSWORD})
    assert answer.status_code == 201
    token = answer.json["token"]
    client.delete_cookie("session")
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200 and me.json["username"] == "org_token"


def test_wrong_password_is_401_and_issues_nothing(client: Any, make_user: Any) -> None:
    from app.models import ApiToken

    make_user("ORGANIZER", username="org_token", password=PASSWORD)
    answer = client.post("/api/v1/auth/token", json={"username": "org_token",
                                                     "password": "wrong-password-1"})
    assert answer.status_code == 401
    assert set(answer.json["error"]) == {"code", "message", "field"}
    from app.extensions import db

    assert db.session.query(ApiToken).count() == 0
