"""Judge statistics: how far each judge sits from the panel consensus (severity / leniency).

A sheet scored by several judges (a J or PANEL aspect) compares each judge's value with the
median of the *other* judges' values on that sheet, as a fraction of the sheet's range (3 for
J, the max mark for a panel). Averaged over the sheets, a negative mean says the judge marks
harsher than the panel, a positive one more lenient. Single-judge sheets (M aspects, whole
components) count as scores but carry no deviation.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction
from statistics import median

#: A mean deviation beyond ±10 % of the range marks a judge as severe or lenient.
DEFAULT_THRESHOLD = Decimal("0.10")
#: Fewer compared sheets than this tell nothing yet.
MIN_COMPARED = 3
#: Deviations are reported to four places (0.0001 = 0.01 % of the range).
PLACES = Decimal("0.0001")


class Tendency(StrEnum):
    """Where a judge sits against the panel."""

    SEVERE = "SEVERE"
    LENIENT = "LENIENT"
    BALANCED = "BALANCED"
    INSUFFICIENT = "INSUFFICIENT"


@dataclass(frozen=True, slots=True)
class SheetMarks:
    """One sheet's latest value per judge, and the width of its scale (3 for J, max mark)."""

    key: Hashable
    scale: Decimal
    values: Mapping[int, Decimal]


@dataclass(frozen=True, slots=True)
class JudgeStat:
    """One judge's statistics; deviations are fractions of the range (0.1 = 10 %)."""

    judge_id: int
    scores: int
    compared: int
    mean_deviation: Decimal | None
    mean_abs_deviation: Decimal | None
    tendency: Tendency


def _consensus(values: Mapping[int, Decimal], judge_id: int) -> Fraction:
    """Return the median of the other judges' values on a sheet (exact)."""
    return Fraction(median(Fraction(v) for j, v in values.items() if j != judge_id))


def _decimal(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        PLACES, rounding=ROUND_HALF_UP)


def judge_statistics(
    sheets: Iterable[SheetMarks],
    *,
    judge_ids: Iterable[int] = (),
    threshold: Decimal = DEFAULT_THRESHOLD,
    min_compared: int = MIN_COMPARED,
) -> list[JudgeStat]:
    """Return per-judge counts, mean (signed and absolute) deviation and tendency, by judge id.

    ``judge_ids`` lists judges to report even when they have not scored yet.
    """
    counts: dict[int, int] = dict.fromkeys(judge_ids, 0)
    deviations: dict[int, list[Fraction]] = {j: [] for j in counts}
    for sheet in sheets:
        for judge_id, value in sheet.values.items():
            counts[judge_id] = counts.get(judge_id, 0) + 1
            deviations.setdefault(judge_id, [])
            if len(sheet.values) < 2 or sheet.scale <= 0:
                continue
            gap = Fraction(value) - _consensus(sheet.values, judge_id)
            deviations[judge_id].append(gap / Fraction(sheet.scale))
    out = []
    for judge_id in sorted(counts):
        found = deviations[judge_id]
        mean = _decimal(sum(found, Fraction(0)) / len(found)) if found else None
        spread = _decimal(sum(map(abs, found), Fraction(0)) / len(found)) if found else None
        out.append(
            JudgeStat(
                judge_id=judge_id,
                scores=counts[judge_id],
                compared=len(found),
                mean_deviation=mean,
                mean_abs_deviation=spread,
                tendency=_tendency(mean, len(found), threshold, min_compared),
            )
        )
    return out


def _tendency(
    mean: Decimal | None, compared: int, threshold: Decimal, min_compared: int
) -> Tendency:
    if mean is None or compared < min_compared:
        return Tendency.INSUFFICIENT
    if mean <= -threshold:
        return Tendency.SEVERE
    if mean >= threshold:
        return Tendency.LENIENT
    return Tendency.BALANCED
