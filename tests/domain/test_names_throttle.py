"""Person-name normal form and the log-in wait (issue #11 findings 7 and 12)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.names import PersonNameError, normalise_name
from app.domain.throttle import login_wait, retry_after_seconds


@pytest.mark.parametrize(("raw", "expected"), [
    ("张三", "张三"),
    ("  张\u3000三  ", "张 三"),
    ("张\u200b三", "张三"),  # zero-width space dropped: looks the same, stored the same
    ("\ufeff李四", "李四"),
    ("Zoe\u0301", "Zoé"),  # NFC: e + combining acute is one é
    ("阿卜杜·热合曼", "阿卜杜·热合曼"),
])
def test_names_are_stored_in_one_normal_form(raw, expected):
    assert normalise_name(raw) == expected


@pytest.mark.parametrize("raw", [
    "张\u202e三",  # right-to-left override: displays reversed
    "王\u2066五\u2069",  # isolates
    "赵\u200f六",  # right-to-left mark
    "钱\x07七",  # control character (bell)
    "孙\x00八",
])
def test_control_and_bidi_characters_are_refused_with_their_code_point(raw):
    with pytest.raises(PersonNameError) as caught:
        normalise_name(raw)
    assert caught.value.code == "person.name_invalid_characters"
    assert caught.value.params["codepoint"].startswith("U+")


@given(st.text(max_size=40))
def test_normalising_is_idempotent_and_leaves_no_invisible_characters(raw):
    try:
        once = normalise_name(raw)
    except PersonNameError:
        return
    assert normalise_name(once) == once
    assert not any(ch in once for ch in "\u200b\u200c\u200d\ufeff\u202e")
    assert once == once.strip()


@pytest.mark.parametrize(("failures", "seconds"), [
    (0, 0), (5, 0), (6, 2), (7, 4), (10, 32), (13, 256), (14, 300), (10_000, 300),
])
def test_the_wait_is_free_then_doubles_and_is_capped(failures, seconds):
    assert login_wait(failures, free=5, base_seconds=2, cap_seconds=300) == timedelta(
        seconds=seconds)


@given(st.integers(min_value=0, max_value=10**9))
def test_the_wait_never_exceeds_the_cap_and_grows_monotonically(failures):
    wait = login_wait(failures, free=5, base_seconds=2, cap_seconds=300)
    assert timedelta(0) <= wait <= timedelta(seconds=300)
    assert login_wait(failures + 1, free=5, base_seconds=2, cap_seconds=300) >= wait


def test_retry_after_rounds_up_and_is_zero_once_passed():
    now = datetime(2026, 12, 6, tzinfo=UTC)
    assert retry_after_seconds(None, now) == 0
    assert retry_after_seconds(now, now) == 0
    assert retry_after_seconds(now + timedelta(seconds=1.2), now) == 2
    assert retry_after_seconds(now + timedelta(seconds=3), now) == 3
