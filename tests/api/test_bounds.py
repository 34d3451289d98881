"""Integers beyond the database's INTEGER columns are refused at the edge, never a 500.

Found by the API fuzz run (tests/api/test_fuzz.py): PostgreSQL answered "integer out of range"
and SQLite's driver raised OverflowError for such ids.
"""

from __future__ import annotations

import pytest

from app.domain.numbers import ID_MAX as DB_INT_MAX

HUGE = 3293263401437864925104762257408
JUST_OVER = DB_INT_MAX + 1  # fits SQLite's 64 bits, not PostgreSQL's INTEGER


@pytest.fixture()
def admin_headers(app, make_user):
    from app.models._types import utcnow
    from app.services.identity import accounts

    admin = make_user("ADMIN", username="bounds-admin")
    with app.test_request_context("/"):
        _token, plain = accounts.issue_api_token(admin, name="bounds", days=1, now=utcnow())
    return {"Authorization": f"Bearer {plain}"}


@pytest.mark.parametrize("number", [HUGE, JUST_OVER])
def test_a_path_id_too_large_is_not_found(client, admin_headers, number):
    response = client.get(f"/api/v1/projects/{number}/standings", headers=admin_headers)
    assert response.status_code == 404
    assert response.json["error"]["code"]


def test_the_largest_id_is_still_looked_up(client, admin_headers):
    response = client.get(f"/api/v1/projects/{DB_INT_MAX}/standings", headers=admin_headers)
    assert response.status_code == 404


@pytest.mark.parametrize("number", [HUGE, -JUST_OVER - 1])
def test_a_query_integer_too_large_names_its_field(client, admin_headers, number):
    response = client.get(f"/api/v1/registrations?competition_id={number}",
                          headers=admin_headers)
    assert response.status_code == 422
    assert response.json["error"]["field"] == "competition_id"


def test_a_body_id_too_large_is_refused(client, admin_headers):
    response = client.post("/api/v1/promotions/reject", headers=admin_headers,
                           json={"ids": [JUST_OVER], "reason": "x"})
    assert response.status_code == 422
    assert response.json["error"]["field"].startswith("ids")


def test_the_documented_path_parameter_has_the_bound(client):
    spec = client.get("/api/v1/openapi.json").json
    parameter = spec["paths"]["/api/v1/projects/{project_id}"]["parameters"][0]
    assert parameter["schema"]["maximum"] == DB_INT_MAX


@pytest.mark.parametrize(("path", "body", "field", "words"), [
    # A list item's error names the item and says what is wrong, in the user's language.
    ("/api/v1/promotions/reject", {"ids": ["abc"], "reason": "x"}, "ids[0]", "整数"),
    ("/api/v1/promotions/reject", {"ids": [1, JUST_OVER], "reason": "x"}, "ids[1]", "小于等于"),
])
def test_a_list_items_error_names_the_item_and_reads_plainly(client, admin_headers, path, body,
                                                             field, words):
    error = client.post(path, headers=admin_headers, json=body).json["error"]
    assert error["field"] == field and words in error["message"]
    assert "{" not in error["message"] and "[" not in error["message"]


def test_a_number_below_its_range_is_not_called_too_large(client, admin_headers):
    error = client.get("/api/v1/registrations?competition_id=1&page=-1",
                       headers=admin_headers).json["error"]
    assert error["field"] == "page" and "大于等于 1" in error["message"]
