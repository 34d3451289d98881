"""Qualification to the fed project: top N by final rank, withdrawals replaced (§1, §10.15)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from app.domain.errors import InputError
from app.domain.ranking import RankedEntry


@dataclass(frozen=True, slots=True)
class Qualification:
    """Who qualifies, in rank order, and how the last slot was settled."""

    qualified: tuple[str, ...]
    quota: int
    last_rank: int | None
    shared_last_slot: bool
    skipped_withdrawn: tuple[str, ...] = ()


def qualify(
    ranked: Sequence[RankedEntry], quota: int, *, withdrawn: Collection[str] = ()
) -> Qualification:
    """Fill the quota with finishers in rank order, skipping withdrawals (§10.15).

    If the last slot's rank is shared, everyone sharing it qualifies, so the list may exceed
    the quota. No pass mark is needed. DNF/DQ never qualify.
    """
    if quota < 0:
        raise InputError(
            "qualification.quota", f"晋级名额不能为负数：{quota}", params={"quota": quota}
        )
    finishers = sorted(
        (e for e in ranked if e.rank is not None), key=lambda e: (e.rank, e.position, e.entry_id)
    )
    chosen: list[str] = []
    skipped: list[str] = []
    last_rank: int | None = None
    for e in finishers:
        if e.entry_id in withdrawn:
            skipped.append(e.entry_id)
            continue
        if len(chosen) < quota or (last_rank is not None and e.rank == last_rank):
            chosen.append(e.entry_id)
            last_rank = e.rank
        else:
            break
    shared = last_rank is not None and len(chosen) > quota
    return Qualification(tuple(chosen), quota, last_rank, shared, tuple(skipped))
