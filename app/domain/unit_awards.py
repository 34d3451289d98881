"""Unit and coach awards (§6, seeds 000/002): team results by organisation, coach standings.

团体奖 ranks organisations by a configured rule: ``BEST_K_RANKS`` sums the final ranks of an
organisation's best k finishers across the competition's projects (lower is better; an
organisation with fewer than k finishers is listed after, unranked), ``MEDAL_COUNT`` compares
(first-tier, second-tier, third-tier) award counts (gold/一等奖 first; more is better; an
organisation without any is unranked). Equal scores share a rank ("1224"). 优秀组织奖 and
突出贡献单位 are chosen by the organiser; 优秀指导教师/教练 are the coaches named at
registration, listed here with their contestants' results for the organiser to choose.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from app.domain.errors import DomainError


class TeamRule(StrEnum):
    """How organisations are ranked for the 团体奖."""

    BEST_K_RANKS = "BEST_K_RANKS"
    MEDAL_COUNT = "MEDAL_COUNT"


class UnitAwardKind(StrEnum):
    """The unit and coach awards of a competition."""

    TEAM = "TEAM"  # 团体奖
    EXCELLENT_ORGANIZATION = "EXCELLENT_ORGANIZATION"  # 优秀组织奖
    OUTSTANDING_CONTRIBUTION = "OUTSTANDING_CONTRIBUTION"  # 突出贡献单位
    EXCELLENT_COACH = "EXCELLENT_COACH"  # 优秀指导教师/教练

    @property
    def zh(self) -> str:
        """Return the Chinese name."""
        return _KIND_ZH[self.value]


_KIND_ZH = {
    "TEAM": "团体奖",
    "EXCELLENT_ORGANIZATION": "优秀组织奖",
    "OUTSTANDING_CONTRIBUTION": "突出贡献单位",
    "EXCELLENT_COACH": "优秀指导教师",
}
#: Awards by tier: 1 = gold/一等奖, 2 = silver/二等奖, 3 = bronze/三等奖.
MEDAL_TIER = {"GOLD": 1, "FIRST_PRIZE": 1, "SILVER": 2, "SECOND_PRIZE": 2, "BRONZE": 3,
              "THIRD_PRIZE": 3}


@dataclass(frozen=True, slots=True)
class MemberResult:
    """One finisher's final result, with the organisation (and coach) at registration."""

    organization: str | None
    rank: int | None  # None: DNF/DQ
    award: str | None = None
    coach: str = ""
    entry_id: str = ""


@dataclass(frozen=True, slots=True)
class TeamStanding:
    """An organisation's team result: its place (None = unranked) and how it was earned."""

    organization: str
    rank: int | None
    score: str  # "3+5+9=17" or "金2 银0 铜1"
    counted: tuple[int, ...]  # the ranks that counted (BEST_K_RANKS)
    medals: tuple[int, int, int]
    finishers: int


@dataclass(frozen=True, slots=True)
class CoachStanding:
    """A coach with their contestants' results, best first."""

    coach: str
    contestants: int
    awarded: int
    best_rank: int | None
    entry_ids: tuple[str, ...]


def team_standings(
    members: Sequence[MemberResult], *, rule: TeamRule, k: int = 3
) -> tuple[TeamStanding, ...]:
    """Rank organisations by the rule; ranked ones first, then the unranked by name."""
    if rule is TeamRule.BEST_K_RANKS and not 1 <= k <= 50:
        raise DomainError("team.k", f"计入名次的人数须在1到50之间：{k}", params={"k": k})
    by_org: dict[str, list[MemberResult]] = {}
    for m in members:
        if m.organization:
            by_org.setdefault(m.organization, []).append(m)
    rows: list[tuple[tuple[int, ...] | None, TeamStanding]] = []
    for org, mine in by_org.items():
        ranks = sorted(m.rank for m in mine if m.rank is not None)
        medals = tuple(sum(1 for m in mine if MEDAL_TIER.get(m.award or "") == t)
                       for t in (1, 2, 3))
        gold, silver, bronze = medals
        if rule is TeamRule.BEST_K_RANKS:
            counted = tuple(ranks[:k])
            key = (sum(counted),) if len(counted) == k else None
            score = f"{'+'.join(map(str, counted))}={sum(counted)}" if counted else "—"
        else:
            counted = ()
            key = (-gold, -silver, -bronze) if any(medals) else None
            score = f"金{gold} 银{silver} 铜{bronze}"
        standing = TeamStanding(org, None, score, counted, (gold, silver, bronze), len(ranks))
        rows.append((key, standing))
    ranked = sorted((r for r in rows if r[0] is not None), key=lambda r: (r[0], r[1].organization))
    out: list[TeamStanding] = []
    for i, (key, standing) in enumerate(ranked):
        shared = i > 0 and key == ranked[i - 1][0]
        rank = out[-1].rank if shared else i + 1
        out.append(TeamStanding(standing.organization, rank, standing.score, standing.counted,
                                standing.medals, standing.finishers))
    unranked = sorted((r[1] for r in rows if r[0] is None), key=lambda s: s.organization)
    return (*out, *unranked)


def coach_standings(members: Sequence[MemberResult]) -> tuple[CoachStanding, ...]:
    """List each named coach with their contestants' results, best rank first."""
    by_coach: dict[str, list[MemberResult]] = {}
    for m in members:
        name = " ".join(m.coach.split())
        if name:
            by_coach.setdefault(name, []).append(m)
    out = [
        CoachStanding(
            coach=name,
            contestants=len(mine),
            awarded=sum(1 for m in mine if m.award),
            best_rank=min((m.rank for m in mine if m.rank is not None), default=None),
            entry_ids=tuple(m.entry_id for m in mine),
        )
        for name, mine in by_coach.items()
    ]
    return tuple(sorted(out, key=lambda c: (-c.awarded, c.best_rank or 10**9, c.coach)))
