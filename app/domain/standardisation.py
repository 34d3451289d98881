"""The optional WorldSkills scale, ws = centre + K·(raw − median)/σ, as integers (§5)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Context, Decimal
from enum import StrEnum

from app.domain.errors import InputError
from app.domain.scheme import Aggregation
from app.domain.scoring import aggregate, to_decimal

_CTX = Context(prec=40)
MAD_FACTOR = Decimal("1.4826")
MEDALLION_THRESHOLD = 700


class SigmaMethod(StrEnum):
    """The spread used by the scale (§5 [DEFAULT], configurable)."""

    POPULATION = "population"  # population standard deviation
    MAD = "mad"  # 1.4826 × median absolute deviation


def _sigma(raws: list[Decimal], method: SigmaMethod) -> Decimal:
    """Return the spread of the raw scores."""
    if method is SigmaMethod.MAD:
        median = to_decimal(aggregate(raws, Aggregation.MEDIAN))
        mad = to_decimal(aggregate([abs(r - median) for r in raws], Aggregation.MEDIAN))
        return _CTX.multiply(MAD_FACTOR, mad)
    mean = _CTX.divide(sum(raws, Decimal(0)), Decimal(len(raws)))
    var = _CTX.divide(sum((_CTX.power(r - mean, 2) for r in raws), Decimal(0)), len(raws))
    return _CTX.sqrt(var)


def worldskills_scores(
    raw: Mapping[str, Decimal],
    *,
    k: Decimal = Decimal(20),
    centre: int = 700,
    sigma_method: SigmaMethod = SigmaMethod.POPULATION,
) -> dict[str, int]:
    """Standardise the finishers' 2-dp totals to the WorldSkills scale (§5, §10.1).

    ws = centre + K·(raw − median)/σ, rounded half-up to an integer; σ = 0 puts everyone at
    the centre. The exact WSI formula is unpublished: this is the documented default.
    """
    if not raw:
        return {}
    if k <= 0:
        raise InputError("ws.k", f"WorldSkills 标准化系数K须大于0，收到{k}", params={"k": k})
    values = list(raw.values())
    median = to_decimal(aggregate(values, Aggregation.MEDIAN))
    sigma = _sigma(values, sigma_method)
    if sigma == 0:
        return {eid: centre for eid in raw}
    out: dict[str, int] = {}
    for eid, r in raw.items():
        z = _CTX.divide(_CTX.multiply(k, r - median), sigma)
        out[eid] = int((Decimal(centre) + z).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return out
