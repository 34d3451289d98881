"""A judge's projects: those still being scored first, earliest contest first; locked last."""

from __future__ import annotations

from datetime import date

from app.services.setup.dashboard import list_judge_projects
from tests.judging_setup import build_contest


def test_projects_being_scored_come_first_earliest_first_and_locked_ones_last(db):
    from app.models import JudgeAssignment
    from app.models._types import utcnow

    contests = [build_contest(contestants=1) for _ in range(4)]
    judge = contests[0].judges[0]
    # (contest start, locked): an old locked one, next month's, today's, last month's locked one.
    for contest, (starts, locked) in zip(contests, [
            (date(2026, 3, 1), True), (date(2027, 1, 10), False),
            (date(2026, 12, 7), False), (date(2026, 11, 1), True)], strict=True):
        contest.project.competition.starts_on = starts
        contest.project.scores_locked_at = utcnow() if locked else None
        if contest is not contests[0]:
            db.session.add(JudgeAssignment(project_id=contest.project.id, user_id=judge.id,
                                           role="JUDGE"))
    db.session.commit()
    listed = [p.project_id for p in list_judge_projects(judge.id)]
    assert listed == [contests[i].project.id for i in (2, 1, 3, 0)]
    assert [p.scores_locked for p in list_judge_projects(judge.id)] == [False, False, True, True]
    assert [p.project_id for p in list_judge_projects(judge.id, limit=1)] == [
        contests[2].project.id]
