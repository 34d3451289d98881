"""Issue #11 finding 3: a name and an ID number no longer take over a person record.

A new account registering with an existing record's name and number gets its own pending
duplicate; the record is reached only with a claim code issued through the organizer, or the
organizer approving the duplicate.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.errors import ConflictError, NotFoundError, ServiceError
from app.services.entry import registrations as svc
from app.services.entry import tickets
from app.services.entry.registration_rules import ApplicantInput
from app.services.identity import claims
from app.services.identity import person_duplicates as dups
from tests.registration_data import NOW, id_number, make_competition, organizer_of

pytestmark = pytest.mark.usefixtures("frozen_clock")

NUMBER = id_number(serial=321)


def applicant(**changes):
    data = {"name": "李四", "id_number": NUMBER, "phone": "13812345678",
            "organization_name": "沧州电力有限公司", "group": "EMPLOYEE"}
    data.update(changes)
    return ApplicantInput(**data)


@pytest.fixture()
def victim(db, make_user):
    """An approved, ticketed record with no account (as imported by the organizer)."""
    competition = make_competition()
    helper = make_user("CONTESTANT", username="importer")
    (reg,) = svc.register_for_project(helper, applicant(), [competition.projects[0].id],
                                      now=NOW)
    organizer = organizer_of(competition, make_user)
    svc.approve_registrations(organizer, [reg.id], now=NOW)
    person = reg.person
    helper.person_id = None
    db.session.commit()
    return {"competition": competition, "registration": reg, "person": person,
            "organizer": organizer}


def _snapshot(person, reg):
    return (person.phone, reg.status, reg.person_id)


def test_signup_with_someones_name_and_id_gets_a_pending_record_not_theirs(victim, make_user):
    person, reg = victim["person"], victim["registration"]
    attacker = make_user("CONTESTANT", username="attacker")
    svc.register_for_project(attacker, applicant(phone="13900000000"),
                             [victim["competition"].projects[1].id], now=NOW)
    # Old code: attacker.person_id == person.id, phone changed, ticket and withdraw open.
    assert attacker.person_id != person.id
    assert attacker.person.duplicate_of_id == person.id
    assert _snapshot(person, reg) == ("13812345678", "APPROVED", person.id)
    assert tickets.list_my_tickets(attacker) == []
    with pytest.raises(svc.NotFoundError):
        svc.withdraw_registration(attacker, reg.id, now=NOW)
    assert reg.status == "APPROVED"
    # The organizer sees the possible duplicate.
    (dup,) = dups.list_duplicates(victim["organizer"])
    assert (dup.pending.id, dup.record.id, dup.account.id) == (
        attacker.person_id, person.id, attacker.id)
    assert dup.names_match is True


def test_claim_code_links_the_account_and_merges_its_pending_record(victim, make_user):
    person = victim["person"]
    owner = make_user("CONTESTANT", username="owner")
    (mine,) = svc.register_for_project(owner, applicant(),
                                       [victim["competition"].projects[1].id], now=NOW)
    _person, code = claims.issue_claim_code(victim["organizer"], person.id, now=NOW)
    assert len(code) == 10 and set(code) <= set(claims.ALPHABET)
    claims.claim_person_record(owner, claims.format_code(code).lower(), now=NOW)
    assert owner.person_id == person.id
    assert mine.person_id == person.id  # the pending record's registration moved over
    assert [r.id for r in tickets.list_my_tickets(owner)] == [victim["registration"].id]
    assert dups.list_duplicates(victim["organizer"]) == []
    # Used once: the same code again is refused, changing nothing.
    other = make_user("CONTESTANT", username="other")
    with pytest.raises(ConflictError) as caught:
        claims.claim_person_record(other, code, now=NOW)
    assert caught.value.code == "claim.code_used"
    assert other.person_id is None


@pytest.mark.parametrize(("mutate", "code"), [
    ("wrong", "claim.code_wrong"),
    ("expired", "claim.code_expired"),
    ("replaced", "claim.code_replaced"),
    ("format", "claim.code_format"),
])
def test_bad_codes_are_refused_with_a_clear_message_and_change_nothing(
        victim, make_user, mutate, code):
    person = victim["person"]
    user = make_user("CONTESTANT", username="someone")
    _p, plain = claims.issue_claim_code(victim["organizer"], person.id, now=NOW)
    when = NOW
    if mutate == "wrong":
        plain = "".join("2" if c != "2" else "3" for c in plain)
    elif mutate == "expired":
        when = NOW + timedelta(days=claims.CODE_DAYS)
    elif mutate == "replaced":
        claims.issue_claim_code(victim["organizer"], person.id, now=NOW)
    else:
        plain = plain[:9] + "O"  # O is not in the alphabet
    with pytest.raises(ServiceError) as caught:
        claims.claim_person_record(user, plain, now=when)
    assert (caught.value.code, caught.value.field) == (code, "code")
    assert caught.value.message
    assert user.person_id is None and claims.account_of(person.id) is None


def test_only_an_organizer_of_the_persons_contests_issues_codes(victim, make_user):
    stranger = organizer_of(make_competition(name="别的赛事"), make_user, username="org2")
    with pytest.raises(NotFoundError):
        claims.issue_claim_code(stranger, victim["person"].id, now=NOW)
    owner = make_user("CONTESTANT", username="owner2", person_id=victim["person"].id)
    assert owner.person_id == victim["person"].id
    with pytest.raises(ConflictError) as caught:
        claims.issue_claim_code(victim["organizer"], victim["person"].id, now=NOW)
    assert caught.value.code == "claim.has_account"


def test_organizer_approves_or_refuses_a_duplicate(victim, make_user):
    first = make_user("CONTESTANT", username="first")
    second = make_user("CONTESTANT", username="second")
    for user in (first, second):
        svc.register_for_project(user, applicant(), [victim["competition"].projects[1].id],
                                 now=NOW)
    organizer = victim["organizer"]
    refused = dups.refuse_duplicate(organizer, first.person_id, now=NOW, reason="不是本人")
    assert refused.duplicate_refused_at is not None
    assert [d.account.id for d in dups.list_duplicates(organizer)] == [second.id]
    dups.approve_duplicate(organizer, second.person_id, now=NOW)
    assert second.person_id == victim["person"].id
    assert first.person_id != victim["person"].id
    stranger = organizer_of(make_competition(name="别的赛事"), make_user, username="org3")
    with pytest.raises(NotFoundError):
        dups.approve_duplicate(stranger, first.person_id, now=NOW)


CODES = st.text(alphabet=claims.ALPHABET, min_size=claims.CODE_LENGTH,
                max_size=claims.CODE_LENGTH)


@settings(max_examples=200, deadline=None)
@given(code=CODES, spaced=st.booleans(), lower=st.booleans())
def test_a_code_reads_back_however_it_is_typed(app, code, spaced, lower):
    typed = claims.format_code(code) if spaced else code
    typed = typed.lower() if lower else typed
    with app.test_request_context():
        assert claims.normalise_code(f" {typed} ") == code


@settings(max_examples=200, deadline=None)
@given(code=CODES, bad=st.sampled_from("01ILOio!_"), at=st.integers(0, 9))
def test_a_look_alike_or_stray_character_is_refused(app, code, bad, at):
    with app.test_request_context(), pytest.raises(ServiceError) as caught:
        claims.normalise_code(code[:at] + bad + code[at + 1:])
    assert caught.value.code == "claim.code_format"


def test_a_pending_duplicate_gets_no_ticket_until_resolved(victim, make_user):
    newcomer = make_user("CONTESTANT", username="newcomer")
    (reg,) = svc.register_for_project(newcomer, applicant(),
                                      [victim["competition"].projects[1].id], now=NOW)
    with pytest.raises(svc.RegistrationError) as caught:
        svc.approve_registrations(victim["organizer"], [reg.id], now=NOW)
    assert caught.value.code == "registration.pending_duplicate"
    assert reg.status == "SUBMITTED" and reg.ticket_no is None
    dups.refuse_duplicate(victim["organizer"], newcomer.person_id, now=NOW)
    (approved,) = svc.approve_registrations(victim["organizer"], [reg.id], now=NOW)
    assert approved.status == "APPROVED"
