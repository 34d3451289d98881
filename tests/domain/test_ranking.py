"""Ranking and the tie-break chain (§5, §10.5–10.7)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.codes import FinishStatus
from app.domain.errors import InputError
from app.domain.ranking import (
    SHARED,
    UNRESOLVED,
    RankingEntry,
    TieBreak,
    UnresolvedTie,
    rank_entries,
)

D = Decimal
F, DNF, DQ = FinishStatus.FINISHED, FinishStatus.DNF, FinishStatus.DQ


def e(
    eid: str,
    total: str | None,
    practical: str | None = None,
    time: int | None = None,
    theory: str | None = None,
    top: str | None = None,
    status: FinishStatus = F,
) -> RankingEntry:
    return RankingEntry(
        eid,
        status,
        D(total) if total else None,
        D(practical) if practical else None,
        D(theory) if theory else None,
        D(top) if top else None,
        time,
    )


def ranks(entries: list[RankingEntry], **kw: object) -> list[tuple[str, int | None]]:
    return [(r.entry_id, r.rank) for r in rank_entries(entries, **kw).entries]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("entries", "expected", "decided"),
    [
        # by total
        ([e("a", "80"), e("b", "90"), e("c", "85")], [("b", 1), ("c", 2), ("a", 3)], "TOTAL"),
        # equal totals → higher practical
        ([e("a", "80", "70"), e("b", "80", "75")], [("b", 1), ("a", 2)], "PRACTICAL"),
        # then shorter working time, a missing time last
        (
            [e("a", "80", "70", 3600), e("b", "80", "70", 3000)],
            [("b", 1), ("a", 2)],
            "WORKING_TIME",
        ),
        (
            [e("a", "80", "70", None), e("b", "80", "70", 9999)],
            [("b", 1), ("a", 2)],
            "WORKING_TIME",
        ),
        # then higher theory
        (
            [e("a", "80", "70", 60, "91"), e("b", "80", "70", 60, "90")],
            [("a", 1), ("b", 2)],
            "THEORY",
        ),
        # then the highest-weighted criterion
        (
            [e("a", "80", "70", 60, "90", "30"), e("b", "80", "70", 60, "90", "31")],
            [("b", 1), ("a", 2)],
            "TOP_CRITERION",
        ),
    ],
)
def test_tie_break_chain(
    entries: list[RankingEntry], expected: list[tuple[str, int]], decided: str
) -> None:
    ranking = rank_entries(entries)
    assert [(r.entry_id, r.rank) for r in ranking.entries] == expected
    assert ranking.entries[0].decided_by == decided
    assert ranking.unresolved == ()


def test_shared_ranks_1224() -> None:
    entries = [e("a", "90"), e("b", "80"), e("c", "80"), e("d", "70")]
    result = rank_entries(entries, shares_ranks=True)
    assert [(r.entry_id, r.rank, r.position) for r in result.entries] == [
        ("a", 1, 1),
        ("b", 2, 2),
        ("c", 2, 3),
        ("d", 4, 4),
    ]
    assert result.get("b").decided_by == SHARED and result.get("b").tie_size == 2
    assert not result.blocks_finalisation


def test_shared_ranks_still_apply_the_chain_first() -> None:
    entries = [e("a", "80", "60"), e("b", "80", "70"), e("c", "80", "70")]
    assert ranks(entries, shares_ranks=True) == [("b", 1), ("c", 1), ("a", 3)]


def test_configurable_chain_shares_on_equal_total() -> None:
    entries = [e("a", "80", "60"), e("b", "80", "70")]
    assert ranks(entries, shares_ranks=True, tie_breaks=()) == [("a", 1), ("b", 1)]
    assert ranks(entries, tie_breaks=(TieBreak.THEORY,), chief_judge_order=("b", "a")) == [
        ("b", 1),
        ("a", 2),
    ]


def test_unresolved_tie_is_reported_not_ordered() -> None:
    entries = [e("x", "95"), e("b", "80", "70"), e("a", "80", "70")]
    result = rank_entries(entries)
    assert [(r.entry_id, r.rank) for r in result.entries] == [("x", 1), ("a", 2), ("b", 2)]
    assert result.unresolved == (UnresolvedTie(2, ("a", "b")),)
    assert result.blocks_finalisation
    assert result.get("a").decided_by == UNRESOLVED


def test_chief_judge_order_settles_a_tie() -> None:
    entries = [e("x", "95"), e("b", "80", "70"), e("a", "80", "70")]
    result = rank_entries(entries, chief_judge_order=("b", "a"))
    assert [(r.entry_id, r.rank) for r in result.entries] == [("x", 1), ("b", 2), ("a", 3)]
    assert result.unresolved == ()
    assert result.get("a").decided_by == "CHIEF_JUDGE"


def test_chief_order_used_only_after_the_chain() -> None:
    entries = [e("a", "80", "75"), e("b", "80", "70")]
    assert ranks(entries, chief_judge_order=("b", "a")) == [("a", 1), ("b", 2)]


def test_partial_chief_order() -> None:
    entries = [e("a", "80"), e("b", "80"), e("c", "80"), e("d", "80")]
    result = rank_entries(entries, chief_judge_order=("c",))
    assert [(r.entry_id, r.rank) for r in result.entries] == [
        ("c", 1),
        ("a", 2),
        ("b", 2),
        ("d", 2),
    ]
    assert result.unresolved == (UnresolvedTie(2, ("a", "b", "d")),)
    result = rank_entries(entries, chief_judge_order=("c", "d", "a"))
    assert [(r.entry_id, r.rank) for r in result.entries] == [
        ("c", 1),
        ("d", 2),
        ("a", 3),
        ("b", 4),
    ]
    assert result.unresolved == ()


def test_dnf_and_dq_listed_after_finishers_unranked() -> None:
    entries = [e("q", None, status=DQ), e("a", "50"), e("n", "99", status=DNF), e("b", "60")]
    result = rank_entries(entries)
    assert [(r.entry_id, r.rank, r.status) for r in result.entries] == [
        ("b", 1, F),
        ("a", 2, F),
        ("n", None, DNF),
        ("q", None, DQ),
    ]
    assert result.n == 2


@pytest.mark.parametrize(
    ("entries", "expected", "n"),
    [
        ([e("solo", "42")], [("solo", 1)], 1),  # n = 1
        ([e("a", "60"), e("b", "61")], [("b", 1), ("a", 2)], 2),  # n = 2
        ([e("a", "0", status=DNF), e("b", None, status=DQ)], [("a", None), ("b", None)], 0),
        ([], [], 0),
    ],
)
def test_small_fields(
    entries: list[RankingEntry], expected: list[tuple[str, int | None]], n: int
) -> None:
    result = rank_entries(entries)
    assert [(r.entry_id, r.rank) for r in result.entries] == expected
    assert result.n == n


def test_all_tied() -> None:
    entries = [e(c, "75", "70", 100, "80", "30") for c in "dcba"]
    shared = rank_entries(entries, shares_ranks=True)
    assert [(r.entry_id, r.rank) for r in shared.entries] == [(c, 1) for c in "abcd"]
    strict = rank_entries(entries)
    assert strict.unresolved == (UnresolvedTie(1, ("a", "b", "c", "d")),)


@pytest.mark.parametrize(
    ("entries", "code"),
    [
        ([e("a", "1"), e("a", "2")], "ranking.duplicate_entry"),
        ([e("a", None)], "ranking.missing_total"),
    ],
)
def test_bad_input(entries: list[RankingEntry], code: str) -> None:
    with pytest.raises(InputError) as exc:
        rank_entries(entries)
    assert exc.value.code == code


@pytest.mark.parametrize(
    ("order", "expected", "decided"),
    [
        # No recorded order: the tie is shared ("1224").
        ((), [("x", 1), ("a", 2), ("b", 2), ("c", 2)], ["TOTAL", SHARED, SHARED, SHARED]),
        # A full order applies even though ranks may be shared (§10.6).
        (("c", "a", "b"), [("x", 1), ("c", 2), ("a", 3), ("b", 4)],
         ["TOTAL", "CHIEF_JUDGE", "CHIEF_JUDGE", "CHIEF_JUDGE"]),
        # A partial order places the listed entry; the rest still share, with no block.
        (("b",), [("x", 1), ("b", 2), ("a", 3), ("c", 3)],
         ["TOTAL", "CHIEF_JUDGE", SHARED, SHARED]),
    ],
)
def test_recorded_order_applies_where_ranks_are_shared(
    order: tuple[str, ...], expected: list[tuple[str, int]], decided: list[str]
) -> None:
    entries = [e("x", "95"), e("a", "80", "70"), e("b", "80", "70"), e("c", "80", "70")]
    result = rank_entries(entries, shares_ranks=True, chief_judge_order=order)
    assert [(r.entry_id, r.rank) for r in result.entries] == expected
    assert [r.decided_by for r in result.entries] == decided
    assert result.unresolved == ()


@pytest.mark.parametrize("shares", [False, True])
def test_equal_entries_listed_in_numeric_id_order(shares: bool) -> None:
    entries = [e("10", "80"), e("9", "80"), e("100", "80"), e("11", "90")]
    result = rank_entries(entries, shares_ranks=shares)
    assert [r.entry_id for r in result.entries] == ["11", "9", "10", "100"]


def test_unresolved_tie_lists_ids_numerically() -> None:
    result = rank_entries([e("10", "80"), e("9", "80")])
    assert result.unresolved == (UnresolvedTie(1, ("9", "10")),)


def test_dnf_dq_listed_by_numeric_id() -> None:
    entries = [e("10", None, status=DNF), e("9", None, status=DNF), e("2", None, status=DQ),
               e("12", None, status=DQ)]
    assert [r.entry_id for r in rank_entries(entries).entries] == ["9", "10", "2", "12"]


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        ([e("a", "80", "70"), e("b", "80", "70"), e("c", "90")], (("a", "b"),)),
        # Separated by the chain: no surviving tie.
        ([e("a", "80", "70"), e("b", "80", "75")], ()),
        # Two groups, in ranking order; ids numerically.
        ([e("10", "70"), e("9", "70"), e("3", "95"), e("4", "95")], (("3", "4"), ("9", "10"))),
        # DNF/DQ never tie.
        ([e("a", "80", status=DNF), e("b", "80", status=DNF)], ()),
    ],
)
def test_surviving_ties(entries: list[RankingEntry], expected: tuple[tuple[str, ...], ...]) -> None:
    from app.domain.ranking import surviving_ties

    assert surviving_ties(entries) == expected


def test_dnf_dq_listed_by_anonymous_code_numerically() -> None:
    """§10.7: DNF before DQ, then by anonymous code (numbers as numbers)."""
    def coded(eid: str, code: str, status: FinishStatus) -> RankingEntry:
        return RankingEntry(eid, status, code=code)

    entries = [coded("1", "A10", DNF), coded("2", "A9", DNF), coded("3", "A2", DQ),
               coded("4", "A1", DQ), e("5", "50")]
    assert [r.entry_id for r in rank_entries(entries).entries] == ["5", "2", "1", "4", "3"]


@given(st.lists(st.integers(min_value=0, max_value=3), min_size=1, max_size=12),
       st.randoms(use_true_random=False))
def test_a_full_recorded_order_gives_the_same_ranks_shared_or_not(
        totals: list[int], rnd: Any) -> None:
    """§10.6: a recorded order always applies, so with every entry listed the two agree."""
    entries = [e(str(i), str(t)) for i, t in enumerate(totals)]
    order = [x.entry_id for x in entries]
    rnd.shuffle(order)
    strict = rank_entries(entries, chief_judge_order=order)
    shared = rank_entries(entries, shares_ranks=True, chief_judge_order=order)
    assert [(r.entry_id, r.rank) for r in strict.entries] == [
        (r.entry_id, r.rank) for r in shared.entries]
    assert sorted(r.rank for r in shared.entries) == list(range(1, len(entries) + 1))
    assert strict.unresolved == shared.unresolved == ()
