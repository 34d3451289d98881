"""The app builds and serves its home page on a fresh schema."""


def test_home_page_renders(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "text/html" in response.content_type


def test_unknown_api_route_gets_json_error(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json["error"]["code"] == "http.404"
    assert response.json["error"]["message"]


def test_logged_in_user_is_loaded(make_user, login, client):
    user = make_user("ORGANIZER", username="org")
    login(user)
    from flask_login import current_user

    with client:
        client.get("/")
        assert current_user.username == "org"
