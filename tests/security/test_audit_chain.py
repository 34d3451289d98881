"""Finding 8: the audit chain is keyed, anchored and checked against the stored scores."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, select, update

from app.models import AuditAnchor, AuditEntry, ScoreEvent
from app.services.scoring import audit
from app.services.scoring.audit_verify import verify_audit

START = datetime(2026, 5, 1, 8, 0, tzinfo=UTC)


def _append(db, n, *, start=0):
    for i in range(start, start + n):
        audit.record("note", entity="thing", entity_id=i, actor_id=None, new={"i": i},
                     now=START + timedelta(seconds=i))
    db.session.commit()


def _plain_sha256(entry: AuditEntry) -> str:
    """The old, unkeyed link: what an attacker without the key can recompute."""
    body = {"at": entry.at.isoformat(), "actor_id": entry.actor_id, "action": entry.action,
            "entity": entry.entity, "entity_id": entry.entity_id,
            "project_id": entry.project_id, "old": entry.old, "new": entry.new,
            "reason": entry.reason, "prev_hash": entry.prev_hash}
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _rewrite_from(db, first_id, recompute):
    """Edit entry `first_id` and recompute every later link, as the attack did."""
    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    prev = audit.GENESIS
    for entry in entries:
        if entry.id == first_id:
            entry.new = {"i": 999}
        if entry.id >= first_id:
            entry.prev_hash = prev
            entry.hash = recompute(entry)
        prev = entry.hash
    db.session.commit()


@pytest.mark.parametrize("recompute", [
    _plain_sha256,
    lambda e: audit.entry_hash(e, key=b"a guessed key"),
])
def test_an_edit_with_recomputed_links_fails_without_the_key(db, recompute):
    _append(db, 5)
    ids = [e.id for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    _rewrite_from(db, ids[2], recompute)
    report = audit.verify_chain()
    assert (report.first_broken_id, report.reason) == (ids[2], "hash")


def test_the_same_edit_with_the_key_is_what_only_the_server_could_do(db):
    _append(db, 3)
    ids = [e.id for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    _rewrite_from(db, ids[1], audit.entry_hash)
    assert audit.verify_chain().ok  # the key is the secret: keep it out of the database


def test_a_configured_audit_key_replaces_the_derived_one(db, app):
    _append(db, 2)
    app.config["AUDIT_KEY"] = "an explicit audit key"
    try:
        assert audit.verify_chain().reason == "hash"
    finally:
        app.config.pop("AUDIT_KEY")
    assert audit.verify_chain().ok


def test_deleting_the_newest_entries_leaves_a_missing_tail(db):
    _append(db, 3)
    anchor = audit.anchor_head("PUBLICATION", project_id=None, now=START)
    db.session.commit()
    assert verify_audit().ok and verify_audit().anchors == 1
    db.session.execute(delete(AuditEntry).where(AuditEntry.id >= anchor.entry_id - 1))
    db.session.commit()
    assert audit.verify_chain().ok  # the shortened chain alone still links up
    report = verify_audit()
    assert [f.kind for f in report.findings] == ["missing_tail"]
    assert report.findings[0].row_id == anchor.id


def test_a_replaced_tail_no_longer_matches_the_anchor(db):
    _append(db, 3)
    anchor = audit.anchor_head("LOCK", project_id=None, now=START)
    db.session.commit()
    db.session.execute(delete(AuditEntry).where(AuditEntry.id == anchor.entry_id))
    db.session.commit()
    _append(db, 1, start=50)  # SQLite may reuse the id
    kinds = {f.kind for f in verify_audit().findings}
    assert kinds & {"missing_tail", "anchor_mismatch"}


def test_a_forged_anchor_is_reported(db):
    _append(db, 2)
    anchor = audit.anchor_head("LOCK", project_id=None, now=START)
    db.session.commit()
    db.session.execute(update(AuditAnchor).where(AuditAnchor.id == anchor.id)
                       .values(entry_id=1))
    db.session.commit()
    assert [f.kind for f in verify_audit().findings] == ["anchor_forged"]


def test_legacy_rows_are_accepted_only_before_the_first_keyed_row(db):
    _append(db, 3)
    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    prev = audit.GENESIS
    for entry in entries[:2]:  # what the migration leaves: unkeyed rows, scheme sha256
        entry.scheme, entry.prev_hash = audit.LEGACY, prev
        entry.hash = _plain_sha256(entry)
        prev = entry.hash
    entries[2].prev_hash = prev
    entries[2].hash = audit.entry_hash(entries[2])
    db.session.commit()
    assert audit.verify_chain().ok and verify_audit().legacy_entries == 2
    _append(db, 1, start=10)
    last = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    last.scheme = audit.LEGACY
    last.hash = _plain_sha256(last)
    db.session.commit()
    assert audit.verify_chain().reason == "legacy_after_keyed"


def test_an_edited_score_event_is_a_score_mismatch(db):
    from tests.judging_setup import build_contest, score_all

    contest = build_contest()
    score_all(contest)
    assert verify_audit().ok and verify_audit().score_events > 0
    first = db.session.scalars(select(ScoreEvent).order_by(ScoreEvent.id)).first()
    db.session.execute(update(ScoreEvent).where(ScoreEvent.id == first.id).values(value=30))
    db.session.commit()
    [finding] = verify_audit().findings
    assert (finding.kind, finding.row_id) == ("score_mismatch", first.id)
    assert "value" in finding.detail


def test_a_deleted_or_inserted_score_event_is_a_score_mismatch(db):
    from tests.judging_setup import build_contest, score_all

    contest = build_contest()
    score_all(contest)
    last = db.session.scalars(select(ScoreEvent).order_by(ScoreEvent.id.desc())).first()
    copy = {c: getattr(last, c) for c in ("judge_id", "registration_id", "aspect_id",
                                          "component_id", "value", "payload_hash")}
    forged = ScoreEvent(client_id="forged", **copy)
    db.session.add(forged)
    db.session.commit()
    assert [f.detail for f in verify_audit().findings] == ["no audit entry"]
    db.session.execute(delete(ScoreEvent).where(ScoreEvent.id.in_([forged.id, last.id])))
    db.session.commit()
    assert [f.detail for f in verify_audit().findings] == ["audited score event is missing"]


def test_lock_publication_and_finalisation_anchor_the_head(db):
    from tests.board_setup import locked_contest

    contest = locked_contest()
    kinds = [a.kind for a in db.session.scalars(select(AuditAnchor).order_by(AuditAnchor.id))]
    assert kinds == ["LOCK"]
    lock = db.session.scalars(select(AuditAnchor)).one()
    head = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert (lock.entry_id, lock.head_hash) == (head.id, head.hash)
    assert head.action == "project.scores_locked" and lock.project_id == contest.project.id
    assert audit.anchor_label(lock) == f"{head.id}:{head.hash[:16]}"
    from app.services.boards.publication import publish_results
    from app.services.results.finalisation import finalize_project

    project = publish_results(contest.organizer, contest.project.id, now=START)
    finalize_project(project.id, actor=contest.organizer,
                     now=project.publication_ends_at + timedelta(minutes=1))
    anchors = db.session.scalars(select(AuditAnchor).order_by(AuditAnchor.id)).all()
    assert [a.kind for a in anchors] == ["LOCK", "PUBLICATION", "FINALISATION"]
    published = db.session.get(AuditEntry, anchors[1].entry_id)
    assert published.action == "project.published"
    assert verify_audit().ok


def test_the_cli_reports_the_first_finding_and_exits_non_zero(db, app):
    _append(db, 3)
    runner = app.test_cli_runner()
    fine = runner.invoke(args=["audit", "verify"])
    assert fine.exit_code == 0 and "OK" in fine.output
    audit.anchor_head("PUBLICATION", project_id=None, now=START)
    db.session.commit()
    db.session.execute(delete(AuditEntry).where(AuditEntry.id == db.session.scalar(
        select(AuditEntry.id).order_by(AuditEntry.id.desc()).limit(1))))
    db.session.commit()
    broken = runner.invoke(args=["audit", "verify"])
    assert broken.exit_code == 1 and "FAIL missing_tail" in broken.output
