"""Check-in accepts a valid ticket once, and refuses every bad one with its reason."""

from __future__ import annotations

import pytest

from app.models import AuditEntry, RoleAssignment
from app.services.common.signing import sign
from app.services.entry.checkin import (
    check_in,
    checkin_room,
    get_checkin_counts,
    list_checkin_projects,
    list_project_registrations,
)
from app.services.entry.tickets import TicketError, reissue_ticket, ticket_token
from tests.ticketing import NOW, make_contest, make_organizer, make_registration


@pytest.fixture()
def contest(db):
    return make_contest()


@pytest.fixture()
def staff(contest):
    return make_organizer(contest.body)


def test_scan_checks_in_and_publishes_the_count(contest, staff, published, db):
    registration = make_registration(contest.project)
    make_registration(contest.project, name="王芳")
    result = check_in(contest.project, token=ticket_token(registration), staff=staff, now=NOW)
    assert not result.already_checked_in
    assert result.registration.status == "CHECKED_IN"
    assert result.registration.checked_in_at == NOW
    assert (result.counts.checked_in, result.counts.approved) == (1, 2)
    assert [(e.name, e.room, e.payload) for e in published] == [
        ("checkin_changed", checkin_room(contest.project.id),
         {"project_id": contest.project.id, "checked_in": 1, "approved": 2})
    ]
    entry = db.session.query(AuditEntry).filter_by(action="registration.checked_in").one()
    assert entry.actor_id == staff.id and entry.entity_id == registration.id


def test_typed_ticket_number_checks_in(contest, staff):
    registration = make_registration(contest.project)
    result = check_in(contest.project, ticket_no=f" {registration.ticket_no} ", staff=staff,
                      id_last4=registration.person.id_number[-4:].lower(), now=NOW)
    assert result.registration.id == registration.id
    assert result.registration.status == "CHECKED_IN"


def test_second_scan_says_so_and_changes_nothing(contest, staff, published, db):
    registration = make_registration(contest.project)
    token = ticket_token(registration)
    check_in(contest.project, token=token, staff=staff, now=NOW)
    published.clear()
    again = check_in(contest.project, token=token, staff=staff, now=NOW.replace(hour=5))
    assert again.already_checked_in
    assert again.registration.checked_in_at == NOW  # the first time stands
    assert published == []
    assert db.session.query(AuditEntry).filter_by(action="registration.checked_in").count() == 1


def _refusal(project, staff, **ticket):
    with pytest.raises(TicketError) as error:
        check_in(project, staff=staff, now=NOW, **ticket)
    return error.value


def test_forged_and_altered_tokens_are_refused(contest, staff):
    registration = make_registration(contest.project)
    token = ticket_token(registration)
    altered = token.replace(token[3], "A" if token[3] != "A" else "B", 1)
    forged = "eyJyIjoxLCJ2IjoxfQ.invented-signature"
    for bad in (altered, forged):
        assert _refusal(contest.project, staff, token=bad).code == "ticket.forged"
    assert registration.status == "APPROVED"


def test_revoked_ticket_is_refused_after_reissue(contest, staff):
    registration = make_registration(contest.project)
    old = ticket_token(registration)
    reissue_ticket(registration, user=staff, now=NOW)
    error = _refusal(contest.project, staff, token=old)
    assert error.code == "ticket.revoked"
    assert check_in(contest.project, token=ticket_token(registration), staff=staff,
                    now=NOW).registration.status == "CHECKED_IN"


def test_wrong_project_is_refused_and_names_the_right_one(contest, staff):
    registration = make_registration(contest.other_project)
    error = _refusal(contest.project, staff, token=ticket_token(registration))
    assert error.code == "checkin.wrong_project"
    assert contest.other_project.name in error.message
    assert registration.status == "APPROVED"


@pytest.mark.parametrize("status", ["SUBMITTED", "REJECTED", "WITHDRAWN", "DISQUALIFIED"])
def test_not_approved_is_refused(contest, staff, status, db):
    registration = make_registration(contest.project, status=status)
    # Give it a (stale) ticket as if it had been approved once, then withdrawn or rejected.
    registration.ticket_no, registration.ticket_version = "2026000100000001", 1
    db.session.commit()
    typed = {"ticket_no": registration.ticket_no,
             "id_last4": registration.person.id_number[-4:]}
    for ticket in ({"token": ticket_token(registration)}, typed):
        assert _refusal(contest.project, staff, **ticket).code == "checkin.not_approved"
    assert registration.status == status


def test_unknown_number_and_empty_input(contest, staff):
    assert _refusal(contest.project, staff, ticket_no="123").code == "ticket.unknown_number"
    assert _refusal(contest.project, staff, ticket_no="  ").code == "checkin.input_missing"
    assert _refusal(contest.project, staff).code == "checkin.input_missing"
    assert _refusal(contest.project, staff,
                    token=sign("ticket", {"r": 424242, "v": 1})).code == "ticket.unknown"


def test_counts_and_project_lists(contest, staff, make_user):
    make_registration(contest.project)
    make_registration(contest.project, status="CHECKED_IN")
    make_registration(contest.project, status="SUBMITTED")
    counts = get_checkin_counts(contest.project)
    assert (counts.checked_in, counts.approved) == (1, 2)
    assert len(list_project_registrations(contest.project)) == 2
    listed = list_checkin_projects(staff)
    assert [p.id for p, _c in listed] == [contest.project.id, contest.other_project.id]
    outsider = make_user()
    outsider.roles.append(RoleAssignment(role="ORGANIZER", organization_id=contest.employer.id))
    assert list_checkin_projects(outsider) == []
    assert len(list_checkin_projects(make_user("ADMIN"))) == 2
