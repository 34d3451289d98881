"""Final ranking with the tie-break chain, shared ranks, DNF/DQ and the chief-judge order (§5)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from app.domain.codes import FinishStatus
from app.domain.errors import InputError
from app.domain.ordering import natural_key


class TieBreak(StrEnum):
    """One link of the tie-break chain (§5 [DEFAULT])."""

    PRACTICAL = "PRACTICAL"  # higher practical score
    WORKING_TIME = "WORKING_TIME"  # shorter working time; a missing time sorts last (§10.5)
    THEORY = "THEORY"  # higher theory score
    TOP_CRITERION = "TOP_CRITERION"  # higher score on the highest-weighted criterion (§10.5)


DEFAULT_TIE_BREAKS: tuple[TieBreak, ...] = (
    TieBreak.PRACTICAL,
    TieBreak.WORKING_TIME,
    TieBreak.THEORY,
    TieBreak.TOP_CRITERION,
)

#: How an entry's place against equal totals was settled.
BY_TOTAL, BY_CHIEF, SHARED, UNRESOLVED = "TOTAL", "CHIEF_JUDGE", "SHARED", "UNRESOLVED"


@dataclass(frozen=True, slots=True)
class RankingEntry:
    """What ranking needs of an entry: 2-dp figures (§10.1) and its finish status."""

    entry_id: str
    status: FinishStatus = FinishStatus.FINISHED
    total: Decimal | None = None
    practical: Decimal | None = None
    theory: Decimal | None = None
    top_criterion: Decimal | None = None
    working_time: int | None = None  # seconds
    code: str = ""  # the anonymous code (加密号), which orders DNF/DQ entries (§10.7)


@dataclass(frozen=True, slots=True)
class RankedEntry:
    """An entry's place: rank (None for DNF/DQ), listing position, tie size, how it was decided."""

    entry_id: str
    status: FinishStatus
    rank: int | None
    position: int
    tie_size: int = 1
    decided_by: str = BY_TOTAL


@dataclass(frozen=True, slots=True)
class UnresolvedTie:
    """Finishers still tied after the whole chain where ranks may not be shared (§10.6)."""

    rank: int
    entry_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Ranking:
    """The listing: finishers by rank, then DNF/DQ unranked; n counts finishers (§10.7)."""

    entries: tuple[RankedEntry, ...]
    n: int
    unresolved: tuple[UnresolvedTie, ...] = ()

    @property
    def blocks_finalisation(self) -> bool:
        """Return whether a tie still needs the chief judge's order (§10.6)."""
        return bool(self.unresolved)

    def get(self, entry_id: str) -> RankedEntry:
        """Return one entry's place."""
        return next(e for e in self.entries if e.entry_id == entry_id)

    def ranks(self) -> dict[str, int | None]:
        """Return entry id → rank."""
        return {e.entry_id: e.rank for e in self.entries}


def _desc(value: Decimal | None) -> tuple[int, Decimal]:
    """Sort key for "higher is better", a missing value last."""
    return (0, -value) if value is not None else (1, Decimal(0))


def _key(entry: RankingEntry, chain: Sequence[TieBreak]) -> tuple[Any, ...]:
    """Return the sort key: total, then each tie-break in order."""
    parts: list[Any] = [_desc(entry.total)]
    for link in chain:
        if link is TieBreak.PRACTICAL:
            parts.append(_desc(entry.practical))
        elif link is TieBreak.THEORY:
            parts.append(_desc(entry.theory))
        elif link is TieBreak.TOP_CRITERION:
            parts.append(_desc(entry.top_criterion))
        else:
            t = entry.working_time
            parts.append((0, t) if t is not None else (1, 0))
    return tuple(parts)


def rank_entries(
    entries: Sequence[RankingEntry],
    *,
    shares_ranks: bool = False,
    tie_breaks: Sequence[TieBreak] = DEFAULT_TIE_BREAKS,
    chief_judge_order: Sequence[str] = (),
) -> Ranking:
    """Rank a project's entries (§5, §10.5–10.7).

    Finishers order by total, then the tie-break chain, then the chief judge's explicit
    order, which applies whether or not ranks may be shared (§10.6). Entries the order leaves
    equal share a rank ("1224") where the competition allows it; otherwise they are reported
    as unresolved (given a provisional shared rank, never silently ordered). DNF then DQ
    follow, unranked, by anonymous code. Equal entries are listed by id, numbers as numbers
    ("9" before "10"), as are codes ("A9" before "A10").
    """
    ids = [e.entry_id for e in entries]
    if len(set(ids)) != len(ids):
        dup = sorted({i for i in ids if ids.count(i) > 1})
        raise InputError(
            "ranking.duplicate_entry", f"参赛记录重复：{', '.join(dup)}", params={"entry_ids": dup}
        )
    finishers = [e for e in entries if e.status is FinishStatus.FINISHED]
    for e in finishers:
        if e.total is None:
            raise InputError(
                "ranking.missing_total",
                f"{e.entry_id} 已完赛但没有总分",
                field=e.entry_id,
                params={"entry_id": e.entry_id},
            )
    chain = tuple(tie_breaks)
    keyed = sorted(
        ((_key(e, chain), natural_key(e.entry_id), e) for e in finishers), key=lambda t: t[:2]
    )
    chief = {eid: i for i, eid in enumerate(chief_judge_order)}
    placed: list[RankedEntry] = []
    unresolved: list[UnresolvedTie] = []
    place_finishers(keyed, 0, len(keyed), chain, chief, placed, unresolved,
                    shares_ranks=shares_ranks)
    rest = sorted(
        (e for e in entries if e.status is not FinishStatus.FINISHED),
        key=lambda e: (e.status is FinishStatus.DQ, natural_key(e.code or e.entry_id),
                       natural_key(e.entry_id)),
    )
    for e in rest:
        placed.append(RankedEntry(e.entry_id, e.status, None, len(placed) + 1, 1, e.status.value))
    return Ranking(tuple(placed), len(finishers), tuple(unresolved))


def place_finishers(
    keyed: Sequence[tuple[Any, Any, RankingEntry]],
    start: int,
    stop: int,
    chain: Sequence[TieBreak],
    chief: dict[str, int],
    placed: list[RankedEntry],
    unresolved: list[UnresolvedTie],
    *,
    shares_ranks: bool,
) -> None:
    """Place the finishers ``keyed[start:stop]`` (sorted (key, id key, entry) triples).

    ``start`` and ``stop`` must be group boundaries (no equal keys across them); a place
    depends only on its group, the group's index and its neighbours' keys, so a part of the
    listing can be placed again on its own (app/domain/live_ranking.py).
    """
    i = start
    while i < stop:
        j = i + 1
        while j < stop and keyed[j][0] == keyed[i][0]:
            j += 1
        level = _deciding_level(keyed, i, j, chain)
        if j == i + 1:
            placed.append(
                RankedEntry(keyed[i][2].entry_id, FinishStatus.FINISHED, i + 1, i + 1, 1, level)
            )
        else:
            group = [t[2] for t in keyed[i:j]]
            _order_by_chief(group, chief, i, placed, unresolved, shares_ranks=shares_ranks)
        i = j


def surviving_ties(
    entries: Sequence[RankingEntry], *, tie_breaks: Sequence[TieBreak] = DEFAULT_TIE_BREAKS
) -> tuple[tuple[str, ...], ...]:
    """Return the groups of finishers equal on the total and every tie-break (§5, §10.6).

    These are the ties only the chief judge's order can separate, whether or not ranks may
    be shared; groups come in ranking order, ids in numeric order.
    """
    chain = tuple(tie_breaks)
    groups: dict[tuple[Any, ...], list[str]] = {}
    for e in entries:
        if e.status is FinishStatus.FINISHED and e.total is not None:
            groups.setdefault(_key(e, chain), []).append(e.entry_id)
    return tuple(
        tuple(sorted(ids, key=natural_key))
        for key, ids in sorted(groups.items(), key=lambda kv: kv[0])
        if len(ids) > 1
    )


def _deciding_level(
    keyed: Sequence[tuple[Any, ...]], i: int, j: int, chain: Sequence[TieBreak]
) -> str:
    """Return the deepest chain link needed to separate this key from equal totals around it."""
    key = keyed[i][0]
    depth = 0
    for k in (i - 1, j):
        if 0 <= k < len(keyed) and keyed[k][0][0] == key[0]:
            other = keyed[k][0]
            depth = max(depth, next(n for n in range(len(key)) if key[n] != other[n]))
    return BY_TOTAL if depth == 0 else chain[depth - 1].value


def _order_by_chief(
    group: list[RankingEntry],
    chief: dict[str, int],
    start: int,
    placed: list[RankedEntry],
    unresolved: list[UnresolvedTie],
    *,
    shares_ranks: bool,
) -> None:
    """Order a surviving tie by the chief judge's list; share or report what it leaves (§10.6).

    ``group`` comes in id order (natural_key), as ``place_finishers`` sorts it.
    """
    listed = sorted((e for e in group if e.entry_id in chief), key=lambda e: chief[e.entry_id])
    left = [e for e in group if e.entry_id not in chief]
    pos = start
    for e in listed:
        pos += 1
        placed.append(RankedEntry(e.entry_id, FinishStatus.FINISHED, pos, pos, 1, BY_CHIEF))
    if len(left) == 1:
        pos += 1
        placed.append(RankedEntry(left[0].entry_id, FinishStatus.FINISHED, pos, pos, 1, BY_CHIEF))
    elif left:
        rank = pos + 1
        how = SHARED if shares_ranks else UNRESOLVED
        for k, e in enumerate(left):
            placed.append(
                RankedEntry(e.entry_id, FinishStatus.FINISHED, rank, rank + k, len(left), how)
            )
        if not shares_ranks:
            unresolved.append(UnresolvedTie(rank, tuple(e.entry_id for e in left)))
