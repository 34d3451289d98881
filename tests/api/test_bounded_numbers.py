"""Numbers in API bodies go through the one bounded parser (issue #11, finding 1)."""

from __future__ import annotations

import pytest
from marshmallow import Schema, class_registry, fields

from tests.judging_setup import new_id


def _stored() -> int:
    from sqlalchemy import func, select

    from app.extensions import db
    from app.models import ScoreEvent

    return db.session.scalar(select(func.count()).select_from(ScoreEvent))


@pytest.mark.parametrize(("aspect", "value"), [
    ("panel", "1E-999999999"), ("panel", "1e1"), ("panel", "NaN"), ("panel", "１２"),
    ("panel", "12.00001"), ("panel", 12.12345), ("panel", "1_0"), ("theory", "1E-999999999"),
    ("panel", {"deep": [[["1"]]]}),
])
def test_a_mark_not_in_plain_bounded_notation_is_refused_naming_the_field(
        client, contest, login, aspect, value):
    target = {"panel": {"aspect_id": contest.panel.id},
              "theory": {"component_id": contest.theory.id}}[aspect]
    login(contest.chief if aspect == "theory" else contest.judges[0])
    response = client.post("/api/v1/scores", json={
        "client_id": new_id(), "registration_id": contest.registrations[0].id,
        "value": value, **target})
    assert response.status_code == 422
    assert response.json["error"]["field"] == "value"
    assert "value" in response.json["error"]["message"]
    assert _stored() == 0


def test_the_refusal_is_in_the_users_language(client, contest, login):
    login(contest.judges[0])
    response = client.post("/api/v1/scores", headers={"Accept-Language": "en"}, json={
        "client_id": new_id(), "registration_id": contest.registrations[0].id,
        "aspect_id": contest.panel.id, "value": "12.00001"})
    assert response.json["error"]["message"] == "value: at most 4 decimal places."


def test_a_penalty_with_too_many_places_is_refused(client, contest, login):
    login(contest.chief)
    response = client.post(f"/api/v1/projects/{contest.project.id}/penalties", json={
        "registration_id": contest.registrations[0].id, "component_id": contest.practical.id,
        "points": "1E-999999999", "reason": "x"})
    assert response.status_code == 422 and response.json["error"]["field"] == "points"


def _number_fields(schema: type[Schema]):
    for name, field in schema._declared_fields.items():
        stack = [field]
        while stack:
            current = stack.pop()
            yield f"{schema.__name__}.{name}", current
            if isinstance(current, fields.List):
                stack.append(current.inner)
            if isinstance(current, fields.Nested) and isinstance(current.nested, type):
                stack.extend(current.nested._declared_fields.values())


def test_no_api_schema_declares_an_unbounded_number_field(app):
    from app.web.api.fields import BoundedDecimal, BoundedInteger

    schemas = {cls for entries in class_registry._registry.values() for cls in entries
               if cls.__module__.startswith("app.web.api")}
    assert len(schemas) > 20
    loose = [where for schema in schemas for where, field in _number_fields(schema)
             if isinstance(field, fields.Number | fields.Decimal)
             and not isinstance(field, BoundedInteger | BoundedDecimal)]
    assert loose == []
