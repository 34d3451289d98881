"""The one finalise use case through the results state machine (issue #14, #12 item 4)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.board_setup import locked_contest

# Wednesday 20 May 2026, 10:00 in Beijing; 5 working days end Wednesday 27 May, 10:00.
PUBLISH_AT = datetime(2026, 5, 20, 2, 0, tzinfo=UTC)
ENDS_AT = datetime(2026, 5, 27, 2, 0, tzinfo=UTC)


@pytest.fixture()
def published(db):
    from app.services.boards.publication import publish_results

    contest = locked_contest()
    publish_results(contest.organizer, contest.project.id, now=PUBLISH_AT)
    return contest


def _seq(project_id: int) -> int:
    from app.extensions import db
    from app.models import Project

    db.session.expire_all()
    return db.session.get(Project, project_id).event_seq


def test_finalising_right_after_publishing_is_refused_with_the_beijing_end(published):
    from app.services.results.finalisation import finalize_project
    from app.services.results.result_flow import ResultsRefused

    project = published.project
    assert project.publication_ends_at == ENDS_AT
    before = _seq(project.id)
    with pytest.raises(ResultsRefused) as refused:
        finalize_project(project.id, actor=published.organizer,
                         now=PUBLISH_AT + timedelta(seconds=5))
    assert refused.value.code == "results.objection_period" and refused.value.status == 409
    assert "2026-05-27 10:00" in refused.value.message
    assert project.result_status == "PUBLISHED" and _seq(project.id) == before


def test_an_organizer_cannot_override_the_objection_period(published):
    from app.errors import ForbiddenError
    from app.services.results.finalisation import finalize_project

    with pytest.raises(ForbiddenError) as refused:
        finalize_project(published.project.id, actor=published.organizer, now=PUBLISH_AT,
                         override_reason="领导要求提前结束")
    assert refused.value.code == "results.override_admin_only"


def test_an_admin_overrides_with_a_reason_that_is_audited_and_kept(published, make_user):
    from app.services.results.finalisation import finalize_project
    from app.services.scoring import audit

    admin = make_user("ADMIN", username="root")
    pid = published.project.id
    before = _seq(pid)
    report = finalize_project(pid, actor=admin, now=PUBLISH_AT + timedelta(hours=1),
                              override_reason="  省厅通知提前公布  ")
    assert report.finalized_now and report.project.result_status == "FINAL"
    assert report.project.finalize_override_reason == "省厅通知提前公布"
    assert _seq(pid) == before + 1   # one transition, one sequence step
    entry = next(e for e in audit.list_entries(project_id=pid) if e.action == "project.finalized")
    assert entry.reason == "省厅通知提前公布" and entry.new["early"] is True


@pytest.mark.parametrize("reason", ["", "   "])
def test_an_admin_without_a_reason_is_refused(published, make_user, reason):
    from app.services.results.finalisation import finalize_project
    from app.services.results.result_flow import ResultsRefused

    admin = make_user("ADMIN", username="root")
    with pytest.raises(ResultsRefused):
        finalize_project(published.project.id, actor=admin, now=PUBLISH_AT,
                         override_reason=reason)


def test_after_the_period_finalising_moves_the_sequence_once(published):
    from app.services.results.finalisation import finalize_project

    pid = published.project.id
    before = _seq(pid)
    report = finalize_project(pid, actor=published.organizer, now=ENDS_AT)
    assert report.finalized_now and report.project.finalize_override_reason == ""
    assert _seq(pid) == before + 1
    again = finalize_project(pid, actor=published.organizer, now=ENDS_AT + timedelta(days=1))
    assert not again.changed and _seq(pid) == before + 1


def test_a_publication_opened_before_national_day_ends_after_the_holiday(db):
    from app.services.common.local_time import publication_period_end

    # Monday 29 September 2025, 10:00 Beijing: 30 Sep, 9, 10, 11 (adjusted Saturday), 13 Oct.
    end = publication_period_end(datetime(2025, 9, 29, 2, 0, tzinfo=UTC), 5)
    assert end.at.date().isoformat() == "2025-10-13" and end.at.hour == 10
    assert end.weekends_only is False


def test_beyond_the_calendar_weekends_are_used_and_said(db):
    from app.services.common.local_time import publication_period_end

    end = publication_period_end(datetime(2027, 9, 29, 2, 0, tzinfo=UTC), 5)
    assert end.at.date().isoformat() == "2027-10-06" and end.weekends_only is True


def test_an_objection_on_the_last_day_is_accepted_and_upheld_republishes(published):
    from app.services.boards.board_errors import BoardError
    from app.services.boards.publication import publish_results
    from app.services.results.appeals import decide_appeal, file_appeal
    from app.services.results.result_flow import ResultsRefused
    from app.services.scoring.chief_judge import lock_project
    from tests.board_setup import arbitrator, contestant_user

    pid = published.project.id
    who = contestant_user(published)
    reg = published.registrations[0].id
    last_day = ENDS_AT - timedelta(hours=1)
    # The score appeal window (2 h after the contest) closed long ago: that channel refuses.
    with pytest.raises(BoardError) as late:
        file_appeal(who, reg, kind="APPEAL", subject="SCORE", text="评分有误，请复核。",
                    now=last_day)
    assert late.value.code == "appeal.rejected_late"
    objection = file_appeal(who, reg, kind="OBJECTION", subject="SCORE",
                            text="公示成绩与现场不符，请复核。", now=last_day)
    assert objection.kind == "OBJECTION" and objection.state == "ACCEPTED"
    with pytest.raises(ResultsRefused) as closed:
        file_appeal(who, reg, kind="OBJECTION", subject="SCORE", text="再次提出异议，请复核。",
                    now=ENDS_AT)
    assert closed.value.code == "results.objection_closed"
    assert "2026-05-27 10:00" in closed.value.message
    decide_appeal(arbitrator(), objection.id, decision="UPHELD",
                  reason="经仲裁组复核现场记录，异议成立。", now=ENDS_AT + timedelta(hours=1))
    project = published.project
    assert project.scores_locked_at is None and project.result_status == "PROVISIONAL"
    lock_project(published.chief, pid, now=ENDS_AT + timedelta(hours=2))
    again = publish_results(published.organizer, pid, now=ENDS_AT + timedelta(hours=3))
    assert again.result_status == "PUBLISHED" and again.publication_ends_at > ENDS_AT
