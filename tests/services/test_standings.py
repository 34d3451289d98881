"""Live standings from stored scores: the engine's numbers, progress, deltas, visibility."""

from __future__ import annotations

from tests.judging_setup import NOW, new_id, score_all


def _rows(snapshot):
    return {r["code"]: r for r in snapshot["rows"]}


def test_worked_example_and_ranks(contest):
    """DOMAIN §4: theory 82, practical 90, weights 0.3/0.7 → 87.60."""
    from app.services.boards.standings import compute_standings
    from app.services.scoring.judging import submit_score

    reg = contest.registrations[0]

    def put(judge, value, *, aspect=None, component=None):
        submit_score(client_id=new_id(), judge=judge, registration_id=reg.id,
                     aspect_id=aspect.id if aspect else None,
                     component_id=component.id if component else None, value=value, now=NOW)

    put(contest.chief, 82, component=contest.theory)
    put(contest.judges[0], 40, aspect=contest.m)
    for judge in contest.judges:
        put(judge, 3, aspect=contest.j)  # 30
        put(judge, 20, aspect=contest.panel)  # 20 → practical 90
    rows = _rows(compute_standings(contest.project))
    assert rows["J001"]["components"] == {"T": "82.00", "P": "90.00"}
    assert rows["J001"]["total"] == "87.60" and rows["J001"]["rank"] == 1
    # Provisional means provisional: no award before the scores are locked.
    assert rows["J001"]["award"] is None
    assert rows["J001"]["progress"] == {"done": 8, "total": 8}
    assert rows["J002"]["progress"] == {"done": 0, "total": 8}
    assert rows["J003"]["progress"]["total"] == 6  # judge 3 recuses from contestant 3


def test_complete_standings_and_the_delta_of_one_score(contest):
    from app.services.boards.standings import compute_standings, diff_standings
    from app.services.scoring.judging import submit_score

    score_all(contest)
    before = compute_standings(contest.project)
    assert before["complete"] and before["n"] == 3 and before["problems"] == []
    assert [r["code"] for r in before["rows"]] == ["J003", "J002", "J001"]
    submit_score(client_id=new_id(), judge=contest.chief,
                 registration_id=contest.registrations[0].id, component_id=contest.theory.id,
                 value=100, now=NOW)
    after = compute_standings(contest.project)
    delta = diff_standings(before, after)
    assert delta["seq"] == after["seq"] == before["seq"] + 1
    changed = {r["code"] for r in delta["rows"]}
    assert "J001" in changed and delta["removed"] == []
    assert diff_standings(after, after)["rows"] == []


def test_visibility_of_the_public_view(contest):
    from app.services.boards.standings import compute_standings, public_view

    score_all(contest)
    snapshot = compute_standings(contest.project)
    assert public_view(snapshot, "LIVE")["rows"][0]["total"]
    progress = public_view(snapshot, "PROGRESS_ONLY")["rows"][0]
    assert set(progress) == {"registration_id", "code", "station_no", "status", "progress"}
    hidden = public_view(snapshot, "HIDDEN")
    assert hidden["rows"] == [] and hidden["hidden"] is True


def test_a_scheme_with_a_thin_judgement_panel_shows_progress_and_the_problem(contest):
    from app.extensions import db
    from app.models import PanelSeat
    from app.services.boards.standings import compute_standings

    seat = db.session.query(PanelSeat).filter_by(aspect_id=contest.j.id).first()
    db.session.delete(seat)
    db.session.commit()
    snapshot = compute_standings(contest.project)
    assert [p["code"] for p in snapshot["problems"]] == ["scheme.j_panel"]
    assert all("total" not in r and "progress" in r for r in snapshot["rows"])


def test_standings_cost_a_bounded_number_of_queries(contest):
    from sqlalchemy import event

    from app.extensions import db
    from app.services.boards.standings import compute_standings

    score_all(contest)
    counted: list[str] = []

    def count(*_args):
        counted.append("q")

    engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        compute_standings(contest.project)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(counted) <= 20


def test_a_partly_scored_project_shows_no_award_until_locked(contest):
    """Issue #14: a contestant with a few marks showed as 一等奖 on the board."""
    from app.services.boards.standings import compute_standings
    from app.services.scoring.chief_judge import lock_project
    from app.services.scoring.judging import submit_score

    reg = contest.registrations[0]
    submit_score(client_id=new_id(), judge=contest.chief, registration_id=reg.id,
                 component_id=contest.theory.id, value=90, now=NOW)
    partial = compute_standings(contest.project)
    assert partial["awards_shown"] is False
    assert [r["award"] for r in partial["rows"] if "award" in r] == [None] * len(
        [r for r in partial["rows"] if "award" in r])
    score_all(contest)
    lock_project(contest.chief, contest.project.id, now=NOW)
    locked = compute_standings(contest.project)
    assert locked["awards_shown"] is True
    assert any(r.get("award") == "GOLD" for r in locked["rows"])
