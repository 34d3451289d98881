"""Ask the one results state machine (app.domain.result_states) about a stored project.

Every use case that moves a project's results (lock, unlock, publish, finalise, certify, an
upheld appeal or objection) calls ``require`` first: it maps the stored fields to a state,
asks ``transition`` and either returns the new state or raises ``ResultsRefused`` with the
reason in the user's language (the 公示 end shown in the display time zone).
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _

from app.domain.result_states import (
    FINISHED,
    Refusal,
    ResultAction,
    ResultState,
    TransitionContext,
    current_state,
    stored_status,
    transition,
)
from app.errors import ConflictError, ForbiddenError, ServiceError
from app.models import Project
from app.services.boards import leaderboard
from app.services.common.local_time import format_local, zone_label

__all__ = ["FINISHED", "ResultAction", "ResultState", "ResultsRefused", "project_state", "require",
           "stored_status"]


class ResultsRefused(ConflictError):
    """The results state machine refuses the action (409; 403 for a non-admin override)."""


def project_state(project: Project, now: datetime) -> ResultState:
    """Return the project's results state at ``now``."""
    return current_state(locked=project.scores_locked_at is not None,
                         stored=project.result_status,
                         publication_ends_at=project.publication_ends_at, now=now)


def context(project: Project, now: datetime, *, override_reason: str = "",
            overrider_is_admin: bool = False) -> TransitionContext:
    """Return the facts the state machine needs about a stored project."""
    return TransitionContext(now=now, publication_ends_at=project.publication_ends_at,
                             open_appeals=leaderboard.count_open_appeals(project.id),
                             override_reason=override_reason,
                             overrider_is_admin=overrider_is_admin)


def check(project: Project, action: ResultAction, now: datetime, *, override_reason: str = "",
          overrider_is_admin: bool = False) -> ServiceError | ResultState:
    """Return the state ``action`` would lead to, or the refusal as an error (raises nothing)."""
    facts = context(project, now, override_reason=override_reason,
                    overrider_is_admin=overrider_is_admin)
    result = transition(project_state(project, now), action, facts)
    if isinstance(result, Refusal):
        return refusal_error(result)
    return result


def require(project: Project, action: ResultAction, now: datetime) -> ResultState:
    """Return the state ``action`` leads to; raise ResultsRefused when it is refused."""
    result = check(project, action, now)
    if isinstance(result, ServiceError):
        raise result
    return result


def _when(params: dict[str, object]) -> dict[str, str]:
    ends = params.get("ends_at")
    return {"ends_at": format_local(ends if isinstance(ends, datetime) else None),
            "zone": zone_label()}


def refusal_error(refusal: Refusal) -> ServiceError:
    """Return the refusal as an error with a message in the user's language."""
    code, params = refusal.code, refusal.params
    if code == "results.objection_period":
        message = _("The objection period (公示) runs until %(ends_at)s (%(zone)s); the results "
                    "can be finalised only after it ends.", **_when(params))
    elif code == "results.override_admin_only":
        return ForbiddenError(code, _(
            "The objection period (公示) runs until %(ends_at)s (%(zone)s); only an "
            "administrator may finalise earlier, with a written reason.", **_when(params)),
            field="override_reason")
    elif code == "results.objection_closed":
        message = _("The objection period (公示) ended at %(ends_at)s (%(zone)s).",
                    **_when(params))
    elif code == "results.appeals_open":
        message = _("%(n)d appeal(s) or objection(s) of this project are still open; the "
                    "arbitration panel must decide them before the results are finalised.",
                    n=int(params.get("n", 0)))  # type: ignore[call-overload]
    else:
        message = {
            "results.not_published": _("The results have not been published (公示) yet; "
                                       "publish them first."),
            "results.not_locked": _("The scores are not locked; the chief judge must lock "
                                    "them first."),
            "results.already_locked": _("The scores are already locked."),
            "results.already_published": _("The results are already published (公示)."),
            "results.published_reopen_only": _(
                "The results are published (公示); only an upheld appeal or objection reopens "
                "the scores."),
            "results.final": _("The results are final and can no longer change."),
            "results.not_final": _("The results are not final yet."),
        }.get(code, code)
    return ResultsRefused(code, message)
