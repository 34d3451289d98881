"""The list mechanism and the six lists: filters, numeric sort, pages, scope (issue #17.7)."""

from __future__ import annotations

import pytest

from app.domain.ordering import natural_key
from app.services.certification import certificate_list
from app.services.common import list_query
from app.services.common.list_query import ListFilter
from app.services.entry import registration_status as status
from app.services.entry.registration_status import RegistrationFilters
from app.services.identity import people_list
from app.services.results import appeals_read
from app.services.scoring import audit_log
from app.services.setup import judge_list
from tests.fixtures.lists import make_lists_world


@pytest.fixture()
def world(db, make_user):
    return make_lists_world(make_user)


def _tickets(page):
    return [r.ticket_no for r in page.items]


def test_registrations_page_with_db_paginate(world):
    page = status.list_registrations(world.organizer, RegistrationFilters(per_page=5, page=3))
    assert (page.total, page.pages, page.page, len(page.items)) == (12, 3, 3, 2)
    past = status.list_registrations(world.organizer, RegistrationFilters(per_page=5, page=9))
    assert past.items == [] and past.total == 12


@pytest.mark.parametrize("descending", [False, True])
def test_ticket_numbers_sort_as_numbers(world, descending):
    page = status.list_registrations(world.organizer, RegistrationFilters(
        sort="ticket_no", descending=descending, per_page=100))
    expected = sorted(_tickets(page), key=natural_key, reverse=descending)
    assert _tickets(page) == expected
    assert _tickets(page)[:3] == (["T12", "T11", "T10"] if descending else ["T1", "T2", "T3"])


@pytest.mark.parametrize(("filters", "tickets"), [
    (RegistrationFilters(q="T1"), {"T1", "T10", "T11", "T12"}),
    (RegistrationFilters(q="孙三"), {"T3"}),
    (RegistrationFilters(status="SUBMITTED"), {"T3", "T6", "T9", "T12"}),
    (RegistrationFilters(status="SUBMITTED", q="T1"), {"T12"}),
])
def test_registration_search_and_status(world, filters, tickets):
    page = status.list_registrations(world.organizer, filters)
    assert set(_tickets(page)) == tickets


def test_registration_filters_by_project_organisation_and_id_digits(world):
    regs = world.registrations
    by_project = status.list_registrations(world.organizer, RegistrationFilters(
        project_id=world.mine.projects[1].id))
    assert set(_tickets(by_project)) == {"T9", "T10", "T11", "T12"}
    by_org = status.list_registrations(world.organizer, RegistrationFilters(
        organization_id=world.orgs[0].id))
    assert set(_tickets(by_org)) == {"T2", "T4", "T6", "T8", "T10", "T12"}
    tail = regs[4].person.id_number[-4:]
    found = status.list_registrations(world.organizer, RegistrationFilters(q=tail))
    assert "T5" in _tickets(found)
    by_number = status.list_registrations(world.organizer, RegistrationFilters(q=str(regs[6].id)))
    assert "T7" in _tickets(by_number)


def test_registrations_stay_in_scope(world):
    assert status.list_registrations(world.stranger, RegistrationFilters()).total == 1
    assert status.list_registrations(world.admin, RegistrationFilters()).total == 13
    exported = status.list_all_registrations(world.organizer, RegistrationFilters(
        status="SUBMITTED", sort="ticket_no"))
    assert [r.ticket_no for r in exported] == ["T3", "T6", "T9", "T12"]


def test_wildcards_in_the_search_are_literal(world):
    assert status.list_registrations(world.organizer, RegistrationFilters(q="%")).total == 0
    assert status.list_registrations(world.organizer, RegistrationFilters(q="_")).total == 0


def test_unknown_sort_falls_back_to_the_default(world):
    page = status.list_registrations(world.organizer, RegistrationFilters(sort="password"))
    assert [r.id for r in page.items] == sorted(r.id for r in page.items)


def test_certificates_sort_serials_as_numbers_and_filter_status(world):
    page = certificate_list.page_certificates(world.organizer, ListFilter(sort="serial"))
    assert [c.serial for c in page.items] == ["C9", "C10", "C11"]
    revoked = certificate_list.page_certificates(world.organizer, ListFilter(status="REVOKED"))
    assert [c.serial for c in revoked.items] == ["C11"]
    assert [c.serial for c in certificate_list.page_certificates(
        world.stranger, ListFilter()).items] == ["C1"]
    assert certificate_list.page_certificates(world.admin, ListFilter()).total == 4


def test_judges_in_scope_sorted_by_username_as_numbers(world):
    page = judge_list.page_judges(world.organizer, ListFilter(sort="username"))
    assert [a.user.username for a in page.items] == ["judge9", "judge10"]
    chiefs = judge_list.page_judges(world.organizer, ListFilter(status="CHIEF_JUDGE"))
    assert [a.user.username for a in chiefs.items] == ["judge10"]
    assert [a.user.username for a in judge_list.page_judges(
        world.stranger, ListFilter()).items] == ["judge11"]


def test_appeals_in_scope_for_organizers_all_for_arbitrators(world):
    mine, items = appeals_read.page_appeals(world.organizer, ListFilter())
    assert mine.total == 2 and {i.contestant for i in items} == {"赵一", "钱二"}
    assert appeals_read.page_appeals(world.arbitrator, ListFilter())[0].total == 3
    _page, found = appeals_read.page_appeals(world.arbitrator, ListFilter(q="T99"))
    assert [i.contestant for i in found] == ["外人"]


def test_audit_log_in_scope(world):
    assert audit_log.page_entries(world.organizer, ListFilter()).total == 2
    assert audit_log.page_entries(world.admin, ListFilter()).total == 3
    project = world.mine.projects[0].id
    assert audit_log.page_entries(world.organizer, ListFilter(project_id=project)).total == 2
    assert audit_log.page_entries(world.stranger, ListFilter(q="list-org")).total == 1


def test_people_masked_search_only_by_shown_digits(world):
    person = world.registrations[0].person
    hidden = person.id_number[6:14]
    assert people_list.page_people(world.organizer, ListFilter(q=hidden)).total == 0
    tail = people_list.page_people(world.organizer, ListFilter(q=person.id_number[-4:]))
    assert person.id in {p.id for p in tail.items}
    row = people_list.masked(person)
    assert hidden not in row["id_number"] and "*" in row["phone"]
    assert people_list.page_people(world.organizer, ListFilter()).total == 12
    assert people_list.page_people(world.stranger, ListFilter()).total == 1
    submitted = people_list.page_people(world.organizer, ListFilter(status="SUBMITTED"))
    assert {p.name for p in submitted.items} == {"孙三", "吴六", "冯九", "卫十二"}


def test_page_and_size_are_clamped(world):
    page = status.list_registrations(world.organizer, RegistrationFilters(
        per_page=10_000, page=-3))
    assert page.per_page == list_query.MAX_PER_PAGE and page.page == 1


@pytest.mark.parametrize("text", ["²", "#", "1" * 30, "x" * 500])
def test_odd_search_text_is_a_plain_miss_not_an_error(world, text):
    assert status.list_registrations(world.organizer, RegistrationFilters(q=text)).total == 0
    assert appeals_read.page_appeals(world.arbitrator, ListFilter(q=text))[0].total == 0
