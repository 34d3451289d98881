"""The WorldSkills scale (§5)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.domain.errors import InputError
from app.domain.standardisation import SigmaMethod, worldskills_scores

D = Decimal

#: DOMAIN.md's seven-competitor example gives only the results 729/718/710/700/692/679/667.
#: ws depends only on the shape of the raw scores (shift and scale cancel out), so we took the
#: targets' offsets from 700 (+29, +18, +10, 0, −8, −21, −33) as raw offsets, halved them and
#: added them to a median of 80.00. Their population σ is 20.197/2, so each ws is
#: 700 + 0.990·offset, which rounds back to the target (−33 → −32.68 → 667). These are 2-dp
#: totals, as §10.1 says the scale uses.
SEVEN_RAW = {
    "C1": D("94.50"),
    "C2": D("89.00"),
    "C3": D("85.00"),
    "C4": D("80.00"),
    "C5": D("76.00"),
    "C6": D("69.50"),
    "C7": D("63.50"),
}
SEVEN_WS = {"C1": 729, "C2": 718, "C3": 710, "C4": 700, "C5": 692, "C6": 679, "C7": 667}


def test_worldskills_seven_competitor_example() -> None:
    assert worldskills_scores(SEVEN_RAW) == SEVEN_WS


def test_shift_and_scale_do_not_matter() -> None:
    moved = {k: v * 2 - 50 for k, v in SEVEN_RAW.items()}
    assert worldskills_scores(moved) == SEVEN_WS


@pytest.mark.parametrize(
    ("raw", "kw", "expected"),
    [
        ({"a": D(80), "b": D(80)}, {}, {"a": 700, "b": 700}),  # σ = 0 → everyone 700
        ({"a": D(55)}, {}, {"a": 700}),  # n = 1
        ({}, {}, {}),
        ({"a": D(60), "b": D(80)}, {}, {"a": 680, "b": 720}),  # median 70, σ 10
        ({"a": D(60), "b": D(80)}, {"k": D(10)}, {"a": 690, "b": 710}),
        ({"a": D(60), "b": D(80)}, {"centre": 500}, {"a": 480, "b": 520}),
        # MAD: median 70, deviations 10,0,10 → MAD 10 → σ 14.826
        (
            {"a": D(60), "b": D(70), "c": D(80)},
            {"sigma_method": SigmaMethod.MAD},
            {"a": 687, "b": 700, "c": 713},
        ),
        (
            {"a": D(70), "b": D(70), "c": D(90)},
            {"sigma_method": SigmaMethod.MAD},
            {"a": 700, "b": 700, "c": 700},
        ),  # MAD = 0
        ({"a": D("60.01"), "b": D(80)}, {}, {"a": 680, "b": 720}),
    ],
)
def test_scale(raw: dict[str, Decimal], kw: dict, expected: dict[str, int]) -> None:
    assert worldskills_scores(raw, **kw) == expected


def test_half_rounds_up() -> None:
    # median 1, σ 1, K 0.5 → 699.5 and 700.5, both rounded half-up
    assert worldskills_scores({"a": D(0), "b": D(2)}, k=D("0.5")) == {"a": 700, "b": 701}


def test_bad_k() -> None:
    with pytest.raises(InputError):
        worldskills_scores({"a": D(1)}, k=D(0))
