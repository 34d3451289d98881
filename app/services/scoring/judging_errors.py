"""Refusals of the judging use cases: a stable code, params and a message in the user's language.

Every code has an English msgid, translated through the catalogs like every other text; the
rules engine's own reasons (score.out_of_range, conflict.same_employer, …) are translated by
code, or keep the engine's message when the code is unknown here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext as _l

from app.domain.errors import DomainError, Reason
from app.errors import ServiceError
from app.services.common import labels

# code → (HTTP-ish status, English msgid; Chinese in the zh_CN catalog); params fill %(name)s.
_TEXTS: dict[str, tuple[int, Any]] = {
    "auth.required": (401, _l("Please log in first.")),
    "auth.forbidden": (403, _l("You do not have permission to do this.")),
    "server.error": (
        500,
        _l("Server error; the score will be sent again."),
    ),
    "project.not_found": (404, _l("No such project.")),
    "registration.not_found": (
        404,
        _l("This contestant is not in this project."),
    ),
    "aspect.not_found": (
        404,
        _l("This aspect is not part of this project."),
    ),
    "component.not_found": (
        404,
        _l("This component is not part of this project."),
    ),
    "user.not_found": (404, _l("No such user.")),
    "penalty.not_found": (404, _l("No such penalty.")),
    "score.bad_request": (
        422,
        _l("The score is incomplete: %(field)s."),
    ),
    "score.bad_value": (422, _l("The value is not a valid number.")),
    "score.id_reused": (
        409,
        _l("This score id was already used for a different score; reload and enter it again."),
    ),
    "score.not_judge": (403, _l("You are not a judge of this project.")),
    "score.not_seated": (
        403,
        _l("You are not assigned to score this aspect."),
    ),
    "score.conflicted": (
        403,
        _l("You must recuse yourself from this contestant and cannot score them."),
    ),
    "score.not_checked_in": (
        409,
        _l("This contestant has not checked in and cannot be scored."),
    ),
    "score.not_finished": (
        409,
        _l("This contestant did not finish or was disqualified."),
    ),
    "score.project_locked": (
        409,
        _l("Scores are locked; no more scoring."),
    ),
    "score.no_scheme": (
        409,
        _l("This project has no marking scheme yet."),
    ),
    "score.scheme_invalid": (
        409,
        _l("The marking scheme has problems; the organizer must fix them before judging starts."),
    ),
    "score.m_not_allowed": (
        422,
        _l("Measurement %(aspect)s only accepts the stated values."),
    ),
    "score.out_of_range": (
        422,
        _l("%(aspect)s: %(value)s is outside %(min)s–%(max)s."),
    ),
    "score.j_integer": (422, _l("A judgement score must be 0, 1, 2 or 3.")),
    "scheme.locked": (
        409,
        _l("Judging has started; the marking scheme is locked."),
    ),
    "scheme.invalid": (
        422,
        _l("The marking scheme has %(count)s problems."),
    ),
    "scheme.bad_structure": (
        422,
        _l("The marking scheme is malformed at %(field)s."),
    ),
    "scheme.too_long": (
        422,
        _l("%(field)s is longer than %(limit)s characters."),
    ),
    "assign.conflicted": (
        409,
        _l("This judge must recuse from %(count)s contestants of this project."),
    ),
    "assign.not_judge": (422, _l("This user is not a judge.")),
    "assign.chief_exists": (409, _l("This project already has a chief judge.")),
    "assign.has_scores": (
        409,
        _l("This judge has already scored; the assignment cannot be removed."),
    ),
    "assign.not_assigned": (
        422,
        _l("This user is not assigned to this project."),
    ),
    "reason.required": (422, _l("Please give a reason.")),
    "sheet.not_found": (404, _l("Nothing has been scored on this sheet yet.")),
    "sheet.incomplete": (
        409,
        _l("The sheet is not complete yet (%(done)s/%(total)s)."),
    ),
    "sheet.flagged": (
        409,
        _l("The sheet has unresolved flags: %(flags)s."),
    ),
    "sheet.own_entry": (403, _l("You cannot verify your own entry.")),
    "sheet.already_verified": (409, _l("This sheet is already verified.")),
    "penalty.points": (
        422,
        _l("Points must be above 0 and at most 100."),
    ),
    "penalty.withdrawn": (409, _l("This penalty was already withdrawn.")),
    "penalty.countersigned": (
        409,
        _l("This penalty is already countersigned."),
    ),
    "penalty.not_disqualifying": (
        422,
        _l("Only disqualifying penalties need a countersignature."),
    ),
    "finish.status": (
        422,
        _l("The finish status must be FINISHED, DNF or DQ."),
    ),
    "lock.incomplete": (
        409,
        _l("%(count)s sheets are not complete; the project cannot be locked."),
    ),
    "lock.flagged": (
        409,
        _l("%(count)s sheets are flagged; the project cannot be locked."),
    ),
    "lock.uncovered": (
        409,
        _l("%(aspect)s has no judge who may score %(code)s (all must recuse): seat another "
           "judge. %(count)s such sheets; the project cannot be locked."),
    ),
    "coverage.gap": (
        409,
        _l("%(aspect)s has no judge who may score %(contestant)s (all must recuse): seat "
           "another judge."),
    ),
    "lock.already": (409, _l("Scores are already locked.")),
    "lock.not_locked": (409, _l("Scores are not locked.")),
    "lock.final": (
        409,
        _l("Results are final; scores cannot be unlocked."),
    ),
    "signoff.not_locked": (
        409,
        _l("The scores are not locked; lock them before signing off the results."),
    ),
    "signoff.already": (
        409,
        _l("The results are already signed off (by %(name)s, %(at)s %(zone)s)."),
    ),
    "conflict.same_employer": (
        409,
        _l("The judge and the contestant have the same employer."),
    ),
    "conflict.same_school": (
        409,
        _l("The judge and the contestant are from the same school."),
    ),
    "conflict.declared": (
        409,
        _l("A conflict of interest was declared between them."),
    ),
    "scheme.no_components": (
        422,
        _l("The project has no components."),
    ),
    "scheme.duplicate_component": (
        422,
        _l("Component code %(code)s is used twice."),
    ),
    "scheme.duplicate_kind": (
        422,
        _l("Only one %(kind)s component is allowed."),
    ),
    "scheme.weight_range": (
        422,
        _l("%(component)s: weight %(weight)s must be above 0 and at most 1."),
    ),
    "scheme.theory_weight": (
        422,
        _l("The theory weight %(weight)s is above 30%%."),
    ),
    "scheme.weights_sum": (
        422,
        _l("The weights add up to %(sum)s instead of 1."),
    ),
    "scheme.duplicate_aspect": (
        422,
        _l("Aspect code %(aspect)s is used twice."),
    ),
    "scheme.max_mark": (
        422,
        _l("%(aspect)s: the max mark must be above 0."),
    ),
    "scheme.j_panel": (
        422,
        _l("Judgement aspect %(aspect)s needs at least 3 judges; it has %(panel_size)s."),
    ),
    "scheme.allowed_value": (
        422,
        _l("%(aspect)s: allowed value %(value)s is out of range."),
    ),
    "scheme.no_aspects": (
        422,
        _l("The scheme of %(component)s has no aspects."),
    ),
    "scheme.max_sum": (
        422,
        _l("The max marks of %(component)s add up to %(sum)s instead of 100."),
    ),
    "theory.invalid": (
        422,
        _l("The theory score table has %(count)s problems; nothing was imported."),
    ),
    "theory.no_component": (
        409,
        _l("This project has no theory component."),
    ),
    "theory.unknown_contestant": (
        422,
        _l("Row %(row)s: no contestant with code or ticket %(key)s."),
    ),
    "theory.duplicate": (
        422,
        _l("Row %(row)s: contestant %(key)s appears twice."),
    ),
    "theory.value": (
        422,
        _l("Row %(row)s: theory score %(value)s must be a number from 0 to 100."),
    ),
}


def message_for(code: str, params: Mapping[str, Any] | None = None, default: str = "") -> str:
    """Return the message of a code in the request's language (a domain default when unknown)."""
    entry = _TEXTS.get(code)
    values = {k: _param(k, v) for k, v in (params or {}).items()}
    if entry is None:
        return default or code
    text = str(entry[1])
    try:
        return text % values
    except (KeyError, TypeError, ValueError):
        return default or text


# Params holding a stored code, and the enum that names it (never shown raw).
_CODED_PARAMS = {"kind": "component_kind"}


def _param(key: str, value: Any) -> Any:
    if value is None:
        return ""
    enum = _CODED_PARAMS.get(key)
    return labels.label(value, enum) if enum and isinstance(value, str) else value


class JudgingError(ServiceError):
    """A refused judging action: nothing was stored; code, message, field, params, problems.

    The status and message come from the code's row in the table above; the message is
    resolved when shown, in the language of the request (or socket) that shows it.
    """

    def __init__(
        self,
        code: str,
        *,
        field: str | None = None,
        params: Mapping[str, Any] | None = None,
        message: str | None = None,
        problems: tuple[Reason, ...] = (),
    ) -> None:
        super().__init__(code, message, field=field, params=params)
        self.problems = problems

    @property
    def message(self) -> str:
        """Return the message in the current user's language."""
        return str(self._message) if self._message else message_for(self.code, self.params)

    @property
    def status(self) -> int:  # type: ignore[override]
        """Return the HTTP status that fits (422 by default)."""
        return _TEXTS.get(self.code, (422, ""))[0]

    def to_ack(self) -> dict[str, Any]:
        """Return the socket acknowledgement, with the rules engine's problems."""
        return self.to_dict()

    def details(self) -> dict[str, Any]:
        """List every problem in the API's error object when the rules engine gave several."""
        return {"problems": [describe_reason(p) for p in self.problems]} if self.problems else {}

    def to_dict(self) -> dict[str, Any]:
        """Return {ok: false, code, message, field, problems} for an ack or a JSON body."""
        return {
            "ok": False,
            "code": self.code,
            "message": self.message,
            "field": self.field,
            "problems": [describe_reason(p) for p in self.problems],
        }


def describe_reason(reason: Reason) -> dict[str, Any]:
    """Return a domain reason as a dict with its message in the request's language."""
    data = reason.to_dict()
    data["message"] = message_for(reason.code, data["params"], reason.message)
    return data


def from_domain(error: DomainError) -> JudgingError:
    """Wrap a rules-engine refusal, translating its message by code where we know it."""
    params = {k: str(v) for k, v in error.params.items()}
    return JudgingError(
        error.code,
        field=error.field,
        params=params,
        message=message_for(error.code, params, error.message),
        problems=error.problems,
    )
