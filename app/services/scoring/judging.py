"""Score submission: append-only, idempotent on the client's event id, checked by the rules.

``submit_score`` is the one path by which a judge's mark is stored, whether it arrives over
Socket.IO or the JSON API (the tablet's offline fallback). The client generates the event id
(a UUID) and keeps the event until it is acknowledged; replaying it is always safe: the same
payload under the same id returns the stored result, a different payload is refused with
``score.id_reused``. A judge's current value on a sheet is their latest event.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from app import events
from app.domain.errors import DomainError, Reason
from app.domain.numbers import MARK, NumberError, parse_decimal
from app.domain.scheme import MarkingScheme, marking_problems
from app.domain.scoring import ComponentInput, score_aspect, score_component
from app.extensions import begin_write, db
from app.models import (
    Aspect,
    Component,
    Person,
    Project,
    Registration,
    ScoreEvent,
    User,
)
from app.services.boards import standings_live
from app.services.boards.standings_inputs import panel_sizes
from app.services.common import mappers
from app.services.common.numbers import number_message
from app.services.entry.sheets import finish_status, sheet_cell
from app.services.scoring import audit, judging_events
from app.services.scoring.judging_access import (
    SCORABLE,
    SheetKey,
    assignment_of,
    get_registration,
    get_target,
    load_assignments,
    load_components,
    recusal_reasons,
    registration_by_code,
    seat_of,
)
from app.services.scoring.judging_errors import JudgingError, from_domain
from app.services.scoring.score_append import append_score_event


@dataclass(frozen=True, slots=True)
class ScoreOutcome:
    """A stored score: what the judge's tablet needs to mark the event as synced."""

    client_id: str
    event_id: int
    value: Decimal
    seq: int
    replay: bool
    sheet: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        """Return the acknowledgement: {ok, client_id, event_id, value, seq, replay, sheet}."""
        return {
            "ok": True,
            "client_id": self.client_id,
            "event_id": self.event_id,
            "value": str(self.value),
            "seq": self.seq,
            "replay": self.replay,
            # The judge knows the contestant by code: the sheet goes back without the id.
            "sheet": {k: v for k, v in self.sheet.items() if k != "registration_id"},
        }


def parse_value(raw: Any) -> Decimal:
    """Parse a submitted mark with the one bounded parser, or refuse with score.bad_value.

    Plain decimal notation only, at most 3 integer digits and 4 places: an unbounded spelling
    such as 1E-999999999 would make the exact-fraction rules build a giant number while the
    write transaction is open (issue #11, finding 1).
    """
    try:
        return parse_decimal(raw, MARK, field="value")
    except NumberError as error:
        raise JudgingError("score.bad_value", field="value", params=error.params,
                           message=number_message(error, "value")) from None


def parse_client_time(value: Any) -> datetime | None:
    """Return the tablet's clock reading (ISO 8601 or epoch milliseconds) as aware UTC."""
    if value is None or value == "":
        return None
    if isinstance(value, str) and len(value) > 40:  # an ISO 8601 stamp is at most 32 long
        raise JudgingError("score.bad_request", field="client_time",
                           params={"field": "client_time"})
    try:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return datetime.fromtimestamp(value / 1000, tz=UTC)
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except (ValueError, OverflowError, OSError):
        raise JudgingError("score.bad_request", field="client_time",
                           params={"field": "client_time"}) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _canonical(value: Decimal) -> str:
    """Return one spelling per number: 2, 2.0 and 2.00 hash alike."""
    text = f"{value.normalize():f}"
    return "0" if text in {"-0", "0"} else text


def payload_hash(
    *,
    client_id: str,
    judge_id: int,
    registration_id: int,
    aspect_id: int | None,
    component_id: int | None,
    value: Decimal,
) -> str:
    """Return the SHA-256 of what a score event says (the client time is not part of it)."""
    payload = {
        "client_id": client_id,
        "judge_id": judge_id,
        "registration_id": registration_id,
        "aspect_id": aspect_id,
        "component_id": component_id,
        "value": _canonical(value),
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def _check_client_id(client_id: Any) -> str:
    """Return the event id as a canonical UUID string, or refuse."""
    try:
        return str(uuid.UUID(str(client_id)))
    except (ValueError, TypeError, AttributeError):
        raise JudgingError(
            "score.bad_request", field="client_id", params={"field": "client_id"}
        ) from None


def submit_score(
    *,
    client_id: Any,
    judge: User,
    registration_id: int = 0,
    registration_code: Any = None,
    aspect_id: int | None = None,
    component_id: int | None = None,
    value: Any,
    client_time: datetime | None = None,
    now: datetime,
) -> ScoreOutcome:
    """Store one judge's mark for one contestant × aspect (or whole component), or refuse.

    Refusals carry a code and change nothing: score.bad_request / bad_value, project_locked,
    not_judge, not_seated, conflicted, not_checked_in, not_finished, out_of_range, j_integer,
    m_not_allowed, scheme_invalid, id_reused. The first score of a project locks its scheme.
    Tablets name the contestant by `registration_code` (the anonymous code); staff tools and
    older clients may still send `registration_id`.
    """
    cid = _check_client_id(client_id)
    if (aspect_id is None) == (component_id is None):
        raise JudgingError("score.bad_request", field="aspect_id", params={"field": "aspect_id"})
    if registration_code is not None:
        registration_id = registration_by_code(registration_code, (aspect_id, component_id))
    mark = parse_value(value)
    digest = payload_hash(
        client_id=cid,
        judge_id=judge.id,
        registration_id=registration_id,
        aspect_id=aspect_id,
        component_id=component_id,
        value=mark,
    )
    begin_write()
    try:
        return _submit(
            cid, digest, judge, registration_id, (aspect_id, component_id), mark, client_time, now
        )
    except IntegrityError:
        # Two deliveries of one event raced past the lookup; the loser replays the winner.
        db.session.rollback()
        replayed = _replay(cid, digest)
        if replayed is None:
            raise
        return replayed
    except BaseException:
        db.session.rollback()
        raise


def _replay(client_id: str, digest: str) -> ScoreOutcome | None:
    """Return the stored outcome of an event id already used, refusing a different payload."""
    stored = db.session.scalar(select(ScoreEvent).where(ScoreEvent.client_id == client_id))
    if stored is None:
        return None
    if stored.payload_hash != digest:
        raise JudgingError("score.id_reused", field="client_id")
    registration = db.session.get(Registration, stored.registration_id)
    assert registration is not None
    project = db.session.get(Project, registration.project_id)
    assert project is not None
    outcome = ScoreOutcome(
        client_id=client_id,
        event_id=stored.id,
        value=stored.value,
        seq=project.event_seq,
        replay=True,
        sheet=sheet_cell(registration.id, (stored.aspect_id, stored.component_id)),
    )
    db.session.rollback()  # a replay changes nothing: end the read transaction
    return outcome


def _submit(
    client_id: str,
    digest: str,
    judge: User,
    registration_id: int,
    key: SheetKey,
    mark: Decimal,
    client_time: datetime | None,
    now: datetime,
) -> ScoreOutcome:
    replayed = _replay(client_id, digest)
    if replayed is not None:
        return replayed
    registration, project, target = _load_target(judge, registration_id, key)
    check_value(target, mark)
    if project.scheme_locked_at is None:
        lock_scheme(project, judge, now)
    judging_events.prepare_change(project)
    written = append_score_event(judge, registration, project, key, mark, client_id=client_id,
                                 digest=digest, client_time=client_time, now=now)
    event = written.event
    seq = judging_events.bump_seq(project)
    cell = sheet_cell(registration.id, key, by_judge=written.by_judge, sheet=written.sheet)
    events.publish(
        "score_recorded",
        {
            "project_id": project.id,
            "seq": seq,
            "event_id": event.id,
            "client_id": client_id,
            "registration_id": registration.id,
            "code": registration.anonymous_code,
            "aspect_id": key[0],
            "component_id": key[1],
            "judge_id": judge.id,
            "value": str(mark),
            "server_time": now.isoformat(),
            "sheet": cell,
        },
        judging_events.room_chief(project.id),
    )
    # Noted after the commit, before the standings job runs: the live standings apply this
    # one score instead of reading the project again (app/services/boards/standings_live.py).
    events.publish_internal(standings_live.SCORE_COMMITTED, {
        "project_id": project.id, "seq": seq,
        "event": standings_live.score_event(event.id, registration.id, key, judge.id, mark)})
    # The standings are recomputed and announced after the commit, off the judge's ack.
    judging_events.queue_standings(project, seq)
    # Read before the commit expires them: reading after would open a transaction and load
    # the project and the event again before the judge has the ack.
    project_id, event_id = project.id, event.id
    db.session.commit()
    judging_events.committed(project_id, seq)
    return ScoreOutcome(client_id, event_id, mark, seq, False, cell)


def _load_target(
    judge: User, registration_id: int, key: SheetKey
) -> tuple[Registration, Project, Aspect | Component]:
    """Load and check everything a score needs, refusing in the order a judge understands."""
    # The contestant with what the recusal check reads (person, organizations) in one query.
    registration = db.session.get(Registration, registration_id, options=[
        joinedload(Registration.person).joinedload(Person.organization),
        joinedload(Registration.organization)])
    if registration is None:
        raise JudgingError("registration.not_found", field="registration_id")
    project = registration.project
    get_registration(project, registration_id)
    target = get_target(project, key)
    if project.scores_locked_at is not None:
        raise JudgingError("score.project_locked")
    assignment = assignment_of(judge, project.id)
    if assignment is None:
        raise JudgingError("score.not_judge")
    if seat_of(assignment, key) is None:
        raise JudgingError("score.not_seated", field="aspect_id" if key[0] else "component_id")
    reasons = recusal_reasons(judge, registration)
    if reasons:
        # Which rule, never its params: the contestant's person id and employer would put a
        # name to the anonymous code the judge is scoring.
        raise JudgingError("score.conflicted",
                           problems=tuple(Reason(r.code, r.message) for r in reasons))
    if registration.status not in SCORABLE:
        raise JudgingError("score.not_checked_in", params={"status": registration.status})
    if finish_status(registration.id) != "FINISHED":
        raise JudgingError("score.not_finished")
    return registration, project, target


def check_value(target: Aspect | Component, mark: Decimal) -> None:
    """Let the rules engine judge the value: J 0–3 whole, M allowed values, panels 0–max."""
    try:
        if isinstance(target, Aspect):
            criterion = target.sub_criterion.criterion
            aspect = mappers.domain_aspect(
                target,
                criterion=criterion.code,
                sub_criterion=target.sub_criterion.code,
                panel_size=None,
            )
            score_aspect(aspect, (mark,), MarkingScheme((aspect,)))
        else:
            component = mappers.domain_components([target])[0]
            score_component(component, ComponentInput(value=mark))
    except DomainError as error:
        raise from_domain(error) from None


def lock_scheme(project: Project, actor: User, now: datetime) -> None:
    """Lock the scheme as judging starts, refusing while it breaks §4 (seated panels counted)."""
    problems = marking_problems(scheme_for_lock(project.id))
    if problems:
        raise JudgingError("score.scheme_invalid", problems=problems)
    project.scheme_locked_at = now
    audit.record(
        "scheme.locked",
        entity="project",
        entity_id=project.id,
        actor_id=actor.id,
        project_id=project.id,
        new={"scheme_locked_at": now},
        now=now,
    )


def scheme_for_lock(project_id: int) -> tuple[Any, ...]:
    """Return the project's domain components with each aspect's seated panel size."""
    sizes = panel_sizes(load_assignments(project_id))
    return mappers.domain_components(load_components(project_id), panel_sizes=sizes)
