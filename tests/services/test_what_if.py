"""Rule what-if: the promotion rules on the current standings, stored nowhere."""

from __future__ import annotations

import pytest

from tests.finalisation_setup import outcome_snapshot, ready_contest

MARKS = [(80, 20), (85, 25), (90, 28)]


def test_project_rules_on_provisional_standings_store_nothing(db):
    from app.services.results.what_if import run_what_if

    contest = ready_contest(MARKS, publish=False)
    before = outcome_snapshot(contest.project.id)
    result = run_what_if(contest.organizer, contest.project.id)
    assert result.promoted == 3 and result.n == 3 and not result.edited
    top = result.rows[0]
    assert top.rank == 1 and top.decisions[0]["grade_after"] == "L2"
    assert top.decisions[0]["explanation"]["gates"][0]["gate"] == "FINAL"
    # Not published yet: finalising now would be refused, and the page says why.
    assert [b.code for b in result.blockers] == ["results.not_published"]
    assert outcome_snapshot(contest.project.id) == before


def test_edited_rules_change_the_result(db):
    from app.services.results.what_if import run_what_if
    from app.services.setup.competition_rules import RowInput

    contest = ready_contest(MARKS, publish=False)
    rows = [RowInput(band="1-1", group="EMPLOYEE", action="TARGET", target="L3")]
    before = outcome_snapshot(contest.project.id)
    result = run_what_if(contest.organizer, contest.project.id, rows=rows)
    assert result.edited and result.promoted == 1
    assert result.rows[0].decisions[0]["grade_after"] == "L3" and result.rows[0].changed
    assert not result.rows[1].promoted and result.rows[1].changed
    assert outcome_snapshot(contest.project.id) == before
    db.session.refresh(contest.project)
    assert contest.project.promotion_preset == "MUNICIPALITY_CLASS_1"


def test_a_bad_row_is_refused_by_row_and_field(db):
    from app.services.results.what_if import run_what_if
    from app.services.setup.competition_rules import RowInput
    from app.services.setup.competitions import SetupError

    contest = ready_contest(MARKS, publish=False)
    with pytest.raises(SetupError) as caught:
        run_what_if(contest.organizer, contest.project.id,
                    rows=[RowInput(band="1-3", action="TARGET", target="L3"),
                          RowInput(band="ten", action="TARGET", target="L3")])
    assert caught.value.field == "rows[1].band"
