"""Invariants of the keyed links: any change to any field, or another key, changes the hash."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.models import AuditEntry
from app.services.scoring import audit

FIELDS = {
    "actor_id": st.one_of(st.none(), st.integers(1, 10**6)),
    "action": st.text(min_size=1, max_size=20),
    "entity": st.text(min_size=1, max_size=20),
    "entity_id": st.one_of(st.none(), st.integers(0, 10**6)),
    "project_id": st.one_of(st.none(), st.integers(1, 10**6)),
    "new": st.one_of(st.none(), st.dictionaries(st.text(max_size=5), st.integers(), max_size=3)),
    "reason": st.text(max_size=30),
    "prev_hash": st.text(alphabet="0123456789abcdef", min_size=64, max_size=64),
}


def _entry(values: dict) -> AuditEntry:
    return AuditEntry(at=datetime(2026, 5, 1, tzinfo=UTC) + timedelta(seconds=values["s"]),
                      old=None, scheme=audit.KEYED,
                      **{k: v for k, v in values.items() if k != "s"})


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.fixed_dictionaries({**FIELDS, "s": st.integers(0, 10**6)}),
       field=st.sampled_from(sorted(FIELDS)), other=st.data())
def test_any_changed_field_changes_the_keyed_hash(app, values, field, other):
    with app.app_context():
        original = audit.entry_hash(_entry(values))
        changed = other.draw(FIELDS[field].filter(lambda v: v != values[field]))
        assert audit.entry_hash(_entry({**values, field: changed})) != original
        assert audit.entry_hash(_entry(values), key=b"another key") != original
        assert audit.entry_hash(_entry(values)) == original
