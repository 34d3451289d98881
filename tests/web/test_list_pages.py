"""The long-list pages: one filter bar, pager and export link each, scoped and bounded."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from tests.fixtures.lists import make_lists_world


@pytest.fixture()
def world(db, make_user):
    return make_lists_world(make_user)


@pytest.fixture()
def organizer(client, login, world):
    return login(world.organizer)


def _pages(world):
    return [f"/registrations/competitions/{world.mine.id}", "/appeals/", "/audit/",
            "/certificates/", "/organizer/judges", "/people/"]


def test_every_list_page_has_the_filter_bar_pager_and_export(organizer, world):
    for url in _pages(world):
        response = organizer.get(url)
        html = response.get_data(as_text=True)
        assert response.status_code == 200, url
        assert 'role="search"' in html and "data-export" in html and "jx-pager" in html, url
        assert 'name="sort"' in html and 'name="per_page"' in html, url


def test_users_page_has_the_filter_bar_and_pager(client, login, world):
    login(world.admin)
    html = client.get("/auth/users?q=judge&sort=-username").get_data(as_text=True)
    assert 'role="search"' in html and 'data-total="3"' in html
    assert html.index("judge11") < html.index("judge10") < html.index("judge9<")


def test_registration_page_filters_sorts_and_pages(organizer, world):
    url = f"/registrations/competitions/{world.mine.id}"
    html = organizer.get(f"{url}?status=SUBMITTED&sort=-ticket_no&per_page=20").get_data(
        as_text=True)
    order = [html.index(f">T{n}<") for n in (12, 9, 6, 3)]
    assert order == sorted(order) and ">T1<" not in html
    paged = organizer.get(f"{url}?per_page=20&page=1").get_data(as_text=True)
    assert "12 matches" in paged or "12 条" in paged or 'data-total="12"' in paged


def test_pager_keeps_the_filters(app, world):
    from flask import render_template_string

    from app.services.entry import registration_status as status

    page = status.list_registrations(world.organizer, status.RegistrationFilters(
        status="APPROVED", per_page=3, page=2))
    with app.test_request_context("/"):
        html = render_template_string(
            '{% from "_list.html" import pager with context %}'
            '{{ pager(page, "registration.list_registrations", args, competition_id=cid) }}',
            page=page, args={"status": "APPROVED", "sort": "-ticket_no"}, cid=world.mine.id)
    assert 'data-total="8"' in html and "第 2 页，共 3 页" in html
    assert 'rel="next"' in html and 'rel="prev"' in html and 'aria-current="page"' in html
    link = f"/registrations/competitions/{world.mine.id}?status=APPROVED&amp;sort=-ticket_no"
    assert f"{link}&amp;page=3" in html


def test_bad_arguments_are_named_and_left_out(organizer, world):
    url = f"/registrations/competitions/{world.mine.id}?page=0&per_page=7&project_id=x"
    response = organizer.get(url)
    html = response.get_data(as_text=True)
    assert response.status_code == 200  # the list without the bad filters, never a 500
    assert 'aria-invalid="true"' in html and 'data-total="12"' in html
    long = organizer.get("/people/?q=" + "x" * 101)
    assert long.status_code == 200 and "101" in long.get_data(as_text=True)


def test_pages_show_only_the_users_records(client, login, world):
    login(world.stranger)
    html = client.get("/people/").get_data(as_text=True)
    assert "外人" in html and "赵一" not in html
    assert client.get(f"/registrations/competitions/{world.mine.id}").status_code == 404
    judges = client.get("/organizer/judges").get_data(as_text=True)
    assert "judge11" in judges and "judge9" not in judges


def test_people_page_masks_id_numbers(organizer, world):
    person = world.registrations[0].person
    html = organizer.get("/people/").get_data(as_text=True)
    assert person.name in html and person.id_number not in html
    assert person.id_number[:6] + "********" + person.id_number[-4:] in html


def _sheet(response):
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(response.data)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_export_is_the_filtered_list_in_the_page_order(organizer, world):
    rows = _sheet(organizer.get(
        f"/registrations/competitions/{world.mine.id}/export.xlsx?status=SUBMITTED&sort=ticket_no"))
    header, body = rows[0], rows[1:]
    ticket = header.index("准考证号")
    assert [r[ticket] for r in body] == ["T3", "T6", "T9", "T12"]
    people = _sheet(organizer.get("/people/export.xlsx?q=赵一"))
    assert len(people) == 2 and people[1][0] == "赵一"
    assert "*" in people[1][1] and people[1][1] != world.registrations[0].person.id_number
    certs = _sheet(organizer.get("/certificates/export.xlsx?sort=-serial"))
    assert [r[0] for r in certs[1:]] == ["C11", "C10", "C9"]
    assert len(_sheet(organizer.get("/audit/export.xlsx"))) == 3
    assert len(_sheet(organizer.get("/appeals/export.xlsx"))) == 3
    judges = _sheet(organizer.get("/organizer/judges/export.xlsx?sort=username"))
    assert [r[0] for r in judges[1:]] == ["judge9", "judge10"]


def test_export_leaves_out_bad_arguments_like_the_page(organizer, world):
    rows = _sheet(organizer.get("/people/export.xlsx?per_page=abc&project_id=x&q=赵一"))
    assert [r[0] for r in rows[1:]] == ["赵一"]
