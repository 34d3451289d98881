"""An account whose password someone else set must change it before using anything else."""

from __future__ import annotations

from typing import Any

from tests.factories import PASSWORD

OWN = "Chosen-By-Me-2026"


def _log_in(client: Any, username: str, password: str = PASSWORD) -> Any:
    return client.post("/auth/login", data={"username": username, "password": password})


def test_a_pending_account_lands_on_the_change_password_page_and_nowhere_else(
        client, make_user):
    make_user("ORGANIZER", username="org", must_change_password=True)
    landed = _log_in(client, "org")
    assert landed.status_code == 302 and landed.location.endswith("/auth/password")
    page = client.get("/auth/password")
    assert page.status_code == 200 and "data-must-change" in page.text
    for path in ("/home", "/organizer/", "/auth/users", "/auth/tokens"):
        moved = client.get(path)
        assert moved.status_code == 302, path
        assert moved.location.endswith("/auth/password"), path
    # The API with the session cookie: a clear code, not a redirect.
    refused = client.get("/api/v1/competitions")
    assert (refused.status_code, refused.json["error"]["code"]) == (
        403, "auth.password_change_required")
    assert client.get("/api/v1/me").json["must_change_password"] is True

    # Typing the same password again does not count as choosing one.
    same = client.post("/auth/password", data={"current_password": PASSWORD,
                                               "new_password": PASSWORD,
                                               "confirm": PASSWORD})
    assert same.status_code == 303  # the page's error handler flashes the refusal
    assert client.get("/home").status_code == 302

    done = client.post("/auth/password", data={"current_password": PASSWORD,
                                               "new_password": OWN, "confirm": OWN})
    assert done.status_code == 302 and done.location.endswith("/home")
    assert client.get("/home").status_code == 200
    assert client.get("/api/v1/competitions").status_code == 200
    assert client.get("/api/v1/me").json["must_change_password"] is False


def test_log_out_still_works_before_the_change(client, make_user):
    make_user("JUDGE", username="judge", must_change_password=True)
    _log_in(client, "judge")
    assert client.post("/auth/logout").status_code == 302
    assert client.get("/api/v1/me").status_code == 401


def test_an_api_token_client_gets_a_clear_code_until_it_changes_the_password(
        client, make_user):
    make_user("JUDGE", username="judge", must_change_password=True)
    issued = client.post("/api/v1/auth/token", json={"username": "judge",
                                                     "password": PASSWORD})
    assert issued.status_code == 201 and issued.json["must_change_password"] is True
    client.delete_cookie("session")
    auth = {"Authorization": f"Bearer {issued.json['token']}"}
    refused = client.get("/api/v1/competitions", headers=auth)
    assert (refused.status_code, refused.json["error"]["code"]) == (
        403, "auth.password_change_required")
    assert "/api/v1/me/password" in refused.json["error"]["message"]
    same = client.post("/api/v1/me/password", headers=auth, json={
        "current_password": PASSWORD, "new_password": PASSWORD})
    assert same.json["error"]["code"] == "password.unchanged"
    assert client.post("/api/v1/me/password", headers=auth, json={
        "current_password": PASSWORD, "new_password": OWN}).status_code == 204
    assert client.get("/api/v1/me", headers=auth).json["must_change_password"] is False
    assert client.get("/api/v1/tokens", headers=auth).status_code == 200


def test_accounts_an_organizer_or_admin_creates_must_change_their_password(
        client, make_user, login):
    from app.extensions import db
    from app.models import User

    admin = make_user("ADMIN", username="root")
    login(admin)
    body = client.post("/api/v1/organizations", json={"name": "市人社局", "kind": "HRSS"}).json
    made = client.post(f"/api/v1/organizations/{body['id']}/organizers",
                       json={"username": "city_org", "display_name": "市组织者"})
    assert made.status_code == 201
    assert db.session.get(User, made.json["user_id"]).must_change_password is True


def test_create_admin_keeps_the_operators_password_unless_told_it_is_temporary(app, db):
    from app.models import User

    runner = app.test_cli_runner()
    own = runner.invoke(args=["create-admin", "--username", "root",
                              "--password", "Operator-Own-2026"])
    handed = runner.invoke(args=["create-admin", "--username", "deputy",
                                 "--password", "Handed-Over-2026", "--temporary"])
    assert own.exit_code == 0 and handed.exit_code == 0, own.output + handed.output
    db.session.expire_all()
    forced = {u.username: u.must_change_password for u in db.session.query(User)}
    assert forced == {"root": False, "deputy": True}


def test_a_reset_code_lets_the_owner_choose_so_nothing_more_is_forced(app, client, make_user,
                                                                       login):
    import re

    admin = make_user("ADMIN", username="root")
    target = make_user("JUDGE", username="judge", must_change_password=True)
    login(admin)
    page = client.post(f"/auth/users/{target.id}/reset-code")
    code = re.search(r'id="jx-reset-code">([A-Z0-9-]+)<', page.text).group(1)
    anonymous = app.test_client()
    assert anonymous.post("/api/v1/password-reset", json={
        "username": "judge", "code": code, "new_password": OWN}).status_code == 204
    assert _log_in(anonymous, "judge", OWN).location.endswith("/home")
