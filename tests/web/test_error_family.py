"""The one error family: a ServiceError raised anywhere answers in its surface's format."""

from __future__ import annotations

from typing import Any

from flask import Flask, session

from app.errors import ConflictError, NotFoundError, ServiceError
from app.web.errors import handle_service_error


def test_api_client_gets_the_error_format_with_the_status(app: Flask, db: Any) -> None:
    with app.test_request_context("/api/v1/things/1"):
        response = handle_service_error(NotFoundError("thing.missing", "No such thing."))
    assert response.status_code == 404
    assert response.get_json() == {
        "error": {"code": "thing.missing", "message": "No such thing.", "field": None}}


def test_page_post_flashes_and_redirects_back(app: Flask, db: Any) -> None:
    with app.test_request_context("/things/1", method="POST",
                                  headers={"Referer": "http://localhost/somewhere?x=1"}):
        response = handle_service_error(ConflictError("thing.busy", "The thing is busy."))
        flashes = session["_flashes"]
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/somewhere?x=1")
    assert ("danger", "The thing is busy.") in flashes


def test_page_post_never_redirects_off_site(app: Flask, db: Any) -> None:
    with app.test_request_context("/things/1", method="POST",
                                  headers={"Referer": "http://evil.example/\\\\x"}):
        response = handle_service_error(ConflictError("thing.busy", "The thing is busy."))
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/things/1")


def test_page_get_renders_the_error_page_with_the_status(app: Flask, db: Any) -> None:
    with app.test_request_context("/things/1"):
        body, status = handle_service_error(ConflictError("thing.busy", "The thing is busy."))
    assert status == 409
    assert "The thing is busy." in body


def test_socket_ack_format() -> None:
    assert ServiceError("a.b", "Msg", field="f").to_ack() == {
        "ok": False, "code": "a.b", "message": "Msg", "field": "f"}
