"""A contestant's own results: marks by anonymous judge number once published, never others'."""

from __future__ import annotations

from dataclasses import asdict
from datetime import timedelta

import pytest

from tests.board_setup import contestant_user
from tests.finalisation_setup import FINAL_AT, PUBLISH_AT, ready_contest

# Contestant 1: theory 90, panel 27; the others carry values no one else has.
MARKS = [(90, 27), (83, 22), (76, 16)]


@pytest.fixture()
def published(db):
    return ready_contest(MARKS)


def _mine(user, now=PUBLISH_AT + timedelta(hours=1)):
    from app.services.identity.my_results import get_my_results

    [result] = get_my_results(user, now=now)
    return result


def test_own_marks_per_component_criterion_and_aspect(published):
    result = _mine(contestant_user(published, 0))
    assert result.published and result.state == "PUBLISHED"
    assert (result.rank, result.total, result.n) == (1, "87.90", 3)
    theory, practical = result.components
    assert (theory.code, theory.score, theory.passed) == ("T", "90.00", True)
    assert [m.value for m in theory.judges] == ["90"]
    assert practical.score == "87.00"
    a, b = practical.criteria
    assert (a.code, a.score, a.max_mark) == ("A", "60.00", "70")
    m, j = a.aspects
    assert (m.code, m.mark, m.judges) == ("A1.1", "40.00", [])  # one team value, no judge
    assert (j.mark, [(x.judge, x.value) for x in j.judges]) == ("20.00", [(2, "2"), (3, "2"),
                                                                         (4, "2")])
    [panel] = b.aspects
    assert panel.mark == "27.00" and {x.value for x in panel.judges} == {"27"}


def test_no_other_contestants_marks_and_no_judge_identity(published):
    result = _mine(contestant_user(published, 0))
    values = {m.value for c in result.components for m in c.judges}
    values |= {m.value for c in result.components for cr in c.criteria for a in cr.aspects
               for m in a.judges}
    assert values == {"90", "2", "27"}
    text = repr([asdict(c) for c in result.components])
    for other in ("83", "76", "22", "16"):
        assert other not in text
    for judge in (published.chief, *published.judges):
        assert judge.username not in text and "user_id" not in text


def test_the_third_contestant_sees_only_the_two_judges_who_marked_them(published):
    result = _mine(contestant_user(published, 2))
    practical = result.components[1]
    j = practical.criteria[0].aspects[1]
    assert [x.judge for x in j.judges] == [2, 3]  # judge 3 (number 4) recused
    assert result.rank == 3


def test_deadlines_and_downloads(published):
    result = _mine(contestant_user(published, 0))
    project = published.project
    assert result.deadlines.objection_open
    assert result.deadlines.objection_until == project.publication_ends_at
    assert result.deadlines.published_at == PUBLISH_AT
    assert result.downloads.publication and not result.downloads.certificates


def test_before_publication_only_when_results_come(db):
    contest = ready_contest(MARKS, publish=False)
    result = _mine(contestant_user(contest, 0))
    assert not result.published and result.components == [] and result.rank is None
    assert result.state == "LOCKED" and result.expected_on is not None


def test_after_finalisation_the_stored_outcomes_and_explanations(published):
    from app.services.results.finalisation import finalize_project

    finalize_project(published.project.id, actor=published.organizer, now=FINAL_AT)
    result = _mine(contestant_user(published, 0), now=FINAL_AT)
    assert result.state == "FINAL" and not result.deadlines.objection_open
    assert result.entry.result.explanation["n"] == 3
    assert result.entry.promotions and result.entry.promotions[0].explanation
    assert result.award == "GOLD" and result.qualification["code"] == "qualification.no_feeder"
