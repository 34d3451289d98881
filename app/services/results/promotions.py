"""The promotion workflow: PROPOSED → APPROVED (核准) → CERTIFIED, or REJECTED / SUPERSEDED.

DOMAIN.md §7: only an approver approves or rejects; certifying issues the 22-character grade
certificate number (§9) and only then is the person's grade raised, with its source recorded.
The once-a-year rule (§10.11) runs on every approval and certification (see promotion_year).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.domain.certificate_numbers import CertificateNumberError, build_certificate_number
from app.domain.grades import parse_grade
from app.extensions import begin_write, db
from app.models import Competition, PersonGrade, Project, Promotion, Registration
from app.services.common.local_time import local_date
from app.services.common.mappers import current_grades
from app.services.common.scope import (
    approver_competition_ids,
    can_approve_promotions,
    can_see_promotions,
)
from app.services.results.outcome_errors import Forbidden, NotFound, OutcomeError, checked_reason
from app.services.results.promotion_year import resolve_year
from app.services.scoring import audit

STATES = ("PROPOSED", "APPROVED", "CERTIFIED", "REJECTED", "SUPERSEDED", "NOT_PASSED",
          "ELIGIBLE_TO_APPLY")
MAX_BATCH = 1000


# ---------------------------------------------------------------- access


# ---------------------------------------------------------------- reads


def _query() -> Any:
    return select(Promotion).options(
        selectinload(Promotion.person),
        selectinload(Promotion.registration).selectinload(Registration.project)
        .selectinload(Project.competition),
    )


def list_promotions(user: Any, *, project_id: int | None = None,
                    competition_id: int | None = None,
                    states: Sequence[str] | None = None) -> list[Promotion]:
    """Return a project's or a competition's promotions the user may see, best rank first."""
    if project_id is None and competition_id is None:
        raise OutcomeError("promotion.scope", _("Name a project or a competition."),
                           field="project_id")
    if project_id is not None:
        project = db.session.get(Project, project_id)
        if project is None or not can_see_promotions(user, project.competition_id):
            raise NotFound("project.not_found", _("No such project."))
    elif competition_id is not None and (
        db.session.get(Competition, competition_id) is None
        or not can_see_promotions(user, competition_id)
    ):
        raise NotFound("competition.not_found", _("No such competition."))
    query = _query().join(Registration, Promotion.registration_id == Registration.id)
    if project_id is not None:
        query = query.where(Registration.project_id == project_id)
    else:
        query = query.join(Project, Registration.project_id == Project.id).where(
            Project.competition_id == competition_id)
    if states:
        unknown = [s for s in states if s not in STATES]
        if unknown:
            raise OutcomeError("promotion.state", _("Unknown state: %(state)s.",
                                                    state=unknown[0]), field="state")
        query = query.where(Promotion.state.in_(list(states)))
    rows = list(db.session.scalars(query))
    return sorted(rows, key=lambda p: ((p.explanation or {}).get("rank") or 10**6, p.id))


def _competition_id(promotion: Promotion) -> int:
    return promotion.registration.project.competition_id


def get_promotion(user: Any, promotion_id: int) -> Promotion:
    """Return one promotion the user may see, else raise NotFound."""
    promotion = db.session.scalars(_query().where(Promotion.id == promotion_id)).first()
    if promotion is None or not can_see_promotions(user, _competition_id(promotion)):
        raise NotFound("promotion.not_found", _("No such promotion."))
    return promotion


# ---------------------------------------------------------------- use cases


def _load_for_action(user: Any, ids: Iterable[int], allowed: tuple[str, ...],
                     verb: str) -> list[Promotion]:
    """Load every promotion named, check role and state; refuse the batch on the first problem."""
    wanted = list(dict.fromkeys(int(i) for i in ids))
    if not wanted:
        raise OutcomeError("promotion.none", _("Choose at least one promotion."), field="ids")
    if len(wanted) > MAX_BATCH:
        raise OutcomeError("promotion.too_many", _("At most %(max)d promotions at a time.",
                                                    max=MAX_BATCH), field="ids")
    found = {p.id: p for p in db.session.scalars(_query().where(Promotion.id.in_(wanted)))}
    rows = []
    for pid in wanted:
        promotion = found.get(pid)
        if promotion is None or not can_see_promotions(user, _competition_id(promotion)):
            raise NotFound("promotion.not_found", _("No such promotion: #%(id)d.", id=pid))
        if not can_approve_promotions(user, _competition_id(promotion)):
            raise Forbidden("promotion.approver_required",
                            _("Only an approver (核准) may %(verb)s promotions.", verb=verb))
        if promotion.state not in allowed:
            raise OutcomeError(
                "promotion.state",
                _("Promotion #%(id)d is %(state)s; only %(allowed)s ones can be %(verb)s.",
                  id=pid, state=promotion.state, allowed="/".join(allowed), verb=verb),
                field="ids", status=409)
        rows.append(promotion)
    return rows


def approve_promotions(user: Any, ids: Iterable[int], *, now: datetime,
                       reason: str = "") -> list[Promotion]:
    """Approve PROPOSED promotions; the once-a-year rule may supersede them or others."""
    begin_write()
    rows = _load_for_action(user, ids, ("PROPOSED",), _("approve"))
    for promotion in rows:
        _decide(promotion, "APPROVED", user, now=now, reason=reason.strip())
        db.session.flush()
        resolve_year(promotion.person_id, promotion.year, now=now, actor_id=user.id)
    db.session.commit()
    return rows


def reject_promotions(user: Any, ids: Iterable[int], *, reason: str,
                      now: datetime) -> list[Promotion]:
    """Reject PROPOSED or APPROVED promotions, giving the reason."""
    text = checked_reason(reason, code="promotion", missing=_("Give a reason for the rejection."))
    begin_write()
    rows = _load_for_action(user, ids, ("PROPOSED", "APPROVED"), _("reject"))
    for promotion in rows:
        _decide(promotion, "REJECTED", user, now=now, reason=text)
    db.session.commit()
    return rows


def _decide(promotion: Promotion, state: str, user: Any, *, now: datetime, reason: str) -> None:
    old = promotion.state
    promotion.state = state
    promotion.decided_by_id = user.id
    promotion.decided_at = now
    promotion.decision_reason = reason
    action = "promotion.approve" if state == "APPROVED" else "promotion.reject"
    audit.record(action, entity="promotion", entity_id=promotion.id, actor_id=user.id,
                 project_id=promotion.registration.project_id, old={"state": old},
                 new={"state": state}, reason=reason, now=now)


def issuer_problem(competition: Competition) -> str | None:
    """Return why the competition cannot issue grade certificates yet, or None."""
    if competition.issuer_kind not in ("Y", "S"):
        return "issuer_kind"
    code, province = competition.issuer_body_code, competition.issuer_province_code
    if len(code) != 4 or not code.isdigit():
        return "issuer_body_code"
    if len(province) != 2 or not province.isdigit():
        return "issuer_province_code"
    serial = competition.issuer_site_serial
    if len(serial) != 6 or not serial.isdigit():
        return "issuer_site_serial"
    return None


def site_serial(competition: Competition) -> str:
    """Return the 6-digit body/site serial of the number (评价机构（站点）序列码)."""
    return competition.issuer_site_serial


def certify_promotions(user: Any, ids: Iterable[int], *, now: datetime) -> list[Promotion]:
    """Issue grade-certificate numbers to APPROVED promotions and only then raise the grades."""
    begin_write()
    rows = _load_for_action(user, ids, ("APPROVED",), _("certify"))
    for promotion in rows:
        competition = promotion.registration.project.competition
        problem = issuer_problem(competition)
        if problem is not None:
            raise OutcomeError(
                "promotion.issuer_missing",
                _("Competition “%(name)s” has no grade-certificate issuer configured "
                  "(kind Y/S, 4-digit body code, 2-digit province code, 6-digit "
                  "assessing-site serial); set it before certifying.",
                  name=competition.name),
                field=problem, status=409)
    next_serial: dict[str, int] = {}
    try:
        for promotion in rows:
            # A higher promotion approved elsewhere in the meantime wins the year instead.
            losers = resolve_year(promotion.person_id, promotion.year, now=now,
                                  actor_id=user.id)
            if promotion not in losers:
                _certify_one(promotion, user, now=now, next_serial=next_serial)
    except OutcomeError:
        db.session.rollback()  # nothing half-certified
        raise
    db.session.commit()
    return rows


def _certify_one(promotion: Promotion, user: Any, *, now: datetime,
                 next_serial: dict[str, int]) -> None:
    competition = promotion.registration.project.competition
    try:
        probe = build_certificate_number(
            kind=competition.issuer_kind, body_code=competition.issuer_body_code,
            province_code=competition.issuer_province_code, site_serial=site_serial(competition),
            year=now.year, grade=promotion.grade_after, serial=1)
    except CertificateNumberError as error:
        raise OutcomeError("promotion.certificate_number", error.message, field=error.field,
                           status=409) from error
    prefix = probe[:16]
    if prefix not in next_serial:
        last = db.session.scalars(
            select(Promotion.certificate_no).where(Promotion.certificate_no.like(f"{prefix}%"))
            .order_by(Promotion.certificate_no.desc()).limit(1)).first()
        next_serial[prefix] = int(last[16:]) + 1 if last else 1
    number = f"{prefix}{next_serial[prefix]:06d}"
    next_serial[prefix] += 1
    promotion.certificate_no = number
    promotion.certified_at = now
    promotion.state = "CERTIFIED"
    project_id = promotion.registration.project_id
    audit.record("promotion.certify", entity="promotion", entity_id=promotion.id,
                 actor_id=user.id, project_id=project_id, old={"state": "APPROVED"},
                 new={"state": "CERTIFIED", "certificate_no": number}, now=now)
    _raise_grade(promotion, user, now=now)


def _raise_grade(promotion: Promotion, user: Any, *, now: datetime) -> None:
    """Record the certified grade in the person's history, unless they already hold higher."""
    db.session.flush()
    held = current_grades(db.session.scalars(select(PersonGrade).where(
        PersonGrade.person_id == promotion.person_id,
        PersonGrade.occupation_id == promotion.occupation_id))).get(promotion.occupation_id)
    before = parse_grade(held.grade if held else None)
    if before.ordinal >= parse_grade(promotion.grade_after).ordinal:
        return  # grades are never lowered (§10.10)
    row = PersonGrade(person_id=promotion.person_id, occupation_id=promotion.occupation_id,
                      grade=promotion.grade_after, source="CONTEST_PROMOTION",
                      certificate_no=promotion.certificate_no or "",
                      obtained_on=local_date(now), promotion_id=promotion.id)
    db.session.add(row)
    db.session.flush()
    audit.record("person_grade.promote", entity="person_grade", entity_id=row.id,
                 actor_id=user.id, project_id=promotion.registration.project_id,
                 old={"grade": before.value}, new={"grade": promotion.grade_after,
                                                   "certificate_no": promotion.certificate_no},
                 now=now)


def list_approval_projects(user: Any) -> list[tuple[Project, dict[str, int]]]:
    """Return the projects with promotions the user may approve, with counts per state."""
    ids = approver_competition_ids(user)
    query = (select(Project, Promotion.state, db.func.count(Promotion.id))
             .join(Registration, Registration.project_id == Project.id)
             .join(Promotion, Promotion.registration_id == Registration.id)
             .group_by(Project.id, Promotion.state).order_by(Project.id))
    if ids is not None:
        if not ids:
            return []
        query = query.where(Project.competition_id.in_(ids))
    found: dict[int, tuple[Project, dict[str, int]]] = {}
    for project, state, number in db.session.execute(query):
        found.setdefault(project.id, (project, {}))[1][state] = number
    return list(found.values())
