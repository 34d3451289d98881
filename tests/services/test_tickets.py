"""Ticket tokens verify, refuse forgeries and revoked versions; tickets print as PDFs."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.idcard import check_digit
from app.models import AuditEntry
from app.services.common.signing import sign
from app.services.entry.tickets import (
    TicketError,
    find_ticket,
    get_project_tickets_pdf,
    get_ticket_pdf,
    reissue_ticket,
    ticket_data,
    ticket_token,
    verify_ticket_token,
)
from tests.documents.helpers import decode_qr_png, pdf_pages, pdf_text, render_pdf
from tests.ticketing import NOW, make_contest, make_organizer, make_registration


@pytest.fixture()
def contest(db):
    return make_contest()


def test_token_round_trip(contest):
    registration = make_registration(contest.project)
    assert verify_ticket_token(ticket_token(registration)).id == registration.id
    assert registration.ticket_no == f"2026{contest.project.id:04d}{registration.id:06d}"


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),  # signature altered
        lambda t: "x" + t,  # payload altered
        lambda t: "not-a-ticket",
        lambda t: "",
        lambda t: sign("certificate", {"r": 1, "v": 1}),  # signed for another purpose
    ],
)
def test_forged_or_altered_tokens_are_refused(contest, mangle):
    registration = make_registration(contest.project)
    with pytest.raises(TicketError) as error:
        verify_ticket_token(mangle(ticket_token(registration)))
    assert error.value.code == "ticket.forged"


def test_a_token_for_a_missing_registration_is_unknown(contest):
    with pytest.raises(TicketError) as error:
        verify_ticket_token(sign("ticket", {"r": 999999, "v": 1}))
    assert error.value.code == "ticket.unknown"


def test_reissue_revokes_the_old_qr(contest, db):
    registration = make_registration(contest.project)
    old = ticket_token(registration)
    organizer = make_organizer(contest.body)
    reissue_ticket(registration, user=organizer, now=NOW)
    with pytest.raises(TicketError) as error:
        verify_ticket_token(old)
    assert error.value.code == "ticket.revoked"
    assert registration.ticket_no in error.value.message
    assert verify_ticket_token(ticket_token(registration)).ticket_version == 2
    entry = db.session.query(AuditEntry).filter_by(action="ticket.reissued").one()
    assert entry.old == {"version": 1} and entry.new == {"version": 2}


def test_reissue_refused_without_a_ticket(contest):
    pending = make_registration(contest.project, status="SUBMITTED")
    with pytest.raises(TicketError) as error:
        reissue_ticket(pending, user=None, now=NOW)
    assert error.value.code == "ticket.not_issued"
    assert pending.ticket_version == 0


def test_find_ticket_by_typed_number(contest):
    registration = make_registration(contest.project)
    spaced = " ".join([registration.ticket_no[:4], registration.ticket_no[4:]])
    assert find_ticket(spaced).id == registration.id
    with pytest.raises(TicketError) as error:
        find_ticket("20269999")
    assert error.value.code == "ticket.unknown_number"
    with pytest.raises(TicketError) as error:
        find_ticket("   ")
    assert error.value.code == "ticket.number_missing"


def test_ticket_data_maps_the_registration(contest):
    registration = make_registration(contest.project, name="李娜", organization=contest.employer)
    data = ticket_data(registration, issued_on=date(2026, 5, 20))
    assert data.name == "李娜" and data.group == "职工组" and data.gender == "男"
    assert data.project == "焊工（职工组）" and data.venue == "市技师学院实训楼"
    assert data.starts_at.hour == 8 and data.starts_at.minute == 30  # 00:30 UTC in Beijing
    assert data.ends_at is not None and data.ends_at.hour == 11
    assert data.organizer == contest.body.name and data.employer == contest.employer.name
    assert verify_ticket_token(data.qr_payload).id == registration.id
    assert data.station == ""


def test_one_ticket_pdf_carries_a_verifying_qr(contest, tmp_path):
    registration = make_registration(contest.project, name="李娜")
    pdf = get_ticket_pdf(registration, today=date(2026, 5, 20))
    assert pdf_pages(pdf, tmp_path) == 1
    text = pdf_text(pdf, tmp_path)
    assert "李娜" in text and registration.ticket_no in text
    assert registration.person.id_number not in text  # only the masked number is printed
    decoded = decode_qr_png(render_pdf(pdf, tmp_path)[0])
    assert [verify_ticket_token(value).id for value in decoded] == [registration.id]


def test_a_whole_project_in_one_pdf(contest, tmp_path):
    make_registration(contest.project)
    make_registration(contest.project, name="王芳")
    make_registration(contest.project, status="SUBMITTED")  # no ticket: left out
    make_registration(contest.other_project)  # another project: left out
    assert pdf_pages(get_project_tickets_pdf(contest.project), tmp_path) == 2


def test_no_tickets_is_a_clear_error(contest):
    pending = make_registration(contest.project, status="SUBMITTED")
    with pytest.raises(TicketError) as error:
        get_ticket_pdf(pending)
    assert error.value.code == "ticket.not_issued"
    with pytest.raises(TicketError) as error:
        get_project_tickets_pdf(contest.other_project)
    assert error.value.code == "ticket.none"


def test_a_ticket_of_a_person_without_account_carries_a_working_claim_code(
        contest, make_user, monkeypatch):
    from app.services.entry import tickets
    from app.services.identity.claims import claim_person_record

    printed = []
    monkeypatch.setattr(tickets, "ticket_pdf", lambda data: printed.append(data) or b"%PDF")
    registration = make_registration(contest.project, name="李娜")
    get_ticket_pdf(registration, today=date(2026, 5, 20))
    code = printed[-1].claim_code
    assert len(code) == 11 and code[5] == "-"
    user = make_user("CONTESTANT")
    claim_person_record(user, code, now=NOW)
    assert user.person_id == registration.person_id
    # Now that the person has an account, a reprint carries no code.
    get_ticket_pdf(registration, today=date(2026, 5, 20))
    assert printed[-1].claim_code == ""


def test_printing_a_ticket_again_keeps_the_earlier_code_valid(contest, make_user, monkeypatch):
    from app.services.entry import tickets
    from app.services.identity.claims import claim_person_record

    printed = []
    monkeypatch.setattr(tickets, "ticket_pdf", lambda data: printed.append(data) or b"%PDF")
    registration = make_registration(contest.project)
    get_ticket_pdf(registration)
    get_ticket_pdf(registration)  # e.g. opened at the check-in desk
    first, second = (p.claim_code for p in printed)
    assert first != second
    user = make_user("CONTESTANT")
    claim_person_record(user, first, now=NOW)
    assert user.person_id == registration.person_id


@pytest.mark.parametrize(("stored", "digit17", "shown"), [
    ("MALE", 1, "男"),      # people store MALE/FEMALE; the old code only knew M/F and showed ""
    ("FEMALE", 2, "女"),
    ("", 3, "男"),          # nothing stored: the ID number still says
    ("MALE", 4, "女"),      # the ID number is the source of truth (§3)
])
def test_the_ticket_shows_the_gender_the_id_number_gives(contest, db, stored, digit17, shown):
    registration = make_registration(contest.project, name="王芳")
    person = registration.person
    first17 = person.id_number[:16] + str(digit17)
    person.id_number = first17 + check_digit(first17)
    person.gender = stored
    db.session.flush()
    assert ticket_data(registration, issued_on=date(2026, 5, 20)).gender == shown
