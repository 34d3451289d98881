"""The test harness itself: CI fails on a missing tool; the shared ID generator is valid."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.idcard import parse_id_number
from tests.fixtures.people import id_number
from tests.fixtures.services import missing_tools, require_tools, services_required

ABSENT = "jx-no-such-tool"


@pytest.mark.parametrize(("ci", "require", "expected"), [
    (None, None, False),
    ("", None, False),
    ("false", None, False),
    ("true", None, True),
    ("TRUE", None, True),
    ("1", None, True),
    (None, "1", True),
    (None, "0", False),
    ("false", "1", True),
])
def test_ci_or_the_flag_promises_every_service(monkeypatch, ci, require, expected):
    for name, value in (("CI", ci), ("JX_REQUIRE_SERVICES", require)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    assert services_required() is expected


@pytest.mark.parametrize(("env", "outcome"), [
    ({}, pytest.skip.Exception),
    ({"CI": "true"}, pytest.fail.Exception),
    ({"JX_REQUIRE_SERVICES": "1"}, pytest.fail.Exception),
])
def test_a_missing_tool_skips_locally_and_fails_in_ci(monkeypatch, env, outcome):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("JX_REQUIRE_SERVICES", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(outcome, match=ABSENT):
        require_tools("sh", ABSENT)


def test_only_the_absent_tools_are_named():
    assert missing_tools("sh", ABSENT) == [ABSENT]


@pytest.mark.parametrize(("birth", "male", "region", "serial", "expected"), [
    # Worked examples: the first is the valid number tests/services/test_registrations.py uses.
    (date(1990, 3, 7), True, "110101", 0, "110101199003070011"),
    (date(1990, 1, 1), True, "120101", 0, "120101199001010017"),
])
def test_the_id_number_generator_matches_worked_examples(birth, male, region, serial, expected):
    assert id_number(birth, male=male, region=region, serial=serial) == expected


@given(serial=st.integers(min_value=0, max_value=10**6), male=st.booleans(),
       birth=st.dates(min_value=date(1940, 1, 1), max_value=date(2010, 12, 31)))
def test_every_generated_id_number_is_valid_and_tells_the_sex(serial, male, birth):
    info = parse_id_number(id_number(birth, male=male, serial=serial))
    assert (info.birth_date, info.gender.value) == (birth, "MALE" if male else "FEMALE")


def test_a_setting_changed_by_hand_is_put_back_after_the_test(app, db):
    app.config["JX_HARNESS_PROBE"] = "changed"
    app.config["WTF_CSRF_ENABLED"] = "changed"


def test_the_next_test_sees_the_settings_as_built(app, db):
    # Runs after the test above in file order (and passes in any order).
    assert "JX_HARNESS_PROBE" not in app.config
    assert app.config["WTF_CSRF_ENABLED"] != "changed"


def test_fresh_id_numbers_never_repeat_nor_meet_an_explicit_serial():
    explicit = {id_number(serial=n) for n in range(500)}
    fresh = [id_number() for _ in range(1200)]
    assert len(set(fresh)) == len(fresh) and not explicit & set(fresh)
