"""Self-registration, eligibility preview, approval and listing services."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.services.entry import registrations as svc
from app.services.entry.registration_rules import ApplicantInput, GradeInput
from app.services.entry.registration_status import RegistrationFilters
from tests.registration_data import NOW, id_number, make_competition, organizer_of

pytestmark = pytest.mark.usefixtures("frozen_clock")


def applicant(**changes):
    data = {"name": "张三", "id_number": id_number(), "phone": "13812345678",
            "organization_name": "沧州电力有限公司", "group": "EMPLOYEE"}
    data.update(changes)
    return ApplicantInput(**data)


@pytest.fixture()
def setup(db, make_user):
    competition = make_competition()
    contestant = make_user("CONTESTANT", username="contestant1")
    return competition, contestant


@pytest.mark.parametrize(("changes", "field", "code"), [
    ({"id_number": "11010119900307001"}, "id_number", "idcard.length"),
    ({"id_number": "11010119900230001X"}, "id_number", "idcard.birth_date"),
    ({"id_number": "110101199003070010"}, "id_number", "idcard.checksum"),
    ({"id_number": ""}, "id_number", "idcard.empty"),
    ({"phone": "12345"}, "phone", "person.phone_invalid"),
    ({"name": "  "}, "name", "person.name_missing"),
    ({"organization_name": "厂" * 201}, "organization_name", "person.organization_too_long"),
    ({"coach_name": "李" * 101}, "coach_name", "person.coach_too_long"),
    ({"group": "RETIRED"}, "group", "person.group_invalid"),
])
def test_bad_input_is_refused_and_changes_nothing(setup, changes, field, code):
    from app.models import Person, Registration

    competition, user = setup
    with pytest.raises(svc.RegistrationError) as caught:
        svc.register_for_project(user, applicant(**changes), [competition.projects[0].id],
                                 now=NOW)
    assert (field, code) in {(p.field, p.code) for p in caught.value.problems}
    assert Person.query.count() == 0 and Registration.query.count() == 0


def test_register_without_employer_or_school_with_a_coach(setup):
    """§3: self-employed and flexibly employed people register; the coach is kept (§6)."""
    competition, user = setup
    (reg,) = svc.register_for_project(
        user, applicant(organization_name="", coach_name=" 王 师傅 "),
        [competition.projects[0].id], now=NOW)
    assert reg.organization_id is None and reg.person.organization_id is None
    assert reg.coach_name == "王 师傅"


def test_preview_lists_every_failing_rule_without_writing(setup):
    from app.models import Person

    competition, user = setup
    student_project = competition.projects[1]
    child = id_number(birth=NOW.date() - timedelta(days=365 * 14))
    preview = svc.preview_eligibility(user, applicant(id_number=child), [student_project.id],
                                      now=NOW)
    assert not preview.problems
    (verdict,) = preview.verdicts
    assert set(verdict.result.codes) == {"eligibility.age_min", "eligibility.group"}
    assert not verdict.blocking
    assert Person.query.count() == 0


def test_register_stores_person_grades_and_eligibility_snapshot(setup):
    from app.models import AuditEntry

    competition, user = setup
    employee, student = competition.projects
    data = applicant(grades=(GradeInput(employee.occupation_id, "高级工", "CERT-1"),))
    regs = svc.register_for_project(user, data, [employee.id, student.id], now=NOW)
    assert [r.status for r in regs] == ["SUBMITTED", "SUBMITTED"]
    assert regs[0].eligibility["ok"] is True
    assert regs[1].eligibility["ok"] is False
    assert regs[1].eligibility["failures"][0]["code"] == "eligibility.group"
    person = user.person
    assert person.gender == "MALE" and person.birth_date == date(1990, 3, 7)
    assert [(g.grade, g.certificate_no) for g in person.grades] == [("L3", "CERT-1")]
    assert person.organization.kind == "EMPLOYER"
    actions = {e.action for e in AuditEntry.query}
    assert {"person.created", "registration.submitted"} <= actions


def test_second_registration_for_same_project_is_refused_once_approved(setup, make_user):
    competition, user = setup
    project = competition.projects[0]
    data = applicant()
    (reg,) = svc.register_for_project(user, data, [project.id], now=NOW)
    # Submitting again while still SUBMITTED updates the same registration.
    (again,) = svc.register_for_project(user, data, [project.id], now=NOW)
    assert again.id == reg.id
    svc.approve_registrations(organizer_of(competition, make_user), [reg.id], now=NOW)
    with pytest.raises(svc.RegistrationError) as caught:
        svc.register_for_project(user, data, [project.id], now=NOW)
    assert caught.value.code == "eligibility.duplicate"


def test_closed_window_refuses_self_registration(db, make_user):
    competition = make_competition(opens=NOW - timedelta(days=20), closes=NOW - timedelta(days=1))
    user = make_user("CONTESTANT")
    with pytest.raises(svc.RegistrationError) as caught:
        svc.register_for_project(user, applicant(), [competition.projects[0].id], now=NOW)
    assert caught.value.code == "eligibility.window_closed"
    assert svc.list_open_projects(now=NOW) == []


def test_id_number_of_another_account_is_refused(setup, make_user):
    competition, user = setup
    number = id_number()
    svc.register_for_project(user, applicant(id_number=number), [competition.projects[0].id],
                             now=NOW)
    other = make_user("CONTESTANT", username="other")
    with pytest.raises(svc.RegistrationError) as caught:
        svc.register_for_project(other, applicant(id_number=number),
                                 [competition.projects[0].id], now=NOW)
    assert caught.value.code == "person.id_number_taken"


def test_approve_assigns_tickets_and_reject_needs_a_reason(setup, make_user):
    from app.models import AuditEntry

    competition, user = setup
    employee, student = competition.projects
    regs = svc.register_for_project(user, applicant(), [employee.id, student.id], now=NOW)
    organizer = organizer_of(competition, make_user)
    (approved,) = svc.approve_registrations(organizer, [regs[0].id], now=NOW)
    assert approved.status == "APPROVED" and approved.ticket_no
    with pytest.raises(svc.RegistrationError) as caught:
        svc.reject_registrations(organizer, [regs[1].id], reason=" ", now=NOW)
    assert caught.value.code == "registration.reason_missing"
    (rejected,) = svc.reject_registrations(organizer, [regs[1].id], reason="组别不符", now=NOW)
    assert rejected.status == "REJECTED" and rejected.decision_reason == "组别不符"
    assert {"registration.approved", "registration.rejected"} <= {
        e.action for e in AuditEntry.query}


@pytest.mark.parametrize("decide", ["approve", "reject"])
def test_illegal_transition_refuses_the_whole_batch(setup, make_user, decide):
    competition, user = setup
    employee, student = competition.projects
    regs = svc.register_for_project(user, applicant(), [employee.id, student.id], now=NOW)
    organizer = organizer_of(competition, make_user)
    svc.approve_registrations(organizer, [regs[0].id], now=NOW)
    with pytest.raises(svc.RegistrationError) as caught:
        if decide == "approve":
            svc.approve_registrations(organizer, [regs[0].id, regs[1].id], now=NOW)
        else:
            svc.reject_registrations(organizer, [regs[0].id, regs[1].id], reason="x", now=NOW)
    assert caught.value.code == "registration.illegal_transition"
    assert regs[1].status == "SUBMITTED"


def test_out_of_scope_registrations_are_not_found(setup, make_user):
    competition, user = setup
    (reg,) = svc.register_for_project(user, applicant(), [competition.projects[0].id], now=NOW)
    elsewhere = make_competition(name="另一个赛事")
    stranger = organizer_of(elsewhere, make_user, username="org2")
    with pytest.raises(svc.NotFoundError):
        svc.approve_registrations(stranger, [reg.id], now=NOW)
    assert svc.list_registrations(stranger, RegistrationFilters()).total == 0


@pytest.mark.parametrize(("filters", "expected"), [
    (RegistrationFilters(), {"张三", "李四"}),
    (RegistrationFilters(eligible=True), {"张三"}),
    (RegistrationFilters(eligible=False), {"李四"}),
    (RegistrationFilters(status="SUBMITTED"), {"张三", "李四"}),
    (RegistrationFilters(status="APPROVED"), set()),
    (RegistrationFilters(q="李"), {"李四"}),
])
def test_list_filters(db, make_user, filters, expected):
    competition = make_competition()
    project = competition.projects[0]
    for name, group in (("张三", "EMPLOYEE"), ("李四", "STUDENT")):
        user = make_user("CONTESTANT")
        svc.register_for_project(user, applicant(name=name, group=group), [project.id], now=NOW)
    page = svc.list_registrations(organizer_of(competition, make_user), filters)
    assert {r.person.name for r in page.items} == expected


def test_withdraw_own_registration_once(setup, make_user):
    competition, user = setup
    (reg,) = svc.register_for_project(user, applicant(), [competition.projects[0].id], now=NOW)
    assert svc.withdraw_registration(user, reg.id, now=NOW).status == "WITHDRAWN"
    with pytest.raises(svc.RegistrationError) as caught:
        svc.withdraw_registration(user, reg.id, now=NOW)
    assert caught.value.code == "registration.illegal_transition"
    with pytest.raises(svc.NotFoundError):
        svc.withdraw_registration(make_user("CONTESTANT"), reg.id, now=NOW)


@pytest.mark.parametrize(("raw", "valid", "code"), [
    ("110101199003070011", True, None),
    ("110101199003070012", False, "idcard.checksum"),
    ("1101011990", False, "idcard.length"),
    ("11010119901307001X", False, "idcard.birth_date"),
])
def test_check_id_number(app, raw, valid, code):
    result = svc.check_id_number(raw, now=NOW)
    assert result["valid"] is valid
    assert result.get("code") == code
    if valid:
        assert result["birth_date"] == "1990-03-07" and result["gender"] == "MALE"
