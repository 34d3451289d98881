"""The chief judge's matrix and a judge's work list: their content and what they cost in SQL."""

from __future__ import annotations

from typing import Any

from tests.judging_setup import NOW, build_contest, new_id, score_all


def _judged(contestants: int) -> Any:
    """Build and score a project: one flagged sheet, one DNF, one verified sheet."""
    from app.services.scoring.chief_judge import verify_sheet
    from app.services.scoring.judging import submit_score
    from app.services.scoring.penalties import set_finish_status

    contest = build_contest(contestants=contestants)
    score_all(contest)
    first, second = contest.registrations[0], contest.registrations[1]
    # Judge 1 moves to 0 on A1.2 (the others gave 2): spread 2 > 1, so NEEDS_RESCORE.
    submit_score(client_id=new_id(), judge=contest.judges[0], registration_id=first.id,
                 aspect_id=contest.j.id, value=0, now=NOW)
    set_finish_status(contest.chief, contest.project.id, registration_id=second.id,
                      status="DNF", reason="中途退赛", now=NOW)
    verify_sheet(contest.chief, contest.project.id, registration_id=first.id,
                 key=(contest.panel.id, None), now=NOW)
    return contest


def _counted(fn: Any) -> tuple[Any, int]:
    """Return fn()'s answer and the SQL statements it ran, in a fresh session (a request's)."""
    from sqlalchemy import event

    from app.extensions import db

    counted = [0]

    def count(*_args: object) -> None:
        counted[0] += 1

    db.session.remove()
    event.listen(db.engine, "before_cursor_execute", count)
    try:
        answer = fn()
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return answer, counted[0]


def test_the_matrix_shows_marks_flags_states_and_finish_statuses(db):
    from app.services.scoring.score_matrix import get_matrix

    contest = _judged(3)
    matrix = get_matrix(contest.project)
    first, second, third = (r.id for r in contest.registrations)
    assert [(c["code"], c["finish_status"]) for c in matrix["contestants"]] == [
        ("J001", "FINISHED"), ("J002", "DNF"), ("J003", "FINISHED")]
    cells = {(c["registration_id"], c["aspect_id"], c["component_id"]): c
             for c in matrix["cells"]}
    assert len(cells) == 12
    j_sheet = cells[(first, contest.j.id, None)]
    assert j_sheet["flags"] == ["NEEDS_RESCORE"] and j_sheet["state"] == "ENTERED"
    assert j_sheet["values"] == {str(contest.judges[0].id): "0", str(contest.judges[1].id): "2",
                                 str(contest.judges[2].id): "2"}
    assert j_sheet["mark"] == "13.33"  # J: the mean of 0, 20, 20 of 30
    panel = cells[(first, contest.panel.id, None)]
    assert (panel["state"], panel["verified_by"], panel["flags"], panel["mark"]) == (
        "VERIFIED", contest.chief.id, [], "20.00")
    assert cells[(first, contest.m.id, None)]["mark"] == "40.00"
    assert cells[(second, None, contest.theory.id)]["mark"] == "81.00"
    # Judge 3 recuses from contestant 3: two values on the panels, no flag.
    third_j = cells[(third, contest.j.id, None)]
    assert len(third_j["values"]) == 2 and third_j["flags"] == []
    assert [contest.judges[2].id, third] in matrix["recused"]


def test_the_matrix_and_worklist_cost_the_same_statements_for_3_or_12_contestants(db):
    """Issue B5: ~840 statements for 23 contestants (one assessment query per cell)."""
    from app.models import Project, User
    from app.services.scoring.score_matrix import get_matrix, get_worklist

    costs = {}
    for size in (3, 12):
        contest = _judged(size)
        project_id, judge_id = contest.project.id, contest.judges[0].id

        def matrix(project_id: int = project_id) -> dict[str, Any]:
            return get_matrix(db.session.get(Project, project_id))

        def worklist(project_id: int = project_id, judge_id: int = judge_id) -> dict[str, Any]:
            return get_worklist(db.session.get(User, judge_id), db.session.get(Project, project_id))

        built, matrix_cost = _counted(matrix)
        assert len(built["contestants"]) == size and len(built["cells"]) == 4 * size
        work, worklist_cost = _counted(worklist)
        assert len(work["contestants"]) == size - 1  # not the DNF
        costs[size] = (matrix_cost, worklist_cost)
    assert costs[3] == costs[12], costs
    assert costs[12][0] <= 20, costs
