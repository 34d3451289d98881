"""Live standings one entry at a time: always equal to a full evaluation of the same entries."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.awards import AwardScheme, AwardSettings
from app.domain.codes import FinishStatus, Group
from app.domain.errors import DomainError
from app.domain.evaluation import evaluate_project
from app.domain.evaluation_types import EntryInput, ProjectInput
from app.domain.live_ranking import LiveRanking
from app.domain.scoring import ComponentInput
from tests.domain.test_properties import cents, projects, small_cents

#: (what, entry index, value, status): a new mark, a finish status, a registration, a withdrawal.
operations = st.lists(
    st.tuples(
        st.sampled_from(["T", "P", "T", "P", "status", "register", "withdraw"]),
        st.integers(min_value=0, max_value=40),
        st.one_of(cents, small_cents, small_cents),
        st.sampled_from(list(FinishStatus)),
    ),
    min_size=1,
    max_size=15,
)
awards = st.sampled_from([
    AwardSettings(),
    AwardSettings(scheme=AwardScheme.PERCENT_PRIZES),
    AwardSettings(scheme=AwardScheme.FIXED_COUNT, counts=(1, 2, 2)),
    AwardSettings(scheme=AwardScheme.WORLDSKILLS),
])


def _full(project: ProjectInput, entries: list[EntryInput]) -> object:
    try:
        return evaluate_project(project, entries, standings_only=True)
    except DomainError as error:
        return error.code


def _live(project: ProjectInput, entries: list[EntryInput]) -> LiveRanking | str:
    try:
        return LiveRanking(project, entries)
    except DomainError as error:
        return error.code


@settings(max_examples=60, deadline=None)
@given(projects(), operations, awards, st.lists(st.integers(0, 40), max_size=6))
def test_live_ranking_equals_full_evaluation_after_any_sequence(
    drawn: tuple[ProjectInput, list[EntryInput]], sequence: list[tuple], award: AwardSettings,
    chief: list[int],
) -> None:
    project, entries = drawn
    project = dataclasses.replace(project, award=award, chief_judge_order=tuple(
        f"e{i}" for i in dict.fromkeys(chief)))
    entries = list(entries)
    born = len(entries)
    live = _live(project, entries)
    for what, index, value, status in sequence:
        before = live.evaluation() if isinstance(live, LiveRanking) else None
        changed: set[str] | None = None
        if what == "register":
            entries.append(EntryInput(f"e{born}", f"p{born}", Group.EMPLOYEE, status, {
                "T": ComponentInput(value=value), "P": ComponentInput(value=value)}))
            born += 1
        elif what == "withdraw" and len(entries) > 1:
            del entries[index % len(entries)]
        elif what == "status":
            i = index % len(entries)
            moved = entries[i].status is not status
            entries[i] = dataclasses.replace(entries[i], status=status)
            if isinstance(live, LiveRanking):
                changed = live.replace(entries[i])
                assert changed is None or not moved  # a status is not followed: rebuilt
        elif what in ("T", "P"):
            i = index % len(entries)
            entries[i] = dataclasses.replace(entries[i], components={
                **entries[i].components, what: ComponentInput(value=value)})
            if isinstance(live, LiveRanking):
                try:
                    changed = live.replace(entries[i])
                except DomainError:
                    changed = None
        if changed is None:
            live = _live(project, entries)
        full = _full(project, entries)
        if isinstance(full, str):
            assert live == full or isinstance(live, LiveRanking) is False
            continue
        assert isinstance(live, LiveRanking)
        assert live.evaluation() == full
        if changed is not None and before is not None:
            # Every entry whose result moved is reported (the boards' rows follow the set).
            old = {e.entry_id: e for e in before.entries}
            moved = {e.entry_id for e in full.entries if old.get(e.entry_id) != e}
            assert moved <= changed


def test_a_mark_that_moves_an_entry_to_the_top_re_places_the_stretch_between() -> None:
    project = ProjectInput(
        project_id="P", occupation="电工",
        components=evaluate_components(), rule_set=_rules(), contest_year=2025)
    entries = [EntryInput(f"e{i}", f"p{i}", Group.EMPLOYEE, FinishStatus.FINISHED, {
        "T": ComponentInput(value=Decimal(50 + i)), "P": ComponentInput(value=Decimal(50 + i))})
        for i in range(10)]
    live = LiveRanking(project, entries)
    assert live.order[0] == "e9"
    entries[0] = dataclasses.replace(entries[0], components={
        "T": ComponentInput(value=Decimal(99)), "P": ComponentInput(value=Decimal(99))})
    changed = live.replace(entries[0])
    assert changed == {f"e{i}" for i in range(10)}
    assert live.order == ["e0", "e9", "e8", "e7", "e6", "e5", "e4", "e3", "e2", "e1"]
    assert live.evaluation() == evaluate_project(project, entries, standings_only=True)
    entries[5] = dataclasses.replace(entries[5], components={
        "T": ComponentInput(value=Decimal("55.5")), "P": ComponentInput(value=Decimal(55))})
    assert live.replace(entries[5]) == {"e5"}  # a better mark that keeps the place


def evaluate_components():  # noqa: ANN201
    from tests.domain.test_properties import COMPONENTS

    return COMPONENTS


def _rules():  # noqa: ANN202
    from app.domain.presets import PRESETS

    return PRESETS[sorted(PRESETS)[0]]
