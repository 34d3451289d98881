"""The four award schemes, following rank values (§6, §10.8)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from app.domain.errors import InputError
from app.domain.standardisation import MEDALLION_THRESHOLD


class AwardScheme(StrEnum):
    """One award scheme per competition (§6)."""

    MEDALS_PLUS_MERIT = "MEDALS_PLUS_MERIT"
    PERCENT_PRIZES = "PERCENT_PRIZES"
    FIXED_COUNT = "FIXED_COUNT"
    WORLDSKILLS = "WORLDSKILLS"


class Award(StrEnum):
    """An award an entry can receive."""

    GOLD = "GOLD"
    SILVER = "SILVER"
    BRONZE = "BRONZE"
    MERIT = "MERIT"  # 优胜奖 (国赛 ranks 4…⌊n/2⌋)
    FIRST_PRIZE = "FIRST_PRIZE"
    SECOND_PRIZE = "SECOND_PRIZE"
    THIRD_PRIZE = "THIRD_PRIZE"
    MEDALLION_FOR_EXCELLENCE = "MEDALLION_FOR_EXCELLENCE"

    @property
    def zh(self) -> str:
        """Return the Chinese name."""
        return _ZH[self.value]


_ZH = {
    "GOLD": "金牌",
    "SILVER": "银牌",
    "BRONZE": "铜牌",
    "MERIT": "优胜奖",
    "FIRST_PRIZE": "一等奖",
    "SECOND_PRIZE": "二等奖",
    "THIRD_PRIZE": "三等奖",
    "MEDALLION_FOR_EXCELLENCE": "优秀奖（Medallion for Excellence）",
}
_MEDALS = (Award.GOLD, Award.SILVER, Award.BRONZE)
_PRIZES = (Award.FIRST_PRIZE, Award.SECOND_PRIZE, Award.THIRD_PRIZE)


@dataclass(frozen=True, slots=True)
class AwardSettings:
    """The scheme and its numbers: PERCENT_PRIZES percentages, FIXED_COUNT counts (§6)."""

    scheme: AwardScheme = AwardScheme.MEDALS_PLUS_MERIT
    percents: tuple[Decimal, Decimal, Decimal] = (Decimal("0.1"), Decimal("0.2"), Decimal("0.3"))
    counts: tuple[int, int, int] = (2, 4, 6)  # [LOCAL] e.g. 一等 2, 二等 4, 三等 6


def prize_bands(settings: AwardSettings, n: int) -> tuple[int, int, int]:
    """Return the last rank of the 1st, 2nd and 3rd prize bands, consecutive (§10.8)."""
    if settings.scheme is AwardScheme.PERCENT_PRIZES:
        sizes = [max(1, int(p * n)) for p in settings.percents]  # floor, min 1
    else:
        sizes = list(settings.counts)
    if any(s < 0 for s in sizes):
        raise InputError("award.counts", "获奖名额不能为负数", params={"counts": sizes})
    first = sizes[0]
    return first, first + sizes[1], first + sizes[1] + sizes[2]


def assign_awards(
    ranks: Mapping[str, int | None],
    n: int,
    settings: AwardSettings,
    *,
    ws_scores: Mapping[str, int] | None = None,
) -> dict[str, Award | None]:
    """Give each entry the award of its (possibly shared) rank, or None (§6, §10.8).

    MEDALS_PLUS_MERIT: ranks 1/2/3 gold/silver/bronze whatever n, 优胜奖 for 4 ≤ rank ≤ ⌊n/2⌋.
    PERCENT_PRIZES / FIXED_COUNT: consecutive bands of ranks. WORLDSKILLS: medals by rank, then
    the Medallion for Excellence for non-medallists whose integer ws score is ≥ 700.
    """
    out: dict[str, Award | None] = {}
    bands = (
        prize_bands(settings, n)
        if settings.scheme in (AwardScheme.PERCENT_PRIZES, AwardScheme.FIXED_COUNT)
        else None
    )
    for eid, rank in ranks.items():
        out[eid] = None if rank is None else _award(eid, rank, n, settings.scheme, bands, ws_scores)
    return out


def _award(
    eid: str,
    rank: int,
    n: int,
    scheme: AwardScheme,
    bands: tuple[int, int, int] | None,
    ws_scores: Mapping[str, int] | None,
) -> Award | None:
    """Return one ranked entry's award."""
    if bands is not None:
        return next((a for a, last in zip(_PRIZES, bands, strict=True) if rank <= last), None)
    if rank <= 3:
        return _MEDALS[rank - 1]
    if scheme is AwardScheme.MEDALS_PLUS_MERIT:
        return Award.MERIT if rank <= n // 2 else None
    ws = (ws_scores or {}).get(eid)
    if ws is not None and ws >= MEDALLION_THRESHOLD:
        return Award.MEDALLION_FOR_EXCELLENCE
    return None
