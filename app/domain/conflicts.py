"""Judge recusal (回避): same employer or school, or a declared conflict (§4)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from app.domain.errors import Reason

Seat = TypeVar("Seat", bound=Hashable)


@dataclass(frozen=True, slots=True)
class JudgeProfile:
    """A judge's affiliations and the people they declared a conflict with."""

    id: str
    employer: str | None = None
    school: str | None = None
    declared_conflicts: frozenset[str] = frozenset()  # person ids


@dataclass(frozen=True, slots=True)
class ContestantProfile:
    """A contestant's affiliations and the judges they declared a conflict with."""

    person_id: str
    employer: str | None = None
    school: str | None = None
    declared_conflicts: frozenset[str] = frozenset()  # judge ids


def _norm(name: str | None) -> str:
    """Normalise an organisation name: ignore case and all whitespace."""
    return "".join((name or "").split()).casefold()


def conflict_reasons(judge: JudgeProfile, contestant: ContestantProfile) -> tuple[Reason, ...]:
    """Return every reason the judge must not score the contestant (§4 回避)."""
    out: list[Reason] = []
    params = {"judge_id": judge.id, "person_id": contestant.person_id}
    orgs = {_norm(judge.employer), _norm(judge.school)} - {""}
    if _norm(contestant.employer) in orgs:
        out.append(
            Reason(
                "conflict.same_employer",
                "裁判与选手来自同一单位，须回避",
                {**params, "organisation": contestant.employer},
            )
        )
    if _norm(contestant.school) in orgs:
        out.append(
            Reason(
                "conflict.same_school",
                "裁判与选手来自同一院校，须回避",
                {**params, "organisation": contestant.school},
            )
        )
    declared = contestant.person_id in judge.declared_conflicts
    if declared or judge.id in contestant.declared_conflicts:
        out.append(Reason("conflict.declared", "裁判与选手存在申报的利益关系，须回避", params))
    return tuple(out)


def may_score(judge: JudgeProfile, contestant: ContestantProfile) -> bool:
    """Return whether the judge may score the contestant (§4)."""
    return not conflict_reasons(judge, contestant)


def conflicted_pairs(
    judges: Sequence[JudgeProfile], contestants: Sequence[ContestantProfile]
) -> dict[tuple[str, str], tuple[Reason, ...]]:
    """Return (judge id, person id) → reasons for every pair that must recuse (§4)."""
    out: dict[tuple[str, str], tuple[Reason, ...]] = {}
    for judge in judges:
        for contestant in contestants:
            reasons = conflict_reasons(judge, contestant)
            if reasons:
                out[(judge.id, contestant.person_id)] = reasons
    return out


def uncovered_seats(
    seats: Mapping[Seat, Collection[str]],
    person_ids: Collection[str],
    pairs: Mapping[tuple[str, str], object],
) -> dict[str, tuple[Seat, ...]]:
    """Return person id → the seats on which every seated judge must recuse from them (§4).

    ``seats`` maps a seat (an aspect, or a whole component) to the ids of the judges seated on
    it; ``pairs`` is ``conflicted_pairs``. Nobody may score such a cell, so it must never count
    as done (a silent 0): a seat without any judge is the panels' problem, not recusal's.
    """
    recused: dict[str, set[str]] = defaultdict(set)
    for judge_id, person_id in pairs:
        recused[person_id].add(judge_id)
    out: dict[str, tuple[Seat, ...]] = {}
    for person_id in person_ids:
        away = recused.get(person_id)
        if not away:
            continue  # one pass: only contestants someone recuses from can have a gap
        gaps = tuple(seat for seat, judges in seats.items() if judges and set(judges) <= away)
        if gaps:
            out[person_id] = gaps
    return out
