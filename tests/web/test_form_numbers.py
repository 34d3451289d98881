"""Page forms read numbers with the one bounded parser and name the field (issue #11.1)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from werkzeug.datastructures import MultiDict

pytestmark = pytest.mark.usefixtures("frozen_clock")


def _form(app, value: str, *, language: str = "en"):
    from flask_wtf import FlaskForm
    from wtforms.validators import InputRequired

    from app.domain.numbers import MARK
    from app.web.form_fields import BoundedDecimalField, BoundedIntegerField

    class Marks(FlaskForm):
        class Meta:
            csrf = False

        mark = BoundedDecimalField("Mark", validators=[InputRequired()], spec=MARK)
        count = BoundedIntegerField("Count")

    from flask import session

    context = app.test_request_context("/")
    context.push()
    session["locale"] = "en" if language == "en" else "zh_CN"  # a page user's own choice
    try:
        form = Marks(formdata=MultiDict({"mark": value, "count": value}))
        form.validate()
        return form.mark.data, list(form.mark.errors), form.count.data, list(form.count.errors)
    finally:
        context.pop()


@pytest.mark.parametrize(("value", "mark", "count"), [
    ("82.5", Decimal("82.5"), None), ("7", Decimal(7), 7), (" 12 ", Decimal(12), 12),
])
def test_plain_numbers_are_read(app, value, mark, count):
    got_mark, mark_errors, got_count, _count_errors = _form(app, value)
    assert (got_mark, mark_errors) == (mark, [])
    assert got_count == count


@pytest.mark.parametrize(("value", "message"), [
    ("1E-999999999", "Mark: write a plain number with the digits 0-9 and at most one decimal "
                     "point (no exponent)."),
    ("NaN", "Mark: write a plain number with the digits 0-9 and at most one decimal point "
            "(no exponent)."),
    ("８２", "Mark: write a plain number with the digits 0-9 and at most one decimal point "
            "(no exponent)."),
    ("82.12345", "Mark: at most 4 decimal places."),
    ("1000", "Mark: at most 3 digits before the decimal point."),
])
def test_other_spellings_are_refused_naming_the_field(app, value, message):
    mark, errors, _count, _count_errors = _form(app, value)
    assert mark is None and errors == [message]


def test_a_whole_number_beyond_the_id_columns_is_refused(app):
    _mark, _errors, count, count_errors = _form(app, str(2**31))
    assert count is None and count_errors == ["Count: must be from -2147483648 to 2147483647."]


def test_the_refusal_is_in_chinese_for_chinese_users(app):
    _mark, errors, _count, _count_errors = _form(app, "82.12345", language="zh-CN")
    assert errors == ["Mark：最多 4 位小数。"]


@pytest.mark.parametrize("query", [
    "project_id=99999999999999999999999", "organization_id=2147483648", "page=1e9",
    "project_id=%C2%B2",  # a superscript two: str.isdigit() says yes, int() says no
])
def test_ids_in_query_strings_beyond_the_columns_are_ignored_not_a_500(client, db, make_user,
                                                                     login, query):
    from tests.registration_data import make_competition, organizer_of

    competition = make_competition()
    login(organizer_of(competition, make_user))
    response = client.get(f"/registrations/competitions/{competition.id}?{query}")
    assert response.status_code == 200


@pytest.mark.parametrize("value", ["99999999999999999999999", "²", "-1"])
def test_form_id_refuses_what_the_columns_cannot_hold(value):
    from app.web.form_fields import form_id, maybe_id

    with pytest.raises(ValueError):
        form_id(value)
    assert maybe_id(value) is None and maybe_id("12") == 12
