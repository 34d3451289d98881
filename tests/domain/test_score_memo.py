"""Incremental scoring: evaluations with a memo equal full ones for any sequence of scores."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.codes import FinishStatus
from app.domain.evaluation import evaluate_project
from app.domain.evaluation_types import EntryInput, ProjectInput
from app.domain.score_memo import ScoreMemo
from app.domain.scoring import ComponentInput
from tests.domain.test_properties import cents, projects

changes = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=9),
        st.sampled_from(["T", "P", "status", "pass_mark"]),
        cents,
        st.sampled_from(list(FinishStatus)),
    ),
    min_size=1,
    max_size=12,
)


def _apply(project: ProjectInput, entries: list[EntryInput], change: tuple) -> ProjectInput:
    """Apply one change in place (an entry's mark or status) or return a changed project."""
    index, what, value, status = change
    if what == "pass_mark":
        return dataclasses.replace(project, pass_mark=value)
    i = index % len(entries)
    entry = entries[i]
    if what == "status":
        entries[i] = dataclasses.replace(entry, status=status)
    else:
        marks = {**entry.components, what: ComponentInput(value=value)}
        entries[i] = dataclasses.replace(entry, components=marks)
    return project


@settings(max_examples=60, deadline=None)
@given(projects(), changes)
def test_memo_evaluation_equals_full_recompute(
    drawn: tuple[ProjectInput, list[EntryInput]], sequence: list[tuple]
) -> None:
    project, entries = drawn
    entries = list(entries)
    memo = ScoreMemo()
    assert evaluate_project(project, entries, memo=memo) == evaluate_project(project, entries)
    for change in sequence:
        project = _apply(project, entries, change)
        assert evaluate_project(project, entries, memo=memo) == evaluate_project(
            project, entries)


def test_results_of_other_settings_are_never_reused() -> None:
    memo = ScoreMemo()
    first = memo.settings(("T", "P", Decimal(60)))
    assert memo.score(first, "e1", "input", lambda: "under 60") == "under 60"
    assert memo.score(first, "e1", "input", lambda: "again") == "under 60"
    second = memo.settings(("T", "P", Decimal(70)))
    assert memo.score(second, "e1", "input", lambda: "under 70") == "under 70"
    assert memo.score(first, "e1", "input", lambda: "stale kept out") == "stale kept out"
    assert (memo.hits, memo.misses) == (1, 3)


@settings(max_examples=20, deadline=None)
@given(projects())
def test_an_unchanged_evaluation_scores_nothing_again(
    drawn: tuple[ProjectInput, list[EntryInput]]
) -> None:
    project, entries = drawn
    memo = ScoreMemo()
    evaluate_project(project, entries, memo=memo)
    misses = memo.misses
    evaluate_project(project, [dataclasses.replace(e) for e in entries], memo=memo)
    assert memo.misses == misses and memo.hits == len(entries)
    entries = list(entries)
    entries[0] = dataclasses.replace(
        entries[0], components={**entries[0].components, "T": ComponentInput(value=Decimal(1))})
    evaluate_project(project, entries, memo=memo)
    assert memo.misses == misses + 1


@settings(max_examples=40, deadline=None)
@given(projects())
def test_standings_only_equals_the_full_evaluation_up_to_awards(
    drawn: tuple[ProjectInput, list[EntryInput]]
) -> None:
    project, entries = drawn
    full = evaluate_project(project, entries)
    live = evaluate_project(project, entries, standings_only=True, memo=ScoreMemo())
    cleared = {"titles": (), "promotions": (), "qualified": False}
    assert live.entries == tuple(dataclasses.replace(e, **cleared) for e in full.entries)
    assert (live.n, live.unresolved_ties, live.finality) == (
        full.n, full.unresolved_ties, full.finality)
