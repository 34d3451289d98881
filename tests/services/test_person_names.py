"""Issue #11 finding 12: every person-name field goes through one normalising helper."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

NOW = datetime(2026, 12, 6, 8, 0, tzinfo=UTC)


@pytest.fixture()
def in_request(app, db):
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        yield


def _applicant(name: str):
    from app.services.entry.registration_rules import ApplicantInput

    return ApplicantInput(name=name, id_number="110101199003070011", phone="13800138000",
                          organization_name="某某公司", group="EMPLOYEE")


def test_a_registration_name_with_a_bidi_override_is_refused_naming_the_field(in_request):
    from app.services.entry.registration_rules import check_applicant

    _checked, problems = check_applicant(_applicant("张\u202e三"), now=NOW)
    [problem] = [p for p in problems if p.field == "name"]
    assert problem.code == "person.name_invalid_characters"
    assert "U+202E" in problem.message


def test_a_registration_name_is_stored_without_zero_width_characters(in_request):
    from app.services.entry.registration_rules import check_applicant

    checked, problems = check_applicant(_applicant("张\u200b三"), now=NOW)
    assert [p for p in problems if p.field == "name"] == []
    assert checked is None or checked.name == "张三"


def test_a_display_name_with_a_control_character_is_refused(in_request):
    from app.services.identity import accounts

    with pytest.raises(accounts.AccountError) as caught:
        accounts.create_user("li.si", "Lathe-work-2026", display_name="李\u202e四")
    assert (caught.value.code, caught.value.field) == ("person.name_invalid_characters",
                                                       "display_name")
    user = accounts.create_user("li.si", "Lathe-work-2026", display_name="李\u200d四")
    assert user.display_name == "李四"
