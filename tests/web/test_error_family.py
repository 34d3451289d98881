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


def test_page_post_about_a_missing_record_answers_the_404_page(app: Flask, db: Any) -> None:
    from app.errors import RecordNotFound

    with app.test_request_context("/things/1/edit", method="POST",
                                  headers={"Referer": "http://localhost/things/1"}):
        body, status = handle_service_error(RecordNotFound("thing.not_found", "No such thing."))
    assert status == 404 and "No such thing." in body


def test_a_page_may_say_where_its_refusals_go(app: Flask, db: Any) -> None:
    from app.web.errors import refusals_go_to

    with app.test_request_context("/things/1/publish", method="POST",
                                  headers={"Referer": "http://localhost/elsewhere"}):
        refusals_go_to("/things/1", category="warning")
        response = handle_service_error(ConflictError("thing.busy", "The thing is busy."))
        flashes = session["_flashes"]
    assert response.status_code == 302 and response.headers["Location"].endswith("/things/1")
    assert ("warning", "The thing is busy.") in flashes


def test_api_error_carries_the_familys_details_and_401_challenge(app: Flask, db: Any) -> None:
    from app.services.identity.accounts import TokenError
    from app.services.scoring.judging_errors import JudgingError

    with app.test_request_context("/api/v1/things/1"):
        response = handle_service_error(TokenError("auth.token_invalid", "Bad token."))
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"] == 'Bearer realm="jiangxin"'
        refused = handle_service_error(JudgingError("auth.forbidden"))
        assert refused.status_code == 403 and "problems" not in refused.get_json()["error"]


def test_a_lazy_message_is_shown_in_the_requests_language(app: Flask, db: Any) -> None:
    from flask_babel import force_locale

    from app.services.common.access import forbidden

    error = forbidden()  # raised once; the message is resolved where it is shown
    with app.test_request_context("/"):
        with force_locale("en"):
            english = error.message
        with force_locale("zh_CN"):
            chinese = error.message
    assert english == "You do not have permission to do this." and chinese != english
