"""The one error family: a ServiceError raised anywhere answers in its surface's format."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from app.errors import ConflictError, NotFoundError, ServiceError


@pytest.fixture()
def error_app(app: Flask, db: Any) -> Flask:
    """Add throwaway routes that raise, once per session app."""
    if "raise_conflict" not in app.view_functions:
        app.add_url_rule("/_test/raise-conflict", "raise_conflict",
                         _raise(ConflictError("thing.busy", "The thing is busy.", field="name")),
                         methods=["GET", "POST"])
        app.add_url_rule("/api/v1/_test/raise-missing", "raise_missing",
                         _raise(NotFoundError("thing.missing", "No such thing.")))
    return app


def _raise(error: ServiceError) -> Any:
    def view() -> Any:
        raise error
    return view


def test_api_client_gets_the_error_format_with_the_status(error_app: Flask) -> None:
    response = error_app.test_client().get("/api/v1/_test/raise-missing")
    assert response.status_code == 404
    assert response.get_json() == {
        "error": {"code": "thing.missing", "message": "No such thing.", "field": None}}


def test_page_post_flashes_and_redirects_back(error_app: Flask) -> None:
    client = error_app.test_client()
    response = client.post("/_test/raise-conflict",
                           headers={"Referer": "http://localhost/somewhere?x=1"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/somewhere?x=1")
    with client.session_transaction() as session:
        assert ("danger", "The thing is busy.") in session["_flashes"]


def test_page_post_never_redirects_off_site(error_app: Flask) -> None:
    response = error_app.test_client().post(
        "/_test/raise-conflict", headers={"Referer": "http://evil.example/\\\\x"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/_test/raise-conflict")


def test_page_get_renders_the_error_page_with_the_status(error_app: Flask) -> None:
    response = error_app.test_client().get("/_test/raise-conflict")
    assert response.status_code == 409
    assert "The thing is busy." in response.get_data(as_text=True)


def test_socket_ack_format() -> None:
    assert ServiceError("a.b", "Msg", field="f").to_ack() == {
        "ok": False, "code": "a.b", "message": "Msg", "field": "f"}
