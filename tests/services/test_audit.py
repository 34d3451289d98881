"""The audit log is an unbroken hash chain; any edit is found."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import update

from app.models import AuditEntry
from app.services.scoring import audit


def _append(n, db):
    start = datetime(2026, 5, 1, 8, 0, tzinfo=UTC)
    for i in range(n):
        audit.record(
            "score.entered",
            entity="score_event",
            entity_id=i,
            actor_id=None,
            old=None,
            new={"value": Decimal("2.50") + i, "code": "A1"},
            reason="",
            now=start + timedelta(seconds=i),
        )
    db.session.commit()


def test_empty_chain_verifies(db):
    report = audit.verify_chain()
    assert report.ok and report.checked == 0


def test_chain_links_each_entry_to_the_previous(db):
    _append(5, db)
    entries = db.session.query(AuditEntry).order_by(AuditEntry.id).all()
    assert entries[0].prev_hash == audit.GENESIS
    assert [e.prev_hash for e in entries[1:]] == [e.hash for e in entries[:-1]]
    assert audit.verify_chain().ok
    assert audit.verify_chain().checked == 5


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("reason", "tampered", "hash"),
        ("new", {"value": "99"}, "hash"),
        ("prev_hash", "f" * 64, "prev_hash"),
    ],
)
def test_an_edited_entry_is_reported_as_the_first_broken_link(db, column, value, reason):
    _append(4, db)
    third = db.session.query(AuditEntry).order_by(AuditEntry.id).all()[2]
    db.session.execute(update(AuditEntry).where(AuditEntry.id == third.id).values({column: value}))
    db.session.commit()
    report = audit.verify_chain()
    assert report.first_broken_id == third.id
    assert report.reason == reason


def test_a_deleted_entry_breaks_the_chain_after_it(db):
    _append(4, db)
    ids = [e.id for e in db.session.query(AuditEntry).order_by(AuditEntry.id)]
    db.session.query(AuditEntry).filter(AuditEntry.id == ids[1]).delete()
    db.session.commit()
    assert audit.verify_chain().first_broken_id == ids[2]


def test_rolled_back_entries_leave_no_trace(db):
    _append(2, db)
    audit.record("x", entity="y", entity_id=1, actor_id=None)
    db.session.rollback()
    assert audit.verify_chain().checked == 2
