"""Numeric-aware ordering of ids and codes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.ordering import natural_key


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["10", "9", "1"], ["1", "9", "10"]),
        (["A10", "A9", "B1"], ["A9", "A10", "B1"]),
        (["a-10", "A-2"], ["A-2", "a-10"]),
        (["x", "9"], ["9", "x"]),
        (["", "1"], ["", "1"]),
        ([None, "0"], [None, "0"]),
    ],
)
def test_natural_order(values: list[str | None], expected: list[str | None]) -> None:
    assert sorted(values, key=natural_key) == expected


@given(st.lists(st.integers(min_value=0, max_value=10**9)))
def test_integers_as_text_sort_as_numbers(numbers: list[int]) -> None:
    assert [int(t) for t in sorted(map(str, numbers), key=natural_key)] == sorted(numbers)
