"""Notifications: written atomically with each use case, rendered in the reader's language."""

from __future__ import annotations

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from app.errors import NotFoundError
from app.models import Notification, User
from app.services.entry import registrations as regs_svc
from app.services.identity import notifications as inbox
from tests.registration_data import NOW, make_competition, organizer_of
from tests.services.test_registrations import applicant


def kinds(user_id: int) -> list[tuple[str, dict]]:
    from app.extensions import db

    rows = db.session.scalars(select(Notification).where(Notification.user_id == user_id)
                              .order_by(Notification.id))
    return [(row.kind, row.params) for row in rows]


@pytest.fixture()
def entry(db, make_user):
    competition = make_competition(name="2026年市职业技能大赛")
    user = make_user("CONTESTANT", username="contestant1")
    employee, student = competition.projects
    regs = regs_svc.register_for_project(user, applicant(), [employee.id, student.id], now=NOW)
    return {"user": user, "regs": regs, "organizer": organizer_of(competition, make_user),
            "competition": competition}


def test_decisions_notify_the_contestant_with_the_reason(entry):
    first, second = entry["regs"]
    regs_svc.approve_registrations(entry["organizer"], [first.id], now=NOW)
    regs_svc.reject_registrations(entry["organizer"], [second.id], reason="组别不符", now=NOW)
    got = kinds(entry["user"].id)
    assert [k for k, _ in got] == ["TICKET_READY", "REGISTRATION_APPROVED",
                                   "REGISTRATION_REJECTED"]
    assert got[0][1]["ticket"] == first.ticket_no
    assert got[2][1] == {"competition": "2026年市职业技能大赛", "project": second.project.name,
                         "reason": "组别不符"}


def test_a_refused_decision_leaves_no_notification(entry):
    first, second = entry["regs"]
    regs_svc.approve_registrations(entry["organizer"], [first.id], now=NOW)
    before = kinds(entry["user"].id)
    with pytest.raises(regs_svc.RegistrationError):
        regs_svc.approve_registrations(entry["organizer"], [first.id, second.id], now=NOW)
    assert kinds(entry["user"].id) == before


@pytest.mark.parametrize(("locale", "title", "text"), [
    ("zh_CN", "报名未通过",
     "您报名的2026年市职业技能大赛 · 电工（职工组）未通过审核。原因：组别不符"),
    ("en", "Registration rejected", "Your registration for 2026年市职业技能大赛 · 电工（职工组） "
                                    "was rejected. Reason: 组别不符"),
])
def test_the_text_is_rendered_in_the_readers_language(app, locale, title, text):
    params = {"competition": "2026年市职业技能大赛", "project": "电工（职工组）",
              "reason": "组别不符"}
    with app.test_request_context(), force_locale(locale):
        assert inbox.render("REGISTRATION_REJECTED", params) == (title, text)


def test_inbox_counts_marks_read_and_hides_others_notifications(entry, make_user):
    regs_svc.approve_registrations(entry["organizer"], [entry["regs"][0].id], now=NOW)
    user = entry["user"]
    assert inbox.count_unread(user) == 2
    newest = inbox.list_notifications(user)[0]
    assert newest.kind == "REGISTRATION_APPROVED" and newest.read is False
    stranger = make_user("CONTESTANT", username="stranger")
    with pytest.raises(NotFoundError):
        inbox.mark_read(stranger, newest.id, now=NOW)
    assert inbox.mark_read(user, newest.id, now=NOW).read is True
    assert inbox.count_unread(user) == 1
    assert [m.kind for m in inbox.list_notifications(user, unread_only=True)] == ["TICKET_READY"]
    assert inbox.mark_all_read(user, now=NOW) == 1 and inbox.count_unread(user) == 0


def test_an_email_is_queued_only_for_an_address_after_commit(db, entry):
    from app import events

    seen: list = []
    events.subscribe(seen.append)
    try:
        entry["user"].email = "zhang@example.test"
        db.session.commit()
        regs_svc.approve_registrations(entry["organizer"], [entry["regs"][0].id], now=NOW)
    finally:
        events.unsubscribe(seen.append)
    mails = [e.payload for e in seen if e.name == inbox.MAIL_EVENT]
    assert [(m["to"], m["kind"]) for m in mails] == [("zhang@example.test", "TICKET_READY"),
                                                     ("zhang@example.test",
                                                      "REGISTRATION_APPROVED")]


def test_rescore_requests_reach_the_judge_by_anonymous_code(db):
    from app.services.scoring.chief_judge import request_rescore
    from tests.judging_setup import build_contest
    from tests.services.test_judging import _submit

    contest = build_contest()
    reg = contest.registrations[0]
    for judge, value in zip(contest.judges[:3], (0, 2, 3), strict=True):
        _submit(contest, judge, value=value)
    request_rescore(contest.chief, contest.project.id, registration_id=reg.id,
                    key=(contest.j.id, None), reason="分差过大", judge_ids=[contest.judges[0].id],
                    now=NOW)
    got = kinds(contest.judges[0].id)
    assert got == [("RESCORE_REQUESTED", {"project": contest.project.name,
                                          "code": reg.anonymous_code, "reason": "分差过大"})]
    assert reg.person.name not in str(got)
    assert kinds(contest.judges[1].id) == []


def test_publication_tells_each_entrant_the_objection_deadline(db):
    from app.services.boards.publication import publish_results
    from tests.board_setup import locked_contest
    from tests.services.test_publication import PUBLISH_AT

    contest = locked_contest()
    reg = contest.registrations[0]
    account = User(username="entrant", password_hash="x", person_id=reg.person_id, email="")
    db.session.add(account)
    db.session.commit()
    publish_results(contest.organizer, contest.project.id, now=PUBLISH_AT)
    (kind, params), = kinds(account.id)
    assert kind == "RESULTS_PUBLISHED"
    # Shown in the configured zone (Asia/Shanghai): five working days after 20 May, 10:00.
    _title, text = inbox.render(kind, params)
    assert "2026-05-27 10:00" in text


def test_issued_certificates_notify_their_holders(db):
    from app.services.certification import certificates as certs
    from tests import outcome_factories as f

    city = f.organization("市人社局")
    proj = f.project(f.competition(city, name="2026年市职业技能大赛"), name="电工")
    winner = f.person("张三丰", grade="L3")
    f.award(f.registration(proj, winner, rank=1), "FIRST_PRIZE", 1)
    db.session.commit()
    owner = f.user_with("CONTESTANT", person_id=winner.id, username="owner")
    organizer = f.user_with("ORGANIZER", organization_id=city.id, username="org")
    report = certs.issue_certificates(organizer, proj.id, ["AWARD"], now=f.NOW)
    assert kinds(owner.id) == [("CERTIFICATE_READY", {
        "competition": "2026年市职业技能大赛", "project": "电工",
        "serial": report.issued[0].serial})]
    # Issuing again changes nothing, so nobody is told twice.
    certs.issue_certificates(organizer, proj.id, ["AWARD"], now=f.NOW)
    assert len(kinds(owner.id)) == 1


def test_objection_reminders_go_out_once_in_the_last_day(db):
    from datetime import timedelta

    from app.services.boards.publication import publish_results
    from app.services.results.objection_reminders import remind_objection_deadlines
    from tests.board_setup import locked_contest
    from tests.services.test_publication import PUBLISH_AT

    contest = locked_contest()
    account = User(username="entrant", password_hash="x",
                   person_id=contest.registrations[0].person_id)
    db.session.add(account)
    db.session.commit()
    project = publish_results(contest.organizer, contest.project.id, now=PUBLISH_AT)
    ends = project.publication_ends_at
    assert remind_objection_deadlines(now=ends - timedelta(days=2)) == []
    assert remind_objection_deadlines(now=ends - timedelta(hours=3)) == [project.id]
    assert remind_objection_deadlines(now=ends - timedelta(hours=1)) == []
    assert [k for k, _ in kinds(account.id)] == ["RESULTS_PUBLISHED", "OBJECTION_DEADLINE"]
