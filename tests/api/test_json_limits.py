"""API bodies and socket packets are decoded within limits: a 400, never a 500 (issue #12)."""

from __future__ import annotations

import pytest

from app import json_limits


@pytest.mark.parametrize(("text", "code"), [
    ("[" * 5000 + "]" * 5000, "json.too_deep"),
    ("[" * 40 + "]" * 40, "json.too_deep"),
    ('{"a":' * 33 + "1" + "}" * 33, "json.too_deep"),
    ("[" + ",".join(["0"] * (json_limits.MAX_NODES + 1)) + "]", "json.too_many"),
    ('{"value": 1E-999999999}', "json.bad_number"),
    ('{"value": 1e2}', "json.bad_number"),
    ('{"value": NaN}', "json.bad_number"),
    ('{"value": -Infinity}', "json.bad_number"),
    ('{"value": ' + "1" * 5000 + "}", "json.bad_number"),
    (" " * (json_limits.MAX_BYTES + 1), "json.too_large"),
])
def test_texts_beyond_a_limit_are_refused_naming_it(text, code):
    with pytest.raises(json_limits.JsonLimitError) as refused:
        json_limits.loads(text)
    assert refused.value.code == code


@pytest.mark.parametrize(("text", "field"), [
    ('{"value": 1e2}', "value"),
    ('{"marks": [{"value": 1}, {"value": NaN}]}', "marks[1].value"),
    ('{"a": {"b": [0, ' + "7" * 40 + "]}}", "a.b[1]"),
    ("Infinity", None),
])
def test_a_refused_number_names_the_field_that_held_it(text, field):
    with pytest.raises(json_limits.JsonLimitError) as refused:
        json_limits.loads(text)
    assert refused.value.code == "json.bad_number" and refused.value.field == field


@pytest.mark.parametrize(("text", "expected"), [
    ('{"a": [1, 2.5, "x", null, true]}', {"a": [1, 2.5, "x", None, True]}),
    ("[" * 32 + "]" * 32, [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]),
])
def test_ordinary_texts_decode_as_before(text, expected):
    assert json_limits.loads(text) == expected


@pytest.mark.parametrize(("body", "code"), [
    ("[" * 100_000 + "]" * 100_000, "request.json.too_deep"),
    ('{"client_id": "x", "value": 1E-999999999}', "request.json.bad_number"),
    ('{"client_id": "x", "registration_id": ' + "9" * 5000 + "}", "request.json.bad_number"),
])
def test_an_api_body_beyond_the_limits_is_a_400(client, contest, login, body, code):
    login(contest.judges[0])
    response = client.post("/api/v1/scores", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.json["error"]["code"] == code and response.json["error"]["message"]
    if code == "request.json.bad_number":  # the field is named, in the code and the message
        field = response.json["error"]["field"]
        assert field in {"value", "registration_id"}
        assert response.json["error"]["message"].startswith(f"{field}: ")
