"""Recusal coverage (回避): cells nobody may score because every seated judge must recuse.

A contestant × aspect (or × whole component) cell whose seated judges all recuse from the
contestant (DOMAIN §3 "Recusal") can never be scored. It must never pass as a silent 0: the
standings count it as not done, the chief judge's lock is refused while a finisher has one, and
the organizer sees each one where judges are assigned and on the set-up checklist.
One pass over the assignments, their seats and the contestants' profiles (``read_coverage``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from app.domain.conflicts import conflicted_pairs, uncovered_seats
from app.domain.errors import Reason
from app.domain.ordering import natural_key
from app.extensions import db
from app.models import (
    Aspect,
    Component,
    Criterion,
    EntryResult,
    JudgeAssignment,
    Registration,
    SubCriterion,
)
from app.services.scoring.judging_access import SheetKey, contestant_profiles, judge_profiles
from app.services.scoring.judging_errors import message_for

#: The reason code of one coverage gap (its message is translated by judging_errors).
GAP = "coverage.gap"


@dataclass(frozen=True)
class Coverage:
    """Who recuses from whom, the cells each judge owes, and the cells nobody may score."""

    #: (judge user id, registration id) → why the judge must recuse from the contestant.
    recused: dict[tuple[int, int], tuple[Reason, ...]]
    #: registration id → the (judge user id, sheet key) cells to be scored.
    expected: dict[int, set[tuple[int, SheetKey]]]
    #: registration id → the sheets whose seated judges all recuse from the contestant.
    gaps: dict[int, tuple[SheetKey, ...]]


def read_coverage(
    assignments: Sequence[JudgeAssignment], registrations: Sequence[Registration]
) -> Coverage:
    """Return the project's recusals, expected cells and coverage gaps in one pass."""
    profiles = judge_profiles(a.user for a in assignments)
    contestants = contestant_profiles(registrations)
    pairs = conflicted_pairs(list(profiles.values()), list(contestants.values()))
    seats: dict[SheetKey, list[str]] = defaultdict(list)
    recused: dict[tuple[int, int], tuple[Reason, ...]] = {}
    expected: dict[int, set[tuple[int, SheetKey]]] = {r.id: set() for r in registrations}
    for assignment in assignments:
        judge = profiles[assignment.user_id].id
        keys = [(s.aspect_id, s.component_id) for s in assignment.panel]
        for key in keys:
            seats[key].append(judge)
        for registration in registrations:
            reasons = pairs.get((judge, contestants[registration.id].person_id))
            if reasons:
                recused[(assignment.user_id, registration.id)] = reasons
            else:
                expected[registration.id].update((assignment.user_id, key) for key in keys)
    uncovered = uncovered_seats(seats, [c.person_id for c in contestants.values()], pairs)
    gaps = {
        rid: uncovered[c.person_id] for rid, c in contestants.items() if c.person_id in uncovered
    }
    return Coverage(recused=recused, expected=expected, gaps=gaps)


@dataclass(frozen=True)
class Gap:
    """One cell nobody may score: the contestant, the sheet and the judges who must recuse."""

    registration_id: int
    code: str  # the anonymous code (加密号); the ticket number before the lot draw
    anonymous_code: str | None
    ticket_no: str | None
    key: SheetKey
    target: str  # the aspect's code, or the whole component's
    judges: tuple[tuple[int, str, tuple[str, ...]], ...]  # (user id, name, reason codes)

    def reason(self) -> Reason:
        """Return the gap as a rules reason, for a refusal's list of problems."""
        return Reason(
            GAP,
            f"{self.target} 没有可评 {self.code} 的裁判（全部须回避），请增派裁判",
            {"aspect": self.target, "contestant": self.code,
             "registration_id": self.registration_id, "aspect_id": self.key[0],
             "component_id": self.key[1]},
        )

    def to_dict(self) -> dict[str, Any]:
        """Return JSON-ready data in the request's language (the organizer's view: the
        registration and each seated judge's recusal reasons included)."""
        reason = self.reason()
        return {
            "registration_id": self.registration_id,
            "code": self.anonymous_code,
            "ticket_no": self.ticket_no,
            "aspect_id": self.key[0],
            "component_id": self.key[1],
            "target": self.target,
            "reason": GAP,
            "message": message_for(GAP, reason.params, reason.message),
            "judges": [
                {"user_id": uid, "name": name,
                 "reasons": [{"code": c, "message": message_for(c)} for c in codes]}
                for uid, name, codes in self.judges
            ],
        }


def finishers(project_id: int, registrations: Iterable[Registration]) -> list[Registration]:
    """Return the registrations still to be ranked: not disqualified, not DNF or DQ."""
    out = {
        reg_id: status
        for reg_id, status in db.session.execute(
            select(EntryResult.registration_id, EntryResult.finish_status).where(
                EntryResult.project_id == project_id
            )
        )
    }
    return [
        r for r in registrations
        if r.status != "DISQUALIFIED" and (out.get(r.id) or "FINISHED") == "FINISHED"
    ]


def coverage_gaps(
    project_id: int,
    assignments: Sequence[JudgeAssignment],
    registrations: Sequence[Registration],
    coverage: Coverage | None = None,
) -> list[Gap]:
    """Return the finishers' coverage gaps, by contestant code and then scheme order."""
    coverage = coverage or read_coverage(assignments, registrations)
    by_id = {r.id: r for r in finishers(project_id, registrations) if r.id in coverage.gaps}
    if not by_id:
        return []
    targets = _targets(project_id)
    seated: dict[SheetKey, list[JudgeAssignment]] = defaultdict(list)
    for assignment in assignments:
        for seat in assignment.panel:
            seated[(seat.aspect_id, seat.component_id)].append(assignment)
    out = []
    for rid, registration in by_id.items():
        code = registration.anonymous_code or registration.ticket_no or str(rid)
        for key in coverage.gaps[rid]:
            judges = tuple(
                (a.user_id, a.user.display_name or a.user.username,
                 tuple(r.code for r in coverage.recused.get((a.user_id, rid), ())))
                for a in seated[key]
            )
            target, _position = targets.get(key, (str(key[0] or key[1]), (0,)))
            out.append(Gap(rid, code, registration.anonymous_code, registration.ticket_no, key,
                           target, judges))
    order = {key: position for key, (_code, position) in targets.items()}
    out.sort(key=lambda g: (natural_key(g.code), g.registration_id, order.get(g.key, (0,))))
    return out


def _targets(project_id: int) -> dict[SheetKey, tuple[str, tuple[Any, ...]]]:
    """Return sheet key → (code, scheme position) for the project's components and aspects."""
    out: dict[SheetKey, tuple[str, tuple[Any, ...]]] = {}
    for cid, code, position in db.session.execute(
        select(Component.id, Component.code, Component.position).where(
            Component.project_id == project_id
        )
    ):
        out[(None, cid)] = (code, (position, natural_key(code)))
    for aid, code, position in db.session.execute(
        select(Aspect.id, Aspect.code, Component.position)
        .join(SubCriterion, SubCriterion.id == Aspect.sub_criterion_id)
        .join(Criterion, Criterion.id == SubCriterion.criterion_id)
        .join(Component, Component.id == Criterion.component_id)
        .where(Component.project_id == project_id)
    ):
        out[(aid, None)] = (code, (position, natural_key(code)))
    return out
