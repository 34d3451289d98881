"""Publication (公示) and finality: working-day end, stored results, refusals, auto-final."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.errors import ForbiddenError
from tests.board_setup import ENDS, locked_contest

# Wednesday 20 May 2026, 10:00 in Beijing.
PUBLISH_AT = datetime(2026, 5, 20, 2, 0, tzinfo=UTC)


@pytest.fixture()
def contest(db):
    return locked_contest()


def test_publishing_sets_the_period_in_working_days(contest, published):
    from app.services.boards.publication import publish_results

    project = publish_results(contest.organizer, contest.project.id, now=PUBLISH_AT)
    assert project.result_status == "PUBLISHED" and project.published_at == PUBLISH_AT
    # 5 working days from a Wednesday: the next Wednesday, same clock time.
    assert project.publication_ends_at == PUBLISH_AT + timedelta(days=7)
    refetch = [e for e in published if e.name == "standings_changed"]
    assert refetch[-1].payload["refetch"] is True


def test_publication_is_audited(contest):
    from app.services.boards.publication import publish_results
    from app.services.scoring import audit

    publish_results(contest.organizer, contest.project.id, now=PUBLISH_AT)
    actions = [e.action for e in audit.list_entries(project_id=contest.project.id)]
    assert actions[0] == "project.published"


def test_an_unlocked_project_cannot_be_published(contest):
    from app.extensions import db
    from app.models import Project
    from app.services.boards.publication import publish_results
    from app.services.results.result_flow import ResultsRefused
    from app.services.scoring.chief_judge import unlock_project

    unlock_project(contest.chief, contest.project.id, reason="复核", now=ENDS)
    with pytest.raises(ResultsRefused) as refused:
        publish_results(contest.organizer, contest.project.id, now=PUBLISH_AT)
    assert refused.value.code == "results.not_locked"
    assert db.session.get(Project, contest.project.id).result_status == "OPEN"


def test_only_the_projects_organizer_publishes(contest, make_user):
    from app.services.boards.publication import publish_results

    stranger = make_user("ORGANIZER", username="elsewhere")
    with pytest.raises(ForbiddenError) as refused:
        publish_results(stranger, contest.project.id, now=PUBLISH_AT)
    assert refused.value.code == "auth.forbidden"


def test_results_become_final_after_the_period_unless_an_appeal_is_open(contest):
    from app.extensions import db
    from app.models import Appeal, Award
    from app.services.boards import leaderboard
    from app.services.boards.publication import publish_results
    from app.services.results.finalisation import finalize_project, list_due_publications

    project = publish_results(contest.organizer, contest.project.id, now=PUBLISH_AT)
    later = project.publication_ends_at + timedelta(minutes=1)
    assert list_due_publications(now=PUBLISH_AT) == []
    # The period is over, but nothing is FINAL until it is finalised (the state machine).
    assert leaderboard.effective_status(project, later, 0) == "OBJECTION_CLOSED"
    appeal = Appeal(project_id=project.id, registration_id=contest.registrations[0].id,
                    filed_by_id=contest.organizer.id, subject="CONDUCT", text="x" * 20)
    db.session.add(appeal)
    db.session.commit()
    assert list_due_publications(now=later) == []
    assert leaderboard.effective_status(project, later, 1) == "OBJECTION_CLOSED"
    appeal.state = "DISMISSED"
    db.session.commit()
    assert list_due_publications(now=later) == [project.id]
    finalize_project(project.id, actor=None, now=later)
    assert project.result_status == "FINAL" and project.finalized_at == later
    assert Award.query.count() >= 1  # the finalisation stored the outcomes


def test_finalizing_needs_a_publication(contest):
    from app.services.results.finalisation import finalize_project
    from app.services.results.result_flow import ResultsRefused

    with pytest.raises(ResultsRefused) as refused:
        finalize_project(contest.project.id, actor=contest.organizer, now=PUBLISH_AT)
    assert refused.value.code == "results.not_published" and refused.value.message


def test_close_publications_command(contest, app):
    from app.services.boards.publication import publish_results

    project = publish_results(contest.organizer, contest.project.id,
                              now=datetime(2020, 1, 6, tzinfo=UTC))
    result = app.test_cli_runner().invoke(args=["close-publications"])
    assert result.exit_code == 0 and f"Project {project.id}: FINAL" in result.output


def test_the_publication_list_has_full_names_and_awards(contest):
    from app.services.boards.publication import get_publication, publish_results

    project = publish_results(contest.organizer, contest.project.id, now=PUBLISH_AT)
    listing = get_publication(project, now=PUBLISH_AT)
    assert [r.rank for r in listing.rows] == [1, 2, 3]
    assert {r.name for r in listing.rows} == {"选手1", "选手2", "选手3"}
    assert listing.status == "PUBLISHED" and listing.rows[0].award
