"""Coverage gaps: a seat whose judges all recuse from a contestant is never a silent 0.

The contest: judge 1 alone scores A1.1 (M). Contestant J001 is made to conflict with judge 1
(same employer, or a declared conflict), so nobody may score J001's A1.1 unless another judge
is seated on it. A gap shows on the organizer's list and checklist, keeps the contestant's
progress incomplete and refuses the chief judge's lock; a DNF contestant needs no judge.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from tests.judging_setup import NOW, build_contest, new_id

VALUES = {"M": 40, "J": 2, "PANEL": 20}


def _conflict(db: Any, contest: Any, kind: str) -> None:
    """Make judge 1 recuse from contestant J001."""
    from app.models import DeclaredConflict

    judge, registration = contest.judges[0], contest.registrations[0]
    if kind == "employer":
        registration.person.organization_id = judge.person.organization_id
    else:
        db.session.add(DeclaredConflict(judge_person_id=judge.person_id,
                                        person_id=registration.person_id, reason="师徒"))
    db.session.commit()


def _seat_second_judge_on_m(db: Any, contest: Any) -> None:
    from app.models import JudgeAssignment, PanelSeat

    assignment = db.session.scalar(select(JudgeAssignment).where(
        JudgeAssignment.project_id == contest.project.id,
        JudgeAssignment.user_id == contest.judges[1].id))
    assignment.panel.append(PanelSeat(aspect_id=contest.m.id))
    db.session.commit()


def score_what_may_be_scored(contest: Any) -> None:
    """Enter every score a seated judge may enter (recused and DNF cells are refused)."""
    from app.extensions import db
    from app.models import Aspect
    from app.services.scoring.judging import submit_score
    from app.services.scoring.judging_access import load_assignments
    from app.services.scoring.judging_errors import JudgingError

    for registration in contest.registrations:
        for assignment in load_assignments(contest.project.id):
            for seat in assignment.panel:
                value = 80 if seat.component_id else VALUES[
                    db.session.get(Aspect, seat.aspect_id).kind]
                try:
                    submit_score(client_id=new_id(), judge=assignment.user,
                                 registration_id=registration.id, aspect_id=seat.aspect_id,
                                 component_id=seat.component_id, value=value, now=NOW)
                except JudgingError as refused:
                    assert refused.code in ("score.conflicted", "score.not_finished")


@pytest.mark.parametrize(
    ("conflict", "second_judge", "finish", "gaps"),
    [
        pytest.param("employer", False, None, [("A1.1", "J001")], id="one judge, recused"),
        pytest.param("employer", True, None, [], id="two judges, one recused"),
        pytest.param("declared", False, None, [("A1.1", "J001")], id="a declared conflict"),
        pytest.param("employer", False, "DNF", [], id="a DNF contestant needs no judge"),
    ],
)
def test_a_seat_whose_judges_all_recuse(
    db: Any, conflict: str, second_judge: bool, finish: str | None,
    gaps: list[tuple[str, str]],
) -> None:
    from app.models import Project
    from app.services.boards.standings import full_standings
    from app.services.scoring.chief_judge import lock_project
    from app.services.scoring.judging_errors import JudgingError
    from app.services.scoring.penalties import set_finish_status
    from app.services.setup.checklist import get_checklist
    from app.services.setup.judge_assignments import list_coverage_gaps

    contest = build_contest()
    pid = contest.project.id
    _conflict(db, contest, conflict)
    if second_judge:
        _seat_second_judge_on_m(db, contest)
    if finish:
        set_finish_status(contest.chief, pid, registration_id=contest.registrations[0].id,
                          status=finish, reason="中途退赛", now=NOW)

    listed = list_coverage_gaps(pid)
    assert [(g.target, g.code) for g in listed] == gaps
    if gaps:
        [gap] = listed
        assert gap.to_dict()["judges"][0]["user_id"] == contest.judges[0].id
        reason = "conflict.same_employer" if conflict == "employer" else "conflict.declared"
        assert gap.to_dict()["judges"][0]["reasons"][0]["code"] == reason
    item = next(i for i in get_checklist(contest.organizer, contest.project.competition_id).items
                if i.code == "project.coverage" and i.project_id == pid)
    assert item.ok is (not gaps)
    assert ("A1.1 J001" in item.message) is bool(gaps)

    score_what_may_be_scored(contest)
    project = db.session.get(Project, pid)
    row = next(r for r in full_standings(project)["rows"]
               if r["registration_id"] == contest.registrations[0].id)
    if finish:
        assert row["status"] == finish  # not scored and not ranked: no judge needed
    else:
        # Every cell a judge may score is in; a gap still leaves the contestant incomplete.
        assert (row["progress"]["done"] < row["progress"]["total"]) is bool(gaps)
    if gaps:
        with pytest.raises(JudgingError) as refused:
            lock_project(contest.chief, pid, now=NOW)
        assert refused.value.code == "lock.uncovered" and refused.value.status == 409
        assert "A1.1" in refused.value.message and "J001" in refused.value.message
        assert [p.code for p in refused.value.problems] == ["coverage.gap"]
        db.session.expire_all()
        assert db.session.get(Project, pid).scores_locked_at is None
    else:
        lock_project(contest.chief, pid, now=NOW)
        db.session.expire_all()
        assert db.session.get(Project, pid).scores_locked_at is not None
