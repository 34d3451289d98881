"""Properties that must hold for any input (hypothesis)."""

from __future__ import annotations

import random
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.codes import FinishStatus, Group, ResultStatus
from app.domain.errors import Reason
from app.domain.evaluation import evaluate_project
from app.domain.evaluation_types import EntryInput, ProjectInput
from app.domain.grades import LADDER, PROMOTION_CAP, Grade
from app.domain.presets import PRESETS
from app.domain.promotion import PriorPromotion, PromotionCandidate, PromotionState
from app.domain.promotion_engine import decide_promotions
from app.domain.ranking import RankingEntry, rank_entries
from app.domain.scheme import Component, ComponentKind
from app.domain.scoring import ComponentInput

FAST = settings(max_examples=60, deadline=None)
cents = st.integers(min_value=0, max_value=10000).map(lambda c: Decimal(c) / 100)
small_cents = st.sampled_from([Decimal("60.00"), Decimal("70.50"), Decimal("80.00")])
statuses = st.sampled_from(list(FinishStatus))


@st.composite
def ranking_entries(draw: st.DrawFn) -> list[RankingEntry]:
    n = draw(st.integers(min_value=0, max_value=12))
    score = st.one_of(cents, small_cents)  # small_cents makes ties likely
    return [
        RankingEntry(
            f"e{i}",
            draw(statuses),
            draw(score),
            draw(st.one_of(st.none(), small_cents)),
            draw(st.one_of(st.none(), small_cents)),
            None,
            draw(st.one_of(st.none(), st.sampled_from([60, 90]))),
        )
        for i in range(n)
    ]


@FAST
@given(ranking_entries(), st.booleans(), st.randoms(use_true_random=False))
def test_ranking_is_a_consistent_permutation(
    entries: list[RankingEntry], shares: bool, rnd: random.Random
) -> None:
    result = rank_entries(entries, shares_ranks=shares)
    assert sorted(e.entry_id for e in result.entries) == sorted(e.entry_id for e in entries)
    assert [e.position for e in result.entries] == list(range(1, len(entries) + 1))
    finished = [e for e in entries if e.status is FinishStatus.FINISHED]
    assert result.n == len(finished)
    total = {e.entry_id: e.total for e in entries}
    ranked = [e for e in result.entries if e.rank is not None]
    assert len(ranked) == len(finished)
    assert all(e.rank is None for e in result.entries[len(ranked) :])  # DNF/DQ last
    for a, b in zip(ranked, ranked[1:], strict=False):
        assert total[a.entry_id] >= total[b.entry_id]  # type: ignore[operator]
        assert a.rank <= b.rank  # type: ignore[operator]
        if total[a.entry_id] > total[b.entry_id]:  # type: ignore[operator]
            assert a.rank < b.rank  # type: ignore[operator]
    for e in ranked:
        assert 1 <= e.rank <= e.position  # type: ignore[operator]
    shuffled = list(entries)
    rnd.shuffle(shuffled)
    assert rank_entries(shuffled, shares_ranks=shares) == result


grades = st.one_of(st.none(), st.sampled_from(LADDER))


@st.composite
def candidates(draw: st.DrawFn) -> tuple[list[PromotionCandidate], int]:
    n = draw(st.integers(min_value=1, max_value=40))
    out = []
    for i in range(draw(st.integers(min_value=1, max_value=8))):
        earlier = tuple(
            PriorPromotion(
                f"pr{i}{k}",
                f"p{i}",
                "焊工",
                draw(st.sampled_from(LADDER[1:6])),
                draw(st.sampled_from(list(PromotionState))),
                draw(st.sampled_from([2024, 2025])),
                draw(st.dates()),
            )
            for k in range(draw(st.integers(min_value=0, max_value=2)))
        )
        rank = draw(st.integers(min_value=1, max_value=n))
        out.append(
            PromotionCandidate(
                f"e{i}",
                f"p{i}",
                draw(st.sampled_from(list(Group))),
                draw(
                    st.sampled_from([FinishStatus.FINISHED, FinishStatus.FINISHED, FinishStatus.DQ])
                ),
                rank,
                draw(st.integers(min_value=1, max_value=3)),
                draw(st.booleans()),
                (),
                draw(grades),
                earlier,
            )
        )
    return out, n


@FAST
@given(candidates(), st.sampled_from(sorted(PRESETS)), st.booleans())
def test_promotion_never_lowers_and_never_exceeds_l1(
    data: tuple[list[PromotionCandidate], int], preset: str, final: bool
) -> None:
    cands, n = data
    finality = () if final else (Reason("promotion.not_final", "x"),)
    result = decide_promotions(
        cands, PRESETS[preset], n=n, occupation="电工", year=2025, finality=finality
    )
    for d in result.decisions:
        assert d.grade_after.ordinal >= d.grade_before.ordinal
        if d.grade_after is not d.grade_before:
            assert d.grade_after.ordinal <= PROMOTION_CAP.ordinal
            assert final
    promoted: dict[str, int] = {}
    for d in result.decisions:
        if d.state is PromotionState.PROPOSED:
            promoted[d.person_id] = promoted.get(d.person_id, 0) + 1
    assert all(count == 1 for count in promoted.values())  # at most one per person per year
    assert (
        decide_promotions(
            cands, PRESETS[preset], n=n, occupation="电工", year=2025, finality=finality
        )
        == result
    )


COMPONENTS = (
    Component("T", ComponentKind.THEORY, Decimal("0.3")),
    Component("P", ComponentKind.PRACTICAL, Decimal("0.7")),
)


@st.composite
def projects(draw: st.DrawFn) -> tuple[ProjectInput, list[EntryInput]]:
    project = ProjectInput(
        project_id="P",
        occupation="电工",
        components=COMPONENTS,
        rule_set=PRESETS[draw(st.sampled_from(sorted(PRESETS)))],
        contest_year=2025,
        shares_ranks=draw(st.booleans()),
        quota=draw(st.one_of(st.none(), st.integers(0, 4))),
        result_status=draw(st.sampled_from(list(ResultStatus))),
    )
    entries = [
        EntryInput(
            f"e{i}",
            f"p{i}",
            draw(st.sampled_from(list(Group))),
            draw(statuses),
            {
                "T": ComponentInput(value=draw(st.one_of(cents, small_cents))),
                "P": ComponentInput(value=draw(st.one_of(cents, small_cents))),
            },
            working_time=draw(st.one_of(st.none(), st.sampled_from([60, 90]))),
            current_grade=draw(grades),
            withdrawn=draw(st.booleans()),
        )
        for i in range(draw(st.integers(min_value=1, max_value=10)))
    ]
    return project, entries


@settings(max_examples=40, deadline=None)
@given(projects(), st.randoms(use_true_random=False))
def test_evaluation_is_deterministic_and_order_free(
    data: tuple[ProjectInput, list[EntryInput]], rnd: random.Random
) -> None:
    project, entries = data
    first = evaluate_project(project, entries)
    assert evaluate_project(project, entries) == first
    shuffled = list(entries)
    rnd.shuffle(shuffled)
    again = evaluate_project(project, shuffled)
    assert again.entries == first.entries
    assert again.qualification == first.qualification
    for e in first.entries:
        for d in e.promotions:
            assert d.grade_after.ordinal >= d.grade_before.ordinal
            assert d.grade_after is d.grade_before or d.grade_after.ordinal <= Grade.L1.ordinal
