"""The API base: bearer tokens, session + CSRF, and one error format in the caller's language."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture()
def token_for(app, db):
    """Issue an API token for a user and return its plain secret."""
    from app.models._types import utcnow
    from app.services.identity import accounts

    def _issue(user, *, days: int = 30, now=None) -> str:
        with app.test_request_context("/"):
            _token, plain = accounts.issue_api_token(user, name="test", days=days,
                                                     now=now or utcnow(),
                                                     scopes=["read", "write", "tokens"])
        return plain

    return _issue


def _bearer(plain: str, **headers: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {plain}", **headers}


def test_health_is_public_and_reports_the_database(client):
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    assert response.json["database"] is True and response.json["version"]


def test_anonymous_gets_401_json(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json["error"]["code"] == "auth.required"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_me_with_a_token(client, make_user, token_for):
    user = make_user("JUDGE", username="judge")
    response = client.get("/api/v1/me", headers=_bearer(token_for(user)))
    assert response.status_code == 200
    assert response.json["username"] == "judge" and response.json["auth"] == "token"
    assert [r["role"] for r in response.json["roles"]] == ["JUDGE"]
    assert "Set-Cookie" not in response.headers  # a token call leaves no session behind


@pytest.mark.parametrize(
    ("header", "code"),
    [("Bearer jx_unknown", "auth.token_invalid"), ("Basic dXNlcjpwYXNz", "auth.token_invalid"),
     ("Bearer", "auth.token_invalid")],
)
def test_bad_authorization_headers(client, header, code):
    response = client.get("/api/v1/me", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.json["error"]["code"] == code


def test_expired_and_revoked_tokens_get_their_own_codes(client, make_user, token_for):
    from app.models._types import utcnow

    user = make_user(username="org")
    old = token_for(user, days=1, now=utcnow() - timedelta(days=2))
    response = client.get("/api/v1/me", headers=_bearer(old))
    assert (response.status_code, response.json["error"]["code"]) == (401, "auth.token_expired")

    plain = token_for(user)
    listed = client.get("/api/v1/tokens", headers=_bearer(plain)).json
    newest = listed[0]["id"]
    assert client.delete(f"/api/v1/tokens/{newest}", headers=_bearer(plain)).status_code == 204
    response = client.get("/api/v1/me", headers=_bearer(plain))
    assert (response.status_code, response.json["error"]["code"]) == (401, "auth.token_revoked")


def test_create_token_returns_the_secret_once(client, make_user, token_for):
    plain = token_for(make_user(username="org"))
    created = client.post("/api/v1/tokens", json={"name": "ci", "days": 5},
                          headers=_bearer(plain))
    assert created.status_code == 201
    assert created.json["token"].startswith(created.json["prefix"])
    listed = client.get("/api/v1/tokens", headers=_bearer(plain)).json
    assert all("token" not in item for item in listed) and len(listed) == 2


def test_revoking_an_unknown_or_foreign_token_is_404(client, make_user, token_for):
    mine = token_for(make_user(username="a"))
    theirs = token_for(make_user(username="b"))
    their_id = client.get("/api/v1/tokens", headers=_bearer(theirs)).json[0]["id"]
    for token_id in (their_id, 999999):
        response = client.delete(f"/api/v1/tokens/{token_id}", headers=_bearer(mine))
        assert response.status_code == 404
        assert response.json["error"]["code"] == "token.not_found"


def test_malformed_json_is_400_with_its_own_code(client, make_user, token_for):
    response = client.post("/api/v1/tokens", data="{not json",
                           content_type="application/json",
                           headers=_bearer(token_for(make_user())))
    assert response.status_code == 400
    assert response.json["error"]["code"] == "request.malformed_json"


def test_wrong_content_type_is_415(client, make_user, token_for):
    response = client.post("/api/v1/tokens", data="name=ci", content_type="text/plain",
                           headers=_bearer(token_for(make_user())))
    assert response.status_code == 415
    assert response.json["error"]["code"] == "request.unsupported_media_type"


# Flask-Babel and Flask-Login cache the locale and the user on `g`, which all requests of
# one test share (the `db` fixture holds the app context): so one language per test.
INVALID_BODIES = [
    ({}, "name", "Missing data for required field."),
    ({"name": 7}, "name", "Not a valid string."),
    ({"name": "ci", "days": "soon"}, "days", "Not a valid integer."),
    ({"name": "ci", "days": 0}, "days", "Must be greater than or equal to 1"),
    ({"name": "ci", "colour": "red"}, "colour", "Unknown field."),
]


@pytest.mark.parametrize(("body", "field", "english"), INVALID_BODIES)
def test_invalid_fields_are_422_naming_the_field_in_english(client, make_user, token_for,
                                                            body, field, english):
    plain = token_for(make_user(locale="en"))
    response = client.post("/api/v1/tokens", json=body,
                           headers=_bearer(plain, **{"Accept-Language": "en"}))
    assert response.status_code == 422
    assert response.json["error"]["field"] == field
    assert response.json["error"]["message"].startswith(english)


@pytest.mark.parametrize(("body", "field", "english"), INVALID_BODIES)
def test_invalid_fields_are_422_in_chinese_by_default(client, make_user, token_for,
                                                      body, field, english):
    response = client.post("/api/v1/tokens", json=body, headers=_bearer(token_for(make_user())))
    assert response.status_code == 422
    assert response.json["error"]["field"] == field
    # Translated from marshmallow's English, whose msgids the catalog carries.
    assert CJK.search(response.json["error"]["message"]), response.json
    assert not response.json["error"]["message"].startswith(english)


GENERIC = [("/api/v1/nowhere", "get", 404), ("/api/v1/health", "post", 405),
           ("/api/v1/tokens/1", "get", 405)]


@pytest.mark.parametrize(("path", "method", "status"), GENERIC)
@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_generic_errors_use_the_one_format_in_the_callers_language(client, path, method,
                                                                   status, language):
    response = getattr(client, method)(path, headers={"Accept-Language": language})
    assert response.status_code == status
    assert set(response.json["error"]) == {"code", "message", "field"}
    assert response.json["error"]["code"] == f"http.{status}"
    assert bool(CJK.search(response.json["error"]["message"])) == (language == "zh_CN")


def test_wrong_role_is_403_json_and_admin_passes(app, make_user, token_for):
    """A roles-restricted API view refuses a user holding none of its roles."""
    from werkzeug.exceptions import HTTPException

    from app.security import Role, roles_required
    from app.web.api.base import api_user
    from app.web.errors import handle_http_error

    @roles_required(Role.ORGANIZER)
    def organizers_only() -> dict:
        return {"username": api_user().username}

    judge, organizer = make_user("JUDGE"), make_user("ORGANIZER", username="org")
    with app.test_request_context("/api/v1/me", headers=_bearer(token_for(judge))):
        app.preprocess_request()
        with pytest.raises(HTTPException) as caught:
            organizers_only()
        response = app.make_response(handle_http_error(caught.value))
    assert response.status_code == 403
    assert response.json["error"]["code"] == "auth.forbidden"
    with app.test_request_context("/api/v1/me", headers=_bearer(token_for(organizer))):
        app.preprocess_request()
        assert organizers_only() == {"username": "org"}


class TestSessionCallers:
    """A logged-in browser may call the API with its cookie, but must send the CSRF token."""

    @pytest.fixture(autouse=True)
    def _csrf_on(self, app, monkeypatch):
        monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)

    def test_reads_need_no_csrf_token(self, client, make_user, login):
        login(make_user(username="judge"))
        response = client.get("/api/v1/me")
        assert response.status_code == 200 and response.json["auth"] == "session"

    def test_writes_without_csrf_token_are_refused(self, client, make_user, login):
        from app.models import ApiToken

        login(make_user(username="judge"))
        response = client.post("/api/v1/tokens", json={"name": "ci"})
        assert response.status_code == 400
        assert response.json["error"]["code"] == "auth.csrf_failed"
        assert ApiToken.query.count() == 0

    def test_writes_with_csrf_header_pass(self, client, make_user, login):
        login(make_user(username="judge"))
        page = client.get("/auth/tokens").text
        token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
        response = client.post("/api/v1/tokens", json={"name": "ci"},
                               headers={"X-CSRFToken": token})
        assert response.status_code == 201

    def test_token_callers_need_no_csrf_token(self, client, make_user, token_for):
        plain = token_for(make_user(username="bot"))
        response = client.post("/api/v1/tokens", json={"name": "ci"}, headers=_bearer(plain))
        assert response.status_code == 201
