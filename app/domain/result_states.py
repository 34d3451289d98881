"""The one results state machine of a project (DOMAIN §8).

SCORING → LOCKED → PUBLISHED (公示: objections, 异议, may be filed) → OBJECTION_CLOSED (the
period has ended) → FINAL → CERTIFIED. An upheld score appeal (申诉) or objection REOPENs the
project: back to SCORING, re-marked, re-locked and published again. Every page, API route, CLI
command and service asks ``transition`` before it changes a project's results, so the five
ways to finalise cannot disagree.

Finalising while the 公示 runs is refused with its end; only an administrator may override,
with a written reason (audited and printed on the final results). An open appeal or objection
always blocks finalising. FINAL and CERTIFIED results never reopen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class ResultState(StrEnum):
    """Where a project's results stand."""

    SCORING = "SCORING"
    LOCKED = "LOCKED"
    PUBLISHED = "PUBLISHED"
    OBJECTION_CLOSED = "OBJECTION_CLOSED"
    FINAL = "FINAL"
    CERTIFIED = "CERTIFIED"


class ResultAction(StrEnum):
    """What someone asks of the results."""

    LOCK = "LOCK"
    UNLOCK = "UNLOCK"
    PUBLISH = "PUBLISH"
    FILE_OBJECTION = "FILE_OBJECTION"
    FINALISE = "FINALISE"
    CERTIFY = "CERTIFY"
    REOPEN = "REOPEN"


@dataclass(frozen=True, slots=True)
class TransitionContext:
    """The facts a transition depends on; time comes in as ``now``."""

    now: datetime
    publication_ends_at: datetime | None = None
    open_appeals: int = 0
    override_reason: str = ""
    overrider_is_admin: bool = False


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a transition is refused: a stable code and its parameters."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)


_S, _A = ResultState, ResultAction
FINISHED = frozenset({_S.FINAL, _S.CERTIFIED})


def current_state(*, locked: bool, stored: str, publication_ends_at: datetime | None,
                  now: datetime, certified: bool = False) -> ResultState:
    """Return the state from the stored fields: the 公示 closes by itself at its end."""
    if stored == "FINAL":
        return _S.CERTIFIED if certified else _S.FINAL
    if not locked:
        return _S.SCORING
    if stored == "PUBLISHED":
        if publication_ends_at is not None and now >= publication_ends_at:
            return _S.OBJECTION_CLOSED
        return _S.PUBLISHED
    return _S.LOCKED


def stored_status(state: ResultState) -> str:
    """Return the stored ``Project.result_status`` for a state."""
    if state in FINISHED:
        return "FINAL"
    if state in (_S.PUBLISHED, _S.OBJECTION_CLOSED):
        return "PUBLISHED"
    return "PROVISIONAL"


def _finalise(state: ResultState, ctx: TransitionContext) -> ResultState | Refusal:
    if state in FINISHED:
        return state  # re-running stores changed outcomes; the state stays
    if state is _S.SCORING:
        return Refusal("results.not_locked")
    if state is _S.LOCKED:
        return Refusal("results.not_published")
    if ctx.open_appeals:
        return Refusal("results.appeals_open", {"n": ctx.open_appeals})
    if state is _S.PUBLISHED:
        if not ctx.override_reason.strip():
            return Refusal("results.objection_period", {"ends_at": ctx.publication_ends_at})
        if not ctx.overrider_is_admin:
            return Refusal("results.override_admin_only", {"ends_at": ctx.publication_ends_at})
    return _S.FINAL


def transition(state: ResultState, action: ResultAction,
               ctx: TransitionContext) -> ResultState | Refusal:
    """Return the state ``action`` leads to from ``state``, or why it is refused."""
    if action is _A.FINALISE:
        return _finalise(state, ctx)
    if state in FINISHED:
        if action is _A.CERTIFY:
            return _S.CERTIFIED
        return Refusal("results.final")
    if action is _A.LOCK:
        return _S.LOCKED if state is _S.SCORING else Refusal("results.already_locked")
    if action is _A.UNLOCK:
        if state is _S.LOCKED:
            return _S.SCORING
        if state is _S.SCORING:
            return Refusal("results.not_locked")
        return Refusal("results.published_reopen_only")
    if action is _A.PUBLISH:
        if state is _S.LOCKED:
            return _S.PUBLISHED
        if state is _S.SCORING:
            return Refusal("results.not_locked")
        return Refusal("results.already_published")
    if action is _A.FILE_OBJECTION:
        if state is _S.PUBLISHED:
            return state
        if state is _S.OBJECTION_CLOSED:
            return Refusal("results.objection_closed", {"ends_at": ctx.publication_ends_at})
        return Refusal("results.not_published")
    if action is _A.REOPEN:
        return _S.SCORING
    return Refusal("results.not_final")  # CERTIFY before FINAL
