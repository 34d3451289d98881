"""Finding 12: a check-in desk learns nothing about other organizers' tickets, and a typed
ticket number alone (sequential, unsigned) checks nobody in."""

from __future__ import annotations

import pytest

from app.models import AuditEntry
from app.services.entry.checkin import check_in
from app.services.entry.tickets import TicketError, ticket_token
from tests.ticketing import NOW, make_contest, make_organizer, make_registration


@pytest.fixture()
def contest(db):
    return make_contest()


@pytest.fixture()
def staff(contest):
    return make_organizer(contest.body)


def _refused(project, staff, **ticket):
    with pytest.raises(TicketError) as error:
        check_in(project, staff=staff, now=NOW, **ticket)
    return error.value


def test_another_organizers_ticket_answers_like_an_unknown_one(contest, staff, db):
    foreign = make_contest("2026年外市职业技能大赛")
    theirs = make_registration(foreign.project, name="赵强")
    unknown = _refused(contest.project, staff, ticket_no="99999999",
                       id_last4=theirs.person.id_number[-4:])
    typed = _refused(contest.project, staff, ticket_no=theirs.ticket_no,
                     id_last4=theirs.person.id_number[-4:])
    assert (typed.code, typed.field) == (unknown.code, unknown.field) == (
        "ticket.unknown_number", "ticket_no")
    assert typed.message == unknown.message.replace("99999999", theirs.ticket_no)
    assert foreign.project.name not in typed.message
    assert foreign.competition.name not in typed.message
    scanned = _refused(contest.project, staff, token=ticket_token(theirs))
    assert scanned.code == "ticket.unknown" and foreign.project.name not in scanned.message
    assert theirs.status == "APPROVED"
    # The organizer's own other project is still named, to send the contestant there.
    mine = make_registration(contest.other_project)
    assert _refused(contest.project, staff, token=ticket_token(mine)).code == (
        "checkin.wrong_project")


@pytest.mark.parametrize(("extra", "code", "field"), [
    ({}, "checkin.id_required", "id_last4"),
    ({"id_last4": "0000"}, "checkin.id_mismatch", "id_last4"),
    ({"override_reason": "   "}, "checkin.id_required", "id_last4"),
    ({"override_reason": "x" * 501}, "checkin.reason_too_long", "override_reason"),
])
def test_a_typed_number_alone_checks_nobody_in(contest, staff, extra, code, field):
    registration = make_registration(contest.project)
    if extra.get("id_last4") == registration.person.id_number[-4:]:
        extra = {"id_last4": "1111"}
    error = _refused(contest.project, staff, ticket_no=registration.ticket_no, **extra)
    assert (error.code, error.field) == (code, field)
    assert registration.status == "APPROVED"


def test_id_digits_or_an_audited_override_check_in(contest, staff, db):
    first, second = make_registration(contest.project), make_registration(contest.project)
    check_in(contest.project, ticket_no=first.ticket_no, staff=staff, now=NOW,
             id_last4=first.person.id_number[-4:].lower())
    check_in(contest.project, ticket_no=second.ticket_no, staff=staff, now=NOW,
             override_reason="身份证遗失，已核对社保卡")
    entries = {e.entity_id: e for e in db.session.query(AuditEntry)
               .filter_by(action="registration.checked_in")}
    assert entries[first.id].new["method"] == "NUMBER_ID" and entries[first.id].reason == ""
    assert entries[second.id].new["method"] == "OVERRIDE"
    assert entries[second.id].reason == "身份证遗失，已核对社保卡"
    assert entries[second.id].actor_id == staff.id


def test_the_api_takes_the_digits_and_the_override(client, contest, staff, login):
    registration = make_registration(contest.project)
    login(staff)
    url = f"/api/v1/projects/{contest.project.id}/checkin"
    bare = client.post(url, json={"ticket_no": registration.ticket_no})
    assert bare.status_code == 422 and bare.json["error"]["code"] == "checkin.id_required"
    assert bare.json["error"]["field"] == "id_last4"
    too_long = client.post(url, json={"ticket_no": registration.ticket_no, "id_last4": "12345"})
    assert too_long.status_code == 422
    ok = client.post(url, json={"ticket_no": registration.ticket_no,
                                "override_reason": "现场人工核验"})
    assert ok.status_code == 200 and ok.json["status"] == "CHECKED_IN"
    page = client.get(f"/checkin/projects/{contest.project.id}").text
    assert 'id="jx-id-last4"' in page and 'id="jx-override-reason"' in page
