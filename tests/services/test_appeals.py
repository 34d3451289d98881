"""Appeals: window, own registration, subjects, attachment, recusal, final decisions, re-marking."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.board_setup import ENDS, arbitrator, contestant_user, locked_contest
from tests.judging_setup import new_id


@pytest.fixture()
def contest(db):
    return locked_contest()


def _file(contest, user, **overrides):
    from app.services.results.appeals import file_appeal

    args = dict(subject="SCORE", text="外观评分与实际不符，请求复核。", aspect_id=contest.j.id,
                now=ENDS + timedelta(minutes=30))
    args.update(overrides)
    registration_id = args.pop("registration_id", contest.registrations[0].id)
    return file_appeal(user, registration_id, **args)


def _count():
    from app.models import Appeal

    return Appeal.query.count()


def test_a_contestant_files_an_appeal_in_time(contest):
    from app.services.boards import leaderboard
    from app.services.scoring import audit

    appeal = _file(contest, contestant_user(contest), attachment=b"%PDF-1.4 evidence",
                   attachment_name="photo.pdf")
    assert appeal.state == "ACCEPTED" and appeal.attachment_name == "photo.pdf"
    assert leaderboard.count_open_appeals(contest.project.id) == 1
    assert audit.list_entries(project_id=contest.project.id)[0].action == "appeal.filed"


@pytest.mark.parametrize(("overrides", "code"), [
    ({"now": ENDS + timedelta(minutes=121)}, "appeal.rejected_late"),
    ({"subject": "WEATHER"}, "appeal.subject"),
    ({"text": "太短"}, "appeal.text"),
    ({"aspect_id": 999999}, "appeal.aspect"),
    ({"attachment": b"x" * (5 * 1024 * 1024 + 1), "attachment_name": "big.bin"},
     "appeal.attachment_size"),
    ({"registration_id": "other"}, "appeal.not_contestant"),
])
def test_bad_appeals_are_refused_and_nothing_is_stored(contest, overrides, code):
    from app.services.boards.board_errors import BoardError

    if overrides.get("registration_id") == "other":
        overrides["registration_id"] = contest.registrations[1].id
    with pytest.raises(BoardError) as refused:
        _file(contest, contestant_user(contest), **overrides)
    assert refused.value.code == code and refused.value.message
    assert _count() == 0


def test_the_late_refusal_names_the_deadline_in_local_time(app, contest):
    from app.services.boards.board_errors import BoardError

    with app.test_request_context(), pytest.raises(BoardError) as refused:
        _file(contest, contestant_user(contest), now=ENDS + timedelta(hours=3))
    # The window closed at 12:00 UTC, 20:00 in Beijing, 120 minutes after the end.
    assert "120" in refused.value.message and "20:00" in refused.value.message


def test_no_appeal_on_final_results(contest):
    from app.extensions import db
    from app.services.boards.board_errors import BoardError

    contest.project.result_status = "FINAL"
    db.session.commit()
    with pytest.raises(BoardError) as refused:
        _file(contest, contestant_user(contest))
    assert refused.value.code == "publication.final"


def test_a_conflicted_arbitrator_must_recuse(contest):
    from app.errors import ForbiddenError
    from app.services.results.appeals import decide_appeal
    from app.services.results.appeals_read import get_appeal_case, list_appeals

    appeal = _file(contest, contestant_user(contest))
    # Judge 1's person works elsewhere; make an arbitrator from contestant 1's plant.
    colleague = arbitrator("arb-colleague",
                           person_id=_person_at(contest.registrations[0].person.organization_id))
    [item] = list_appeals(colleague)
    assert item.recused
    for action in (lambda: get_appeal_case(colleague, appeal.id),
                   lambda: decide_appeal(colleague, appeal.id, decision="DISMISSED",
                                         reason="没有证据支持该申诉。", now=ENDS)):
        with pytest.raises(ForbiddenError) as refused:
            action()
        assert refused.value.code == "appeal.recused" and refused.value.status == 403
        assert refused.value.params["reasons"] in refused.value.message
    assert appeal.state == "ACCEPTED"


def _person_at(organization_id):
    from datetime import date

    from app.extensions import db
    from app.models import Person

    person = Person(name="仲裁员", id_number=f"ARB{organization_id:015d}", gender="F",
                    birth_date=date(1980, 1, 1), organization_id=organization_id)
    db.session.add(person)
    db.session.commit()
    return person.id


def test_dismissed_is_final_and_changes_no_score(contest):
    from app.services.boards.board_errors import BoardError
    from app.services.results.appeals import decide_appeal

    appeal = _file(contest, contestant_user(contest))
    arb = arbitrator()
    decide_appeal(arb, appeal.id, decision="DISMISSED", reason="评分记录完整，维持原评分。",
                  now=ENDS + timedelta(hours=1))
    assert appeal.state == "DISMISSED" and contest.project.scores_locked_at is not None
    with pytest.raises(BoardError) as refused:
        decide_appeal(arb, appeal.id, decision="UPHELD", reason="改变主意了，重新裁决。",
                      now=ENDS + timedelta(hours=2))
    assert refused.value.code == "appeal.decided"


@pytest.mark.parametrize(("decision", "reason", "code"), [
    ("MAYBE", "这是一个足够长的理由。", "appeal.decision"),
    ("UPHELD", "太短", "appeal.reason"),
])
def test_decisions_need_a_verdict_and_a_reason(contest, decision, reason, code):
    from app.services.boards.board_errors import BoardError
    from app.services.results.appeals import decide_appeal

    appeal = _file(contest, contestant_user(contest))
    with pytest.raises(BoardError) as refused:
        decide_appeal(arbitrator(), appeal.id, decision=decision, reason=reason, now=ENDS)
    assert refused.value.code == code and appeal.state == "ACCEPTED"


def test_upheld_reopens_scores_then_relock_and_republish_show_the_new_result(contest):
    from app.services.boards import leaderboard
    from app.services.boards.publication import get_publication, publish_results
    from app.services.results.appeals import decide_appeal
    from app.services.scoring import audit
    from app.services.scoring.chief_judge import lock_project
    from app.services.scoring.judging import submit_score

    later = ENDS + timedelta(hours=2)
    publish_results(contest.organizer, contest.project.id, now=ENDS + timedelta(minutes=10))
    first = {r.name: r.total for r in get_publication(contest.project, now=later).rows}
    appeal = _file(contest, contestant_user(contest, 2),
                   registration_id=contest.registrations[2].id)
    decide_appeal(arbitrator(), appeal.id, decision="UPHELD",
                  reason="测量记录有误，准予重新评分。", now=later)
    project = contest.project
    assert project.scores_locked_at is None and project.result_status == "PROVISIONAL"
    actions = [e.action for e in audit.list_entries(project_id=project.id, limit=5)]
    assert {"appeal.decided", "project.scores_unlocked"} <= set(actions)
    board = leaderboard.get_board(project, leaderboard.public_view_of(project, later), now=later)
    assert board["status"] == "PROVISIONAL" and board["rows"][0].get("total")
    # Re-mark contestant 3's measurement: it was 40, the judge now enters 0.
    submit_score(client_id=new_id(), judge=contest.judges[0],
                 registration_id=contest.registrations[2].id, aspect_id=contest.m.id, value=0,
                 now=later)
    lock_project(contest.chief, project.id, now=later)
    publish_results(contest.organizer, project.id, now=later)
    second = {r.name: r.total for r in get_publication(project, now=later).rows}
    assert second["选手3"] != first["选手3"]


def test_an_upheld_appeal_voids_the_chief_judges_sign_off(contest):
    from app.services.results.appeals import decide_appeal
    from app.services.scoring import audit
    from app.services.scoring.sign_off import sign_off_project

    sign_off_project(contest.chief, contest.project.id, now=ENDS + timedelta(minutes=5))
    assert contest.project.signed_off_by_id == contest.chief.id
    appeal = _file(contest, contestant_user(contest))
    decide_appeal(arbitrator(), appeal.id, decision="UPHELD",
                  reason="测量记录有误，准予重新评分。", now=ENDS + timedelta(hours=1))
    project = contest.project
    assert project.signed_off_by_id is None and project.signed_off_at is None
    [unlocked] = [e for e in audit.list_entries(project_id=project.id, limit=5)
                  if e.action == "project.scores_unlocked"]
    assert unlocked.old["signed_off_by_id"] == contest.chief.id
