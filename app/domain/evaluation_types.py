"""Plain input and output values of the single entry point (see evaluation.py)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from app.domain.awards import Award, AwardSettings
from app.domain.codes import FinishStatus, Group, ResultStatus
from app.domain.errors import Reason
from app.domain.grades import Grade
from app.domain.promotion import PriorPromotion, PromotionDecision, SupersededPrior
from app.domain.qualification import Qualification
from app.domain.ranking import DEFAULT_TIE_BREAKS, TieBreak, UnresolvedTie
from app.domain.rulesets import RuleSet
from app.domain.scheme import Component
from app.domain.scoring import ComponentInput, ComponentResult, Flag
from app.domain.serde import load, to_jsonable
from app.domain.standardisation import SigmaMethod
from app.domain.titles import TitleAward


@dataclass(frozen=True, slots=True)
class WorldSkillsSettings:
    """The WorldSkills scale's settings (§5 [DEFAULT])."""

    k: Decimal = Decimal(20)
    centre: int = 700
    sigma_method: SigmaMethod = SigmaMethod.POPULATION


@dataclass(frozen=True, slots=True)
class TeamMember:
    """One person of a team entry; promotions are per person."""

    person_id: str
    current_grade: Grade | None = None
    earlier_promotions: tuple[PriorPromotion, ...] = ()


@dataclass(frozen=True, slots=True)
class EntryInput:
    """One registration's results; ``members`` replaces the single person for team entries."""

    entry_id: str
    person_id: str
    group: Group  # at registration (§10.13)
    status: FinishStatus = FinishStatus.FINISHED
    components: Mapping[str, ComponentInput] = field(default_factory=dict)
    working_time: int | None = None  # seconds; missing sorts after every given time
    current_grade: Grade | None = None  # in the project's occupation; None = APPRENTICE
    earlier_promotions: tuple[PriorPromotion, ...] = ()  # any occupation; filtered by year
    withdrawn: bool = False  # withdrew from the fed contest: the next finisher takes the slot
    members: tuple[TeamMember, ...] = ()
    code: str = ""  # the anonymous code (加密号): orders the unranked DNF/DQ list (§10.7)

    def people(self) -> tuple[TeamMember, ...]:
        """Return the people of the entry."""
        if self.members:
            return self.members
        return (TeamMember(self.person_id, self.current_grade, self.earlier_promotions),)


@dataclass(frozen=True, slots=True)
class ProjectInput:
    """A project's settings: components, award scheme, rule set, quota, finality (§4–§7)."""

    project_id: str
    occupation: str
    components: tuple[Component, ...]
    rule_set: RuleSet
    contest_year: int
    award: AwardSettings = AwardSettings()
    shares_ranks: bool = False  # 全国技能大赛 never shares ranks
    tie_breaks: tuple[TieBreak, ...] = DEFAULT_TIE_BREAKS
    chief_judge_order: tuple[str, ...] = ()  # entry ids, used after every other tie-break
    pass_mark: Decimal = Decimal(60)
    team_size: int = 1
    quota: int | None = None
    advances_to: str | None = None
    result_status: ResultStatus = ResultStatus.PROVISIONAL
    appeals_open: bool = False
    worldskills: WorldSkillsSettings | None = None  # also used by the WORLDSKILLS scheme
    allow_missing_aspects: bool = False  # live standings: an unmarked aspect counts 0
    region: str = ""  # fills {region} in title names (§6)
    occupation_name: str = ""  # fills {occupation} in title names (§6)
    ceiling: Grade | None = None  # the occupation's top grade (§2); None = the whole ladder
    once_a_year: bool = True  # [LOCAL 天津] one contest promotion per person per year (§7)


@dataclass(frozen=True, slots=True)
class EntryResult:
    """Everything the engine decided for one entry."""

    entry_id: str
    person_id: str
    group: Group
    status: FinishStatus
    components: Mapping[str, ComponentResult]
    total: Decimal | None
    passed: bool
    failed_components: tuple[str, ...]
    rank: int | None
    position: int
    tie_size: int
    decided_by: str
    ws_score: int | None
    award: Award | None
    titles: tuple[TitleAward, ...]
    promotions: tuple[PromotionDecision, ...]
    qualified: bool
    flags: tuple[Flag, ...]


@dataclass(frozen=True, slots=True)
class ProjectEvaluation:
    """A project's evaluated results, entries in listing order (finishers, then DNF/DQ)."""

    project_id: str
    n: int
    entries: tuple[EntryResult, ...]
    unresolved_ties: tuple[UnresolvedTie, ...]
    finality: tuple[Reason, ...]  # why promotions are not final yet; empty = final
    qualification: Qualification | None
    superseded_prior: tuple[SupersededPrior, ...]
    advances_to: str | None = None

    def entry(self, entry_id: str) -> EntryResult:
        """Return one entry's result."""
        return next(e for e in self.entries if e.entry_id == entry_id)

    def to_dict(self) -> dict[str, Any]:
        """Return JSON-ready data that from_dict turns back into an equal value."""
        return to_jsonable(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ProjectEvaluation:
        """Build an evaluation back from to_dict's data."""
        return load(cls, data)
