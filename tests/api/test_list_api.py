"""The long lists under /api/v1: same filters and pages as the pages, bounded arguments."""

from __future__ import annotations

import pytest

from tests.fixtures.lists import make_lists_world

LISTS = ["/api/v1/registrations", "/api/v1/appeals", "/api/v1/audit", "/api/v1/certificates",
         "/api/v1/judges", "/api/v1/people", "/api/v1/users"]


@pytest.fixture()
def world(db, make_user):
    return make_lists_world(make_user)


@pytest.fixture()
def as_admin(client, login, world):
    from app.models import RoleAssignment

    world.admin.roles.append(RoleAssignment(role="ARBITRATOR"))
    return login(world.admin)


@pytest.mark.parametrize("url", LISTS)
def test_every_list_answers_items_and_page_info(as_admin, url):
    body = as_admin.get(f"{url}?per_page=2&page=1").json
    assert set(body) >= {"items", "total", "page", "per_page", "pages"}
    assert body["page"] == 1 and body["per_page"] == 2 and len(body["items"]) <= 2
    assert body["pages"] == max(1, -(-body["total"] // 2))


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize(("query", "field"), [
    ("page=0", "page"), ("page=100001", "page"), ("per_page=0", "per_page"),
    ("per_page=201", "per_page"), ("per_page=99999999999999999999", "per_page"),
    ("project_id=abc", "project_id"), ("sort=password", "sort"), ("q=" + "x" * 101, "q"),
])
def test_out_of_bounds_arguments_name_the_field(as_admin, url, query, field):
    if field == "project_id" and url.endswith("/users"):
        query, field = "sort=-password", "sort"  # accounts belong to no project
    response = as_admin.get(f"{url}?{query}")
    # The house convention for a query argument that fails its schema is 422 (test_bounds).
    assert response.status_code == 422
    assert response.json["error"]["field"] == field


def test_registrations_filter_sort_and_page_like_the_page(client, login, world):
    login(world.organizer)
    body = client.get("/api/v1/registrations?status=SUBMITTED&sort=-ticket_no&per_page=3").json
    assert [r["ticket_no"] for r in body["items"]] == ["T12", "T9", "T6"]
    assert (body["total"], body["pages"]) == (4, 2)


def test_people_are_masked_and_scoped(client, login, world):
    login(world.stranger)
    body = client.get("/api/v1/people").json
    assert body["total"] == 1
    [row] = body["items"]
    assert row["name"] == "外人" and "*" in row["id_number"]


def test_certificates_and_judges_sort_codes_as_numbers(client, login, world):
    login(world.organizer)
    serials = [c["serial"] for c in client.get("/api/v1/certificates?sort=serial").json["items"]]
    assert serials == ["C9", "C10", "C11"]
    names = [j["username"] for j in client.get("/api/v1/judges?sort=-username").json["items"]]
    assert names == ["judge10", "judge9"]


def test_a_contestant_may_not_list(client, login, make_user, world):
    login(make_user("CONTESTANT", username="list-c"))
    for url in LISTS:
        assert client.get(url).status_code == 403, url


def test_accounts_sort_usernames_as_numbers_and_page(as_admin):
    body = as_admin.get("/api/v1/users?q=judge&sort=username&per_page=2").json
    assert [u["username"] for u in body["items"]] == ["judge9", "judge10"]
    assert (body["total"], body["pages"]) == (3, 2)
