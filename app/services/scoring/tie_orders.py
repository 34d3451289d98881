"""The chief judge's tie order: list the ties the chain leaves, record an order with a reason.

A tie that survives the whole tie-break chain (§5) is settled only by the chief judge's
explicit order (§10.6). It applies whether or not ranks may be shared; where they may not,
an unordered tie blocks finalisation. One order per project is in force: the latest
``TieBreakOrder`` row, which keeps every earlier decision for other ties.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from app.domain.errors import DomainError
from app.domain.evaluation import evaluate_project, ranking_inputs
from app.domain.ordering import natural_key
from app.domain.ranking import RankingEntry, surviving_ties
from app.errors import ConflictError, ForbiddenError, ServiceError
from app.extensions import begin_write, db, rollback_on_error
from app.models import Project, TieBreakOrder, User
from app.security import Role, has_role
from app.services.boards import standings_inputs
from app.services.common import mappers
from app.services.common.access import Need, get_project
from app.services.scoring import audit, judging_events
from app.services.scoring.judging_access import is_chief
from app.services.scoring.judging_tx import finish_change

MAX_REASON = 500
# Once the results are final the ranks are settled; an order then needs an upheld appeal.
_CLOSED = ("FINAL", "CERTIFIED")


@dataclass(frozen=True)
class TieEntry:
    """One tied entry with every tie-break value side by side."""

    registration_id: int
    code: str
    total: Decimal | None
    practical: Decimal | None
    working_time: int | None
    theory: Decimal | None
    top_criterion: Decimal | None
    rank: int | None
    decided_by: str

    def to_dict(self) -> dict[str, Any]:
        """Return JSON-ready values (marks as strings)."""
        return {
            "registration_id": self.registration_id, "code": self.code,
            "total": _text(self.total), "practical": _text(self.practical),
            "working_time": self.working_time, "theory": _text(self.theory),
            "top_criterion": _text(self.top_criterion), "rank": self.rank,
            "decided_by": self.decided_by,
        }


@dataclass(frozen=True)
class Tie:
    """Entries equal on the total and the whole chain; `ordered` once the chief judge did."""

    entries: tuple[TieEntry, ...]
    ordered: bool

    def to_dict(self) -> dict[str, Any]:
        """Return JSON-ready data."""
        return {"ordered": self.ordered, "entries": [e.to_dict() for e in self.entries]}


@dataclass(frozen=True)
class TieSheet:
    """A project's surviving ties, whether ranks are shared, and the order in force."""

    project_id: int
    shares_ranks: bool
    ties: tuple[Tie, ...]
    order: TieBreakOrder | None

    @property
    def blocking(self) -> bool:
        """Tell whether an unordered tie blocks finalisation (ranks may not be shared)."""
        return not self.shares_ranks and any(not t.ordered for t in self.ties)

    def to_dict(self) -> dict[str, Any]:
        """Return JSON-ready data."""
        order = None
        if self.order is not None:
            order = {"registration_ids": list(self.order.registration_ids),
                     "reason": self.order.reason, "decided_by_id": self.order.decided_by_id,
                     "decided_at": self.order.decided_at.isoformat()}
        return {"project_id": self.project_id, "shares_ranks": self.shares_ranks,
                "blocking": self.blocking, "ties": [t.to_dict() for t in self.ties],
                "order": order}


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def current_order(project_id: int) -> TieBreakOrder | None:
    """Return the chief judge's order in force for a project (the latest), if any."""
    return db.session.scalars(
        select(TieBreakOrder).where(TieBreakOrder.project_id == project_id)
        .order_by(TieBreakOrder.id.desc()).limit(1)
    ).first()


def tie_reasons(project_id: int) -> dict[int, str]:
    """Return registration id → the chief judge's reason for the order that placed it."""
    reasons: dict[int, str] = {}
    rows = db.session.scalars(
        select(TieBreakOrder).where(TieBreakOrder.project_id == project_id)
        .order_by(TieBreakOrder.id)
    )
    for row in rows:  # later decisions overwrite earlier ones
        for registration_id in row.tie_ids or row.registration_ids:
            reasons[int(registration_id)] = row.reason
    return reasons


def get_tie_sheet(actor: Any, project_id: int) -> TieSheet:
    """Return the ties the chain leaves in a project, each value side by side (overseers)."""
    return tie_sheet(get_project(actor, project_id, Need.OVERSEE))


def ordered_tie_notes(project: Project) -> dict[int, str]:
    """Return registration id → the chief judge's reason, for entries of ties ordered now.

    What the 公示 and each outcome's explanation quote; a tie that a re-mark dissolved is
    no longer listed.
    """
    reasons = tie_reasons(project.id)
    if not reasons:  # no order recorded: spare the 公示 and outcome pages an engine run
        return {}
    return {e.registration_id: reasons.get(e.registration_id, "")
            for tie in tie_sheet(project).ties if tie.ordered for e in tie.entries}


def tie_sheet(project: Project) -> TieSheet:
    """Return a project's surviving ties (no access check: callers load the project)."""
    inputs = standings_inputs.engine_inputs(project)
    order = current_order(project.id)
    live = mappers.live_project_input(project, inputs.components,
                                      chief_judge_order=inputs.chief_judge_order)
    if not inputs.entries or not inputs.components:
        return TieSheet(project.id, live.shares_ranks, (), order)
    try:
        figures = ranking_inputs(live, inputs.entries)
        evaluation = evaluate_project(live, inputs.entries)
    except DomainError:
        # A scheme not yet valid has no totals, hence no ties; the console says why.
        return TieSheet(project.id, live.shares_ranks, (), order)
    by_id: dict[str, RankingEntry] = {f.entry_id: f for f in figures}
    places = {e.entry_id: e for e in evaluation.entries}
    ordered_ids = set(inputs.chief_judge_order)
    ties = []
    for group in surviving_ties(figures, tie_breaks=live.tie_breaks):
        entries = tuple(
            TieEntry(
                registration_id=int(eid), code=inputs.rows[int(eid)]["code"] or f"#{eid}",
                total=by_id[eid].total, practical=by_id[eid].practical,
                working_time=by_id[eid].working_time, theory=by_id[eid].theory,
                top_criterion=by_id[eid].top_criterion, rank=places[eid].rank,
                decided_by=places[eid].decided_by,
            )
            for eid in sorted(group, key=lambda i: (places[i].position, natural_key(i)))
        )
        ties.append(Tie(entries, ordered=set(group) <= ordered_ids))
    return TieSheet(project.id, live.shares_ranks, tuple(ties), order)


def _reason(text: str | None) -> str:
    cleaned = (text or "").strip()
    if not cleaned:
        raise ServiceError("tie_order.reason_required",
                           _("Write the reason for this order."), field="reason")
    if len(cleaned) > MAX_REASON:
        raise ServiceError("tie_order.reason_too_long",
                           _("The reason may have at most %(n)d characters.", n=MAX_REASON),
                           field="reason")
    return cleaned


def record_tie_order(
    actor: User, project_id: int, *, registration_ids: list[int], reason: str, now: datetime
) -> TieBreakOrder:
    """Record the chief judge's order of one surviving tie, with a written reason (§10.6)."""
    text = _reason(reason)
    begin_write()
    with rollback_on_error():
        project = get_project(actor, project_id, Need.OVERSEE)
        if not (has_role(actor, Role.ADMIN) or is_chief(actor, project.id)):
            raise ForbiddenError("tie_order.chief_only",
                                 _("Only this project's chief judge may order a tie."))
        if project.result_status in _CLOSED:
            raise ConflictError("tie_order.results_final",
                                _("The results are final; a tie can no longer be reordered."))
        sheet = get_tie_sheet(actor, project.id)
        wanted = [int(i) for i in registration_ids]
        tie = next((t for t in sheet.ties
                    if {e.registration_id for e in t.entries} == set(wanted)), None)
        if tie is None or len(set(wanted)) != len(wanted):
            raise ServiceError(
                "tie_order.not_a_tie",
                _("List every registration of one tie exactly once, in the order decided."),
                field="registration_ids")
        judging_events.prepare_change(project)
        previous = current_order(project.id)
        kept = [i for i in (previous.registration_ids if previous else []) if i not in wanted]
        row = TieBreakOrder(project_id=project.id, registration_ids=kept + wanted, tie_ids=wanted,
                            reason=text, decided_by_id=actor.id, decided_at=now)
        db.session.add(row)
        db.session.flush()
        audit.record("tie_order.recorded", entity="project", entity_id=project.id,
                     actor_id=actor.id, project_id=project.id,
                     old=None if previous is None else list(previous.registration_ids),
                     new={"tie": wanted, "order": row.registration_ids}, reason=text, now=now)
    finish_change(project)
    return row
