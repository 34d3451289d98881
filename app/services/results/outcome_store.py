"""Compare a project evaluation with the stored outcomes and write only what changed.

Used by finalisation inside its one transaction. Unchanged rows are left alone, so storing
the same evaluation twice writes nothing. A changed award or title is replaced (the old row
keeps ``replaced_at``); a changed promotion that is not yet CERTIFIED is replaced by a new
PROPOSED row (the old one is SUPERSEDED and its explanation records the replacement); a
CERTIFIED one goes through the promotions service's revocation path (certificates revoked,
grade reversed). Every replacement is audit-logged with its reason.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from app.domain.evaluation_types import EntryResult as EngineEntry
from app.domain.evaluation_types import ProjectEvaluation
from app.domain.promotion import Outcome, PromotionDecision
from app.extensions import db
from app.models import (
    Appeal,
    Award,
    Certificate,
    EntryResult,
    Project,
    Promotion,
    Registration,
    TitleAward,
)
from app.services.certification.certificates import revoke_rows
from app.services.results import qualification
from app.services.results.promotion_year import resolve_year, reverse_grade
from app.services.scoring import audit

#: Engine outcomes stored as Promotion rows, and the state each starts in.
STORED_OUTCOMES = {
    Outcome.PROMOTED: "PROPOSED",
    Outcome.SUPERSEDED: "SUPERSEDED",
    Outcome.NOT_PASSED: "NOT_PASSED",
    Outcome.ELIGIBLE_TO_APPLY: "ELIGIBLE_TO_APPLY",
    # Kept so an API client reads why a finisher in a band got no change (issue #14).
    Outcome.NO_CHANGE: "NO_CHANGE",
}
#: Stored states that all stand for the engine's PROMOTED (the workflow moved them on).
_PROMOTED_STATES = ("PROPOSED", "APPROVED", "CERTIFIED", "REJECTED")
REPLACED_KEY = "replaced"

_Key = tuple[int, int, str, str, str, str]


def is_replaced(promotion: Promotion) -> bool:
    """Tell whether a re-finalisation replaced this promotion row."""
    return REPLACED_KEY in (promotion.explanation or {})


def _decision_class(state: str) -> str:
    return "PROMOTED" if state in _PROMOTED_STATES else state


def _row_key(row: Promotion) -> _Key:
    return (row.registration_id, row.person_id, _decision_class(row.state), row.action,
            row.grade_before, row.grade_after)


def _decision_key(registration_id: int, d: PromotionDecision) -> _Key:
    row = d.explanation.row
    action = row.action.value if row is not None and row.action is not None else ""
    return (registration_id, int(d.person_id), _decision_class(STORED_OUTCOMES[d.outcome]),
            action, d.grade_before.value, d.grade_after.value)


def explanation_of(d: PromotionDecision) -> dict[str, Any]:
    """Return the explanation a Promotion row stores: the engine's, plus what to apply for."""
    data = d.explanation.to_dict()
    data["apply_for"] = d.apply_for.value if d.apply_for is not None else None
    return data


class OutcomeStore:
    """Write one evaluation's outcomes for a project, comparing with what is stored."""

    def __init__(self, project: Project, evaluation: ProjectEvaluation,
                 registrations: Mapping[int, Registration], *, now: datetime,
                 actor_id: int | None) -> None:
        self.project, self.evaluation, self.registrations = project, evaluation, registrations
        self.now, self.actor_id = now, actor_id
        self.created: dict[str, int] = defaultdict(int)
        self.replaced: list[str] = []
        self._before: dict[int, tuple[Any, ...]] = {}
        self._upheld = list(db.session.execute(
            select(Appeal.id, Appeal.decided_at).where(
                Appeal.project_id == project.id, Appeal.state == "UPHELD")))

    # ------------------------------------------------------------ all

    def store_all(self) -> None:
        """Store results, awards, titles, promotions and qualifications."""
        ids = [int(e.entry_id) for e in self.evaluation.entries]
        self._store_results(ids)
        self._store_awards(ids)
        self._store_titles(ids)
        self._store_promotions(ids)
        changes = qualification.sync_qualifications(
            self.project, self.evaluation, self.registrations, now=self.now,
            actor_id=self.actor_id, reason=self._reason)
        self.created["qualifications"] += changes.created
        self.replaced += changes.replaced
        self.created = dict(self.created)

    # ------------------------------------------------------------ reasons

    def _reason(self, registration_id: int, since: datetime | None = None) -> str:
        """Say why a stored outcome of the registration changes (persisted in Chinese)."""
        parts = [f"申诉 #{aid} 成立" for aid, at in self._upheld
                 if since is None or at is None or at >= since]
        before = self._before.get(registration_id)
        after = self._entry(registration_id)
        if before is not None and after is not None:
            status, total, rank = before
            new_total = None if after.total is None else Decimal(after.total)
            if status != after.status.value:
                parts.append(f"完赛状态 {status} → {after.status.value}")
            if total != new_total:
                parts.append(f"总分 {total} → {new_total}")
            if rank != after.rank:
                parts.append(f"名次 {rank or '—'} → {after.rank or '—'}")
        if len(parts) == sum(1 for p in parts if p.startswith("申诉")):
            parts.append("晋升依据（等级或本年度其他竞赛晋升）变化")
        return ("重新终审：" + "；".join(parts))[:500]

    def _entry(self, registration_id: int) -> EngineEntry | None:
        key = str(registration_id)
        return next((e for e in self.evaluation.entries if e.entry_id == key), None)

    # ------------------------------------------------------------ results

    def _store_results(self, ids: list[int]) -> None:
        stored = {r.registration_id: r for r in db.session.scalars(
            select(EntryResult).where(EntryResult.registration_id.in_(ids)))}
        for entry in self.evaluation.entries:
            rid = int(entry.entry_id)
            row = stored.get(rid)
            values = {
                "finish_status": entry.status.value,
                "component_scores": {c: str(r.score) for c, r in entry.components.items()},
                "total": entry.total,
                "rank": entry.rank,
                "ws_score": entry.ws_score,
                "award": entry.award.value if entry.award is not None else None,
                "explanation": self._explanation(entry),
            }
            if row is None:
                row = EntryResult(registration_id=rid, project_id=self.project.id)
                db.session.add(row)
                self.created["results"] += 1
            else:
                old_total = None if row.total is None else Decimal(row.total)
                self._before[rid] = (row.finish_status, old_total, row.rank)
                if all(_same(getattr(row, k), v) for k, v in values.items()):
                    continue
                self.created["results_updated"] += 1
            for name, value in values.items():
                setattr(row, name, value)
            row.computed_at = self.now

    def _explanation(self, entry: Any) -> dict[str, Any]:
        """Return why the entry stands where it does (stored with its result).

        The place in the fed project is read from its Qualification rows instead: a
        withdrawal changes it without a new finalisation.
        """
        mark = str(self.project.pass_mark)
        return {
            "rank": entry.rank, "n": self.evaluation.n, "position": entry.position,
            "tie_size": entry.tie_size, "decided_by": entry.decided_by,
            "pass_mark": mark, "passed": entry.passed,
            "components": {code: {"score": str(r.score), "pass_mark": mark,
                                  "passed": code not in entry.failed_components}
                           for code, r in entry.components.items()},
            "award": entry.award.value if entry.award is not None else None,
            "titles": [{"code": t.code, "name": t.name, "state": t.state.value}
                       for t in entry.titles],
        }

    # ------------------------------------------------------------ awards and titles

    def _store_awards(self, ids: list[int]) -> None:
        current: dict[int, list[Award]] = defaultdict(list)
        for row in db.session.scalars(select(Award).where(
                Award.registration_id.in_(ids), Award.replaced_at.is_(None)).order_by(Award.id)):
            current[row.registration_id].append(row)
        for entry in self.evaluation.entries:
            rid = int(entry.entry_id)
            wanted = (entry.award.value, entry.rank) if entry.award is not None else None
            rows = current.get(rid, [])
            if wanted is not None and len(rows) == 1 and (rows[0].award, rows[0].rank) == wanted:
                continue
            if not rows and wanted is None:
                continue
            for row in rows:
                self._replace(row, "award", {"award": row.award, "rank": row.rank}, wanted)
            if wanted is not None:
                db.session.add(Award(registration_id=rid, award=wanted[0], rank=wanted[1],
                                     created_at=self.now))
                self.created["awards"] += 1

    def _store_titles(self, ids: list[int]) -> None:
        current: dict[int, list[TitleAward]] = defaultdict(list)
        for row in db.session.scalars(select(TitleAward).where(
                TitleAward.registration_id.in_(ids), TitleAward.replaced_at.is_(None))
                .order_by(TitleAward.id)):
            current[row.registration_id].append(row)
        for entry in self.evaluation.entries:
            rid = int(entry.entry_id)
            wanted = [(t.name, t.state.value) for t in entry.titles]
            kept: set[tuple[str, str]] = set()
            for row in current.get(rid, []):
                pair = (row.title, row.state)
                if pair in wanted and pair not in kept:
                    kept.add(pair)
                else:
                    self._replace(row, "title", {"title": row.title, "state": row.state}, None)
            for name, state in wanted:
                if (name, state) not in kept:
                    db.session.add(TitleAward(registration_id=rid, title=name, state=state,
                                              created_at=self.now))
                    self.created["titles"] += 1

    def _replace(self, row: Award | TitleAward, kind: str, old: dict[str, Any],
                 new: Any) -> None:
        reason = self._reason(row.registration_id, row.created_at)
        row.replaced_at = self.now
        if isinstance(row, Award):
            row.replaced_reason = reason
        db.session.flush()
        audit.record(f"{kind}.replaced", entity=kind, entity_id=row.id, actor_id=self.actor_id,
                     project_id=self.project.id, old=old, new={"value": new}, reason=reason,
                     now=self.now)
        self.replaced.append(f"{kind} #{row.id}: {reason}")

    # ------------------------------------------------------------ promotions

    def _store_promotions(self, ids: list[int]) -> None:
        current: dict[_Key, list[Promotion]] = defaultdict(list)
        for row in db.session.scalars(select(Promotion).where(
                Promotion.registration_id.in_(ids)).order_by(Promotion.id)):
            if not is_replaced(row):
                current[_row_key(row)].append(row)
        fresh: dict[int, Promotion] = {}
        for entry in self.evaluation.entries:
            rid = int(entry.entry_id)
            for decision in entry.promotions:
                if decision.outcome not in STORED_OUTCOMES:
                    continue
                key = _decision_key(rid, decision)
                explanation = explanation_of(decision)
                if current.get(key):
                    row = current[key].pop(0)
                    if row.explanation != explanation:
                        row.explanation = explanation  # same decision, facts restated
                    continue
                row = Promotion(
                    registration_id=rid, person_id=int(decision.person_id),
                    occupation_id=self.project.occupation_id,
                    year=self.project.competition.year, action=key[3],
                    grade_before=decision.grade_before.value,
                    grade_after=decision.grade_after.value,
                    state=STORED_OUTCOMES[decision.outcome], explanation=explanation,
                    created_at=self.now)
                db.session.add(row)
                self.created["promotions"] += 1
                if decision.outcome is Outcome.PROMOTED:
                    fresh[row.person_id] = row
        db.session.flush()
        for rows in current.values():
            for row in rows:
                self._retire(row, fresh.get(row.person_id))
        # The engine named earlier promotions (other contests) this one wins the year over.
        for person_id in sorted({int(p.person_id) for p in self.evaluation.superseded_prior}):
            resolve_year(person_id, self.project.competition.year, now=self.now,
                         actor_id=self.actor_id)

    def _retire(self, row: Promotion, successor: Promotion | None) -> None:
        """Replace a stored promotion the new evaluation no longer gives."""
        reason = self._reason(row.registration_id, row.created_at)
        old_state = row.state
        if old_state == "CERTIFIED":
            certificates = db.session.scalars(select(Certificate).where(
                Certificate.promotion_id == row.id, Certificate.status == "VALID"))
            revoke_rows(certificates, reason, now=self.now, actor_id=self.actor_id)
            reverse_grade(row, reason=reason, now=self.now, actor_id=self.actor_id)
        row.state = "SUPERSEDED"
        row.superseded_by_id = successor.id if successor is not None else None
        row.decision_reason = reason
        row.decided_at = self.now
        row.explanation = {**(row.explanation or {}),
                           REPLACED_KEY: {"at": self.now.isoformat(), "reason": reason}}
        audit.record("promotion.replaced", entity="promotion", entity_id=row.id,
                     actor_id=self.actor_id, project_id=self.project.id,
                     old={"state": old_state, "grade_after": row.grade_after},
                     new={"state": "SUPERSEDED",
                          "superseded_by_id": row.superseded_by_id}, reason=reason,
                     now=self.now)
        self.replaced.append(f"promotion #{row.id}: {reason}")


def _same(stored: Any, value: Any) -> bool:
    if stored is None or value is None:
        return stored is value
    if isinstance(value, Decimal) or isinstance(stored, Decimal):
        return Decimal(stored) == Decimal(value)
    return bool(stored == value)
