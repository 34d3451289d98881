"""Account pages and API: password change, one-time reset codes, the users page, unlock."""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.factories import PASSWORD


def _code(html: str) -> str:
    return re.search(r'id="jx-reset-code">([A-Z0-9-]+)<', html).group(1)


def test_change_password_needs_the_current_one_and_the_policy(client, make_user, login):
    login(make_user(username="judge"))
    wrong = client.post("/api/v1/me/password", json={"current_password": "nope",
                                                     "new_password": "Fresh-lathe-77"})
    assert (wrong.status_code, wrong.json["error"]["field"]) == (422, "current_password")
    weak = client.post("/api/v1/me/password", json={"current_password": PASSWORD,
                                                    "new_password": "1234567890"})
    assert (weak.json["error"]["code"], weak.json["error"]["field"]) == (
        "password.too_simple", "new_password")
    done = client.post("/api/v1/me/password", json={"current_password": PASSWORD,
                                                    "new_password": "Fresh-lathe-77"})
    assert done.status_code == 204
    # The API call ended every session, this one too.
    assert client.get("/api/v1/me").status_code == 401


def test_admin_issues_a_reset_code_shown_once_and_it_works_once(app, client, make_user,
                                                                login):
    admin = make_user("ADMIN", username="root")
    target = make_user("JUDGE", username="judge")
    other = app.test_client()
    other.post("/auth/login", data={"username": "judge", "password": PASSWORD})
    login(admin)
    page = client.post(f"/auth/users/{target.id}/reset-code")
    assert page.status_code == 201
    code = _code(page.text)
    assert other.get("/api/v1/me").status_code == 401  # issuing ends the target's sessions
    anonymous = app.test_client()
    bad = anonymous.post("/api/v1/password-reset", json={
        "username": "judge", "code": "AAAA-BBBB-CCCC-DDDD", "new_password": "Fresh-lathe-77"})
    assert (bad.status_code, bad.json["error"]["code"]) == (422, "reset.invalid")
    good = anonymous.post("/auth/reset", data={
        "username": "judge", "code": code.lower(), "new_password": "Fresh-lathe-77",
        "confirm": "Fresh-lathe-77"})
    assert good.status_code == 302
    again = anonymous.post("/api/v1/password-reset", json={
        "username": "judge", "code": code, "new_password": "Other-lathe-88"})
    assert again.json["error"]["code"] == "reset.invalid"
    assert anonymous.post("/auth/login", data={
        "username": "judge", "password": "Fresh-lathe-77"}).status_code == 302


def test_unknown_username_and_wrong_code_answer_alike(client, make_user):
    make_user(username="judge")
    answers = [client.post("/api/v1/password-reset", json={
        "username": name, "code": "AAAA-BBBB-CCCC-DDDD", "new_password": "Fresh-lathe-77"}
    ).json for name in ("judge", "nobody")]
    assert answers[0] == answers[1]


def test_users_page_searches_and_shows_roles_and_throttle_state(app, client, make_user,
                                                                 login):
    from app.extensions import db

    admin = make_user("ADMIN", username="root")
    judge = make_user("JUDGE", username="wang.judge", display_name="王评委")
    make_user("CONTESTANT", username="li.player")
    judge.failed_logins = app.config["LOGIN_FREE_FAILURES"] + 1
    db.session.commit()
    login(admin)
    page = client.get("/auth/users?q=王")
    assert page.status_code == 200
    assert "wang.judge" in page.text and "li.player" not in page.text
    listed = client.get("/api/v1/users?q=judge").json["items"]
    assert [(row["username"], row["roles"], row["failed_logins"]) for row in listed] == [
        ("wang.judge", ["JUDGE"], 4)]
    assert client.post(f"/api/v1/users/{judge.id}/unlock").status_code == 204
    assert client.get("/api/v1/users?q=judge").json["items"][0]["failed_logins"] == 0


def test_admin_unlock_lets_a_throttled_account_in_at_once(app, client, make_user, login):
    judge = make_user("JUDGE", username="judge")
    anonymous = app.test_client()
    for _attempt in range(app.config["LOGIN_FREE_FAILURES"] + 1):
        anonymous.post("/auth/login", data={"username": "judge", "password": "nope"})
    assert anonymous.post("/auth/login", data={
        "username": "judge", "password": PASSWORD}).status_code == 429
    login(make_user("ADMIN", username="root"))
    assert client.post(f"/auth/users/{judge.id}/unlock").status_code == 302
    assert anonymous.post("/auth/login", data={
        "username": "judge", "password": PASSWORD}).status_code == 302


def _contestant_in(competition, make_user, username: str):
    """Create a contestant account whose person registered in `competition`'s first project."""
    from app.extensions import db
    from app.models import Person, Registration
    from tests.fixtures.people import id_number

    person = Person(name="王芳", id_number=id_number(), gender="M", birth_date=date(1990, 3, 7))
    db.session.add(person)
    db.session.flush()
    db.session.add(Registration(project_id=competition.projects[0].id, person_id=person.id,
                                group="EMPLOYEE"))
    db.session.commit()
    return make_user("CONTESTANT", username=username, person_id=person.id)


def test_organizers_manage_the_contestants_of_their_own_competitions_only(
        client, make_user, login, frozen_clock):
    from tests.fixtures.registration_data import make_competition, organizer_of

    mine, theirs = make_competition(), make_competition(name="2026年唐山市职业技能大赛")
    organizer = organizer_of(mine, make_user, username="org")
    judge = make_user("JUDGE", username="judge")
    player = _contestant_in(mine, make_user, "player")
    # Another committee's contestant, and one who signed up and registered nowhere yet:
    # a reset code would hand their accounts to a committee they never dealt with.
    stranger = _contestant_in(theirs, make_user, "stranger")
    newcomer = make_user("CONTESTANT", username="newcomer")
    login(organizer)
    assert [row["username"] for row in client.get("/api/v1/users").json["items"]] == ["player"]
    for other in (judge, stranger, newcomer):
        assert client.post(f"/api/v1/users/{other.id}/reset-code").status_code == 404
        assert client.post(f"/api/v1/users/{other.id}/unlock").status_code == 404
    assert client.post(f"/api/v1/users/{player.id}/reset-code").status_code == 201
    refused = client.put(f"/api/v1/users/{player.id}/active", json={"active": False})
    assert refused.status_code == 403


def test_admin_disables_an_account_and_its_sessions_end(app, client, make_user, login):
    make_user("ADMIN", username="root")
    judge = make_user("JUDGE", username="judge")
    tablet = app.test_client()
    tablet.post("/auth/login", data={"username": "judge", "password": PASSWORD})
    login(make_user("ADMIN", username="root2"))
    assert client.put(f"/api/v1/users/{judge.id}/active",
                      json={"active": False}).status_code == 204
    assert tablet.get("/api/v1/me").status_code == 401


@pytest.mark.parametrize("path", ["/", "/auth/login"])
def test_home_and_log_in_pages_link_to_sign_up(client, path):
    assert 'href="/registrations/signup"' in client.get(path).text


def test_wrong_reset_codes_slow_the_account_and_the_api_says_when_to_retry(app, client,
                                                                          make_user):
    make_user(username="judge")
    body = {"username": "judge", "code": "AAAA-BBBB-CCCC-DDDD", "new_password": "Fresh-lathe-77"}
    for _attempt in range(app.config["LOGIN_FREE_FAILURES"] + 1):
        assert client.post("/api/v1/password-reset", json=body).status_code == 422
    waiting = client.post("/api/v1/password-reset", json=body)
    assert (waiting.status_code, waiting.json["error"]["code"]) == (429, "auth.throttled")
    assert waiting.headers["Retry-After"] == "2"
