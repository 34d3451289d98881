"""Honorary titles by rank, group and team size (§6, §10.14)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.domain.codes import Group, Tier
from app.domain.rulesets import RuleSet, TitleState


@dataclass(frozen=True, slots=True)
class TitleCandidate:
    """A ranked entry as titles see it (awards and titles ignore the pass mark, §10.12)."""

    entry_id: str
    group: Group
    rank: int | None


@dataclass(frozen=True, slots=True)
class TitleAward:
    """A title an entry earns, in the state it is conferred in."""

    entry_id: str
    code: str
    name: str
    tier: Tier
    state: TitleState
    row_index: int


def assign_titles(
    candidates: Sequence[TitleCandidate],
    rules: RuleSet,
    n: int,
    *,
    team_size: int = 1,
    region: str = "",
    occupation: str = "",
) -> dict[str, tuple[TitleAward, ...]]:
    """Give each ranked entry the titles whose rows cover its group and rank (§6, §10.14).

    A row with no group covers both groups; the national title's TEAM_TOP band is top 5,
    a team of 2 → top 3, a team of 3 → top 2, other sizes the individual top 5. National and
    provincial titles are NOMINATED; others as the row says, by default municipal
    ELIGIBLE_TO_APPLY and enterprise AUTO_GRANTED. Names are templates filled with the
    contest's ``region`` and ``occupation`` ("{region}{occupation}技术状元" → 唐山市焊工技术状元).
    """
    out: dict[str, tuple[TitleAward, ...]] = {}
    for c in candidates:
        won: list[TitleAward] = []
        seen: set[str] = set()
        for index, row in rules.title_rows():
            title = row.title
            assert title is not None
            name = title.render(region=region, occupation=occupation)
            if name in seen or not row.applies_to(c.group):
                continue
            if row.band.contains(c.rank, n, team_size):
                seen.add(name)
                state = title.effective_state
                won.append(TitleAward(c.entry_id, title.code, name, title.tier, state, index))
        out[c.entry_id] = tuple(won)
    return out
