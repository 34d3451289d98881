"""The whole audit check: the keyed chain, its anchors, and every score against its entry.

Three ways the record could be rewritten, and what catches each:
- an entry edited (and later hashes recomputed): the keyed chain (needs the audit key);
- the newest entries deleted: an anchor names a head the chain no longer reaches
  ("missing tail"), or a head hash that no longer matches ("anchor mismatch");
- a stored score event edited, inserted or deleted directly (which changes ranks without
  touching the chain): every score event must have its "score.submitted" entry with the
  same judge, contestant, sheet and value, and every such entry its event.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditAnchor, AuditEntry, ScoreEvent
from app.services.common.derived_keys import audit_key
from app.services.scoring import audit

SCORE_ACTION = "score.submitted"


@dataclass(frozen=True, slots=True)
class Finding:
    """One failed check: its kind, the row it concerns and what differs."""

    kind: str  # chain | missing_tail | anchor_mismatch | anchor_forged | score_mismatch
    row_id: int
    detail: str

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "row_id": self.row_id, "detail": self.detail}


@dataclass(slots=True)
class AuditReport:
    """The verdict: how much was checked, and the first finding of each kind."""

    entries: int = 0
    legacy_entries: int = 0
    anchors: int = 0
    score_events: int = 0
    head_id: int | None = None
    head_hash: str | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "entries": self.entries, "legacy_entries": self.legacy_entries,
                "anchors": self.anchors, "score_events": self.score_events,
                "head_id": self.head_id, "head_hash": self.head_hash,
                "findings": [f.to_dict() for f in self.findings]}


def verify_audit() -> AuditReport:
    """Run every check and return the first finding of each kind (nothing is changed)."""
    report = AuditReport()
    chain = audit.verify_chain()
    report.entries = chain.checked
    if not chain.ok:
        assert chain.first_broken_id is not None
        report.findings.append(Finding("chain", chain.first_broken_id, chain.reason))
    report.legacy_entries = int(db.session.scalar(
        select(func.count(AuditEntry.id)).where(AuditEntry.scheme == audit.LEGACY)) or 0)
    head = db.session.execute(
        select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)).first()
    if head is not None:
        report.head_id, report.head_hash = head[0], head[1]
    _check_anchors(report)
    _check_scores(report)
    db.session.rollback()  # a read: end the transaction
    return report


def _check_anchors(report: AuditReport) -> None:
    key = audit_key()
    newest = report.head_id or 0
    kinds: set[str] = set()
    for anchor in db.session.scalars(select(AuditAnchor).order_by(AuditAnchor.id)):
        report.anchors += 1
        if not hmac.compare_digest(audit.anchor_mac(anchor, key), anchor.mac):
            _first(report, kinds, Finding("anchor_forged", anchor.id, anchor.kind))
        elif anchor.entry_id > newest:
            _first(report, kinds, Finding(
                "missing_tail", anchor.id,
                f"anchor {anchor.kind} names entry {anchor.entry_id}; the chain ends at {newest}"))
        else:
            stored = db.session.scalar(
                select(AuditEntry.hash).where(AuditEntry.id == anchor.entry_id))
            if stored != anchor.head_hash:
                _first(report, kinds, Finding(
                    "anchor_mismatch", anchor.id,
                    f"entry {anchor.entry_id} no longer has the anchored hash"))


def _check_scores(report: AuditReport) -> None:
    entries = {
        e.entity_id: e for e in db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == SCORE_ACTION,
                                     AuditEntry.entity == "score_event"))
    }
    kinds: set[str] = set()
    for event in db.session.scalars(select(ScoreEvent).order_by(ScoreEvent.id)).yield_per(1000):
        report.score_events += 1
        entry = entries.pop(event.id, None)
        problem = "no audit entry" if entry is None else _score_difference(event, entry)
        if problem:
            _first(report, kinds, Finding("score_mismatch", event.id, problem))
    for event_id in sorted(k for k in entries if k is not None)[:1]:
        _first(report, kinds, Finding("score_mismatch", event_id,
                                      "audited score event is missing"))


def _score_difference(event: ScoreEvent, entry: AuditEntry) -> str:
    """Return what differs between a stored score event and its audit entry ("" if nothing)."""
    new = entry.new or {}
    expected = {"judge": entry.actor_id, "registration_id": new.get("registration_id"),
                "aspect_id": new.get("aspect_id"), "component_id": new.get("component_id")}
    stored = {"judge": event.judge_id, "registration_id": event.registration_id,
              "aspect_id": event.aspect_id, "component_id": event.component_id}
    for name, value in expected.items():
        if stored[name] != value:
            return f"{name}: stored {stored[name]}, audited {value}"
    try:
        audited = Decimal(str(new.get("value")))
    except InvalidOperation:
        return "value: the audited value is not a number"
    if Decimal(event.value) != audited:
        return f"value: stored {event.value}, audited {audited}"
    return ""


def _first(report: AuditReport, kinds: set[str], finding: Finding) -> None:
    if finding.kind not in kinds:
        kinds.add(finding.kind)
        report.findings.append(finding)
