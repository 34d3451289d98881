"""Live standings kept current one entry at a time (issue #15 item 1).

``LiveRanking(project, entries)`` evaluates a project once, up to awards (what
``evaluate_project(..., standings_only=True)`` decides), and then takes one changed entry at a
time with ``replace(entry)``: it re-scores that entry alone, moves it in the sorted listing
(bisect) and places again only the stretch of the listing between its old and new index, with
the groups of equal totals touching both ends (a place depends only on its group, the group's
index and its neighbours' keys: ``ranking.place_finishers``). With the number of finishers
unchanged an award depends on the rank alone, so awards are given again only where a rank
moved. ``replace`` answers the ids whose result changed, or None for a change it does not
follow — anything but new marks (a status, a working time, a new or withdrawn entry) or a
project on the WorldSkills scale (its awards depend on every total): the caller then builds a
new LiveRanking. ``evaluation()`` is always equal to the full evaluation of the same entries
(hypothesis: tests/domain/test_live_ranking.py).
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_left
from collections.abc import Sequence
from operator import itemgetter
from typing import Any

from app.domain.awards import AwardScheme, assign_awards
from app.domain.codes import FinishStatus
from app.domain.evaluation import (
    _check_project,
    _entry_result,
    _finality,
    _ranking_entry,
    _score_entry,
    _Scored,
    _top_criterion,
    _worldskills,
)
from app.domain.evaluation_types import EntryInput, EntryResult, ProjectEvaluation, ProjectInput
from app.domain.ordering import natural_key
from app.domain.ranking import (
    RankedEntry,
    RankingEntry,
    UnresolvedTie,
    _key,
    place_finishers,
    rank_entries,
)

_sort_key = itemgetter(0, 1)


class LiveRanking:
    """A project's standings (scores, ranks, awards) that follow one entry's new marks."""

    def __init__(self, project: ProjectInput, entries: Sequence[EntryInput]) -> None:
        _check_project(project, entries)
        self.project = project
        self._chain = tuple(project.tie_breaks)
        self._chief = {eid: i for i, eid in enumerate(project.chief_judge_order)}
        self._top = _top_criterion(project.components)
        # Awards of the WorldSkills scale depend on every finisher's total: not followed.
        self._follows = (project.award.scheme is not AwardScheme.WORLDSKILLS
                         and project.worldskills is None)
        self._entries = {e.entry_id: e for e in entries}
        self._scored: dict[str, _Scored] = {
            e.entry_id: _score_entry(project, e) for e in entries}
        self._ranking = {
            e.entry_id: _ranking_entry(project.components, e, self._scored[e.entry_id],
                                       self._top)
            for e in entries}
        ranking = rank_entries(list(self._ranking.values()), shares_ranks=project.shares_ranks,
                               tie_breaks=self._chain, chief_judge_order=project.chief_judge_order)
        # The finishers sorted as rank_entries sorts them: (key, id key, ranking entry).
        self._keyed: list[tuple[Any, Any, RankingEntry]] = sorted(
            ((_key(r, self._chain), natural_key(r.entry_id), r)
             for r in self._ranking.values() if r.status is FinishStatus.FINISHED),
            key=_sort_key)
        self.n = ranking.n
        self._place: dict[str, RankedEntry] = {p.entry_id: p for p in ranking.entries}
        self.order: list[str] = [p.entry_id for p in ranking.entries]
        self._unresolved: list[UnresolvedTie] = list(ranking.unresolved)
        self._ws = _worldskills(project, ranking.entries, self._scored)
        self._awards = assign_awards(ranking.ranks(), ranking.n, project.award,
                                     ws_scores=self._ws)

    @property
    def unresolved_ties(self) -> tuple[UnresolvedTie, ...]:
        """Return the ties the chain and the chief judge's order leave, in ranking order."""
        return tuple(self._unresolved)

    def entry(self, entry_id: str) -> EntryInput:
        """Return the entry as last given."""
        return self._entries[entry_id]

    def place(self, entry_id: str) -> RankedEntry:
        """Return an entry's place (rank, position, tie size)."""
        return self._place[entry_id]

    def award(self, entry_id: str) -> Any:
        """Return an entry's award (None for none)."""
        return self._awards[entry_id]

    def result(self, entry_id: str) -> EntryResult:
        """Return one entry's result, as the full evaluation has it."""
        return _entry_result(self._entries[entry_id], self._place[entry_id], self._scored,
                             self._ws, self._awards, titles=(), promotions=(), qualified=False)

    def evaluation(self) -> ProjectEvaluation:
        """Return the whole evaluation, equal to evaluate_project(standings_only=True)."""
        project = self.project
        return ProjectEvaluation(
            project_id=project.project_id, n=self.n,
            entries=tuple(self.result(eid) for eid in self.order),
            unresolved_ties=self.unresolved_ties,
            finality=_finality(project, bool(self._unresolved)), qualification=None,
            superseded_prior=(), advances_to=project.advances_to,
        )

    def replace(self, entry: EntryInput) -> set[str] | None:
        """Take an entry's new marks; return the ids whose result changed.

        None (nothing changed here) when the change is not one this object follows: build a
        new LiveRanking. A DomainError from scoring the entry leaves this object as it was.
        """
        eid = entry.entry_id
        old = self._entries.get(eid)
        if (old is None or not self._follows
                or dataclasses.replace(old, components=entry.components) != entry):
            return None
        scored = _score_entry(self.project, entry)
        before = self._scored[eid]
        finished = scored[2] is FinishStatus.FINISHED
        if scored[2] is not before[2] or (finished and scored[1] is None):
            return None  # the number of finishers would change (or ranking would refuse)
        if not finished:
            self._entries[eid], self._scored[eid] = entry, scored
            return {eid}  # DNF/DQ are listed by code: the place does not move
        keyed = self._keyed
        ident = natural_key(eid)
        old_key = _key(self._ranking[eid], self._chain)
        p = bisect_left(keyed, (old_key, ident), key=_sort_key)
        if p == len(keyed) or keyed[p][2].entry_id != eid:
            return None  # ids equal as natural keys ("1", "01"): leave it to a full ranking
        new_r = _ranking_entry(self.project.components, entry, scored, self._top)
        new_key = _key(new_r, self._chain)
        self._entries[eid], self._scored[eid], self._ranking[eid] = entry, scored, new_r
        if new_key == old_key:
            keyed[p] = (new_key, ident, new_r)
            return {eid}
        del keyed[p]
        q = bisect_left(keyed, (new_key, ident), key=_sort_key)
        keyed.insert(q, (new_key, ident, new_r))
        return self._place_again(min(p, q), max(p, q)) | {eid}

    def _place_again(self, lo: int, hi: int) -> set[str]:
        """Place the listing's indices lo..hi again (the only ones that moved), with the
        groups of equal keys touching them; return the ids whose place or award changed."""
        keyed = self._keyed
        last = len(keyed) - 1
        start = max(lo - 1, 0)
        while start > 0 and keyed[start - 1][0] == keyed[start][0]:
            start -= 1
        stop = min(hi + 1, last)
        while stop < last and keyed[stop + 1][0] == keyed[stop][0]:
            stop += 1
        stop += 1
        placed: list[RankedEntry] = []
        ties: list[UnresolvedTie] = []
        place_finishers(keyed, start, stop, self._chain, self._chief, placed, ties,
                        shares_ranks=self.project.shares_ranks)
        window = self.order[start:stop]
        self.order[start:stop] = [p.entry_id for p in placed]
        if self._unresolved or ties:
            inside = set(window)
            self._unresolved = sorted(
                [t for t in self._unresolved if t.entry_ids[0] not in inside] + ties,
                key=lambda t: t.rank)
        changed = set()
        places = self._place
        for p in placed:
            if places[p.entry_id] != p:
                places[p.entry_id] = p
                changed.add(p.entry_id)
        awards = assign_awards({eid: places[eid].rank for eid in changed}, self.n,
                               self.project.award)
        for eid, award in awards.items():
            self._awards[eid] = award
        return changed
