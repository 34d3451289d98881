"""Unit and coach awards of a competition, with certificates verifiable like the others (§6).

团体奖 places come from the competition's team rule over its FINAL projects; 优秀组织奖 and
突出贡献单位 are chosen by the organiser; 优秀指导教师/教练 are chosen among the coaches
named at registration. Certificates reuse the certificate machinery (signed QR, hash).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Select, func, select

from app.domain.unit_awards import (
    CoachStanding,
    MemberResult,
    TeamRule,
    TeamStanding,
    UnitAwardKind,
    coach_standings,
    team_standings,
)
from app.errors import ConflictError, NotFoundError, ServiceError
from app.extensions import begin_write, db
from app.models import (
    Certificate,
    Competition,
    EntryResult,
    Organization,
    Person,
    Project,
    Registration,
    UnitAward,
)
from app.services.certification.certificate_content import canonical_hash
from app.services.certification.certificates import revoke_rows
from app.services.common import labels
from app.services.common.access import Need, get_competition
from app.services.scoring import audit

CHOSEN_UNIT_KINDS = (UnitAwardKind.EXCELLENT_ORGANIZATION, UnitAwardKind.OUTSTANDING_CONTRIBUTION)
MAX_REASON = 500


@dataclass(frozen=True, slots=True)
class UnitAwardData:
    """An award the organiser gives: a kind and an organisation or a coach."""

    kind: str
    organization_id: int | None = None
    coach_name: str = ""
    reason: str = ""


def member_results(competition: Competition) -> list[MemberResult]:
    """Return every finisher of the competition's FINAL projects with organisation and coach."""
    rows = db.session.execute(
        select(EntryResult, Registration)
        .join(Registration, EntryResult.registration_id == Registration.id)
        .join(Project, Registration.project_id == Project.id)
        .where(Project.competition_id == competition.id, Project.result_status == "FINAL"))
    out = []
    for result, reg in rows:
        org = reg.organization or reg.person.organization
        finished = result.finish_status == "FINISHED"
        out.append(MemberResult(org.name if org else None, result.rank if finished else None,
                                result.award, reg.coach_name or "", str(reg.id)))
    return out


def list_team_standings(user: Any, competition_id: int) -> tuple[TeamStanding, ...]:
    """Return the organisations' team results under the competition's rule."""
    competition = get_competition(user, competition_id, Need.MANAGE)
    return team_standings(member_results(competition), rule=TeamRule(competition.team_rule),
                          k=competition.team_k)


def list_coach_standings(user: Any, competition_id: int) -> tuple[CoachStanding, ...]:
    """Return the coaches named at registration with their contestants' results."""
    return coach_standings(member_results(get_competition(user, competition_id, Need.MANAGE)))


def _entrant_organizations(competition: Competition) -> Select[tuple[Organization]]:
    """Select the organisations the competition's entrants came from, by name.

    An entrant's organisation is the registration's, else the person's; the ids are found in
    SQL, so a large competition is not loaded row by row to offer or check one choice.
    """
    org_id = func.coalesce(Registration.organization_id, Person.organization_id)
    entrants = (select(org_id).join(Person, Registration.person_id == Person.id)
                .join(Project, Registration.project_id == Project.id)
                .where(Project.competition_id == competition.id))
    return (select(Organization).where(Organization.id.in_(entrants))
            .order_by(Organization.name, Organization.id))


def list_award_organizations(user: Any, competition_id: int) -> list[Organization]:
    """Return the organisations a unit award may go to: those the entrants came from."""
    return list(db.session.scalars(
        _entrant_organizations(get_competition(user, competition_id, Need.MANAGE))))


def list_unit_awards(user: Any, competition_id: int) -> list[UnitAward]:
    """Return the competition's unit and coach awards."""
    competition = get_competition(user, competition_id, Need.MANAGE)
    return list(db.session.scalars(select(UnitAward).where(
        UnitAward.competition_id == competition.id).order_by(UnitAward.kind, UnitAward.rank,
                                                              UnitAward.id)))


def update_team_rule(user: Any, competition_id: int, *, rule: str, k: int) -> Competition:
    """Set how organisations are ranked for the 团体奖."""
    begin_write()
    competition = get_competition(user, competition_id, Need.MANAGE)
    if rule not in TeamRule.__members__:
        raise ServiceError("team.rule", _("Choose how teams are ranked."), field="team_rule")
    if not 1 <= k <= 50:
        raise ServiceError("team.k", _("Count between 1 and 50 members."), field="team_k")
    old = {"team_rule": competition.team_rule, "team_k": competition.team_k}
    competition.team_rule, competition.team_k = rule, k
    audit.record("competition.team_rule", entity="competition", entity_id=competition.id,
                 actor_id=user.id, old=old, new={"team_rule": rule, "team_k": k})
    db.session.commit()
    return competition


def award_team_places(user: Any, competition_id: int, *, places: int) -> list[UnitAward]:
    """Give the 团体奖 to the organisations placed 1…places (replacing the earlier ones)."""
    begin_write()
    competition = get_competition(user, competition_id, Need.MANAGE)
    if not 1 <= places <= 20:
        raise ServiceError("team.places", _("Award between 1 and 20 team places."),
                           field="places")
    standings = team_standings(member_results(competition),
                               rule=TeamRule(competition.team_rule), k=competition.team_k)
    winners = [s for s in standings if s.rank is not None and s.rank <= places]
    if not winners:
        raise ConflictError("team.none", _("No organisation has a team result yet: team "
                                           "results need final projects."))
    for old in db.session.scalars(select(UnitAward).where(
            UnitAward.competition_id == competition.id, UnitAward.kind == "TEAM")):
        _remove(user, old, "团体奖已重新评定")
    orgs = {o.name: o for o in db.session.scalars(select(Organization).where(
        Organization.name.in_([s.organization for s in winners])))}
    awards = []
    for s in winners:
        award = UnitAward(competition_id=competition.id, kind="TEAM",
                          organization_id=orgs[s.organization].id, rank=s.rank, score=s.score,
                          reason=_team_reason(competition), created_by_id=user.id)
        db.session.add(award)
        awards.append(award)
    db.session.flush()
    audit.record("competition.team_awards", entity="competition", entity_id=competition.id,
                 actor_id=user.id, new=[{"organization": s.organization, "rank": s.rank,
                                         "score": s.score} for s in winners])
    db.session.commit()
    return awards


def assign_unit_award(user: Any, competition_id: int, data: UnitAwardData) -> UnitAward:
    """Give 优秀组织奖 / 突出贡献单位 to an organisation, or 优秀指导教师 to a named coach."""
    begin_write()
    competition = get_competition(user, competition_id, Need.MANAGE)
    if data.kind not in UnitAwardKind.__members__ or data.kind == "TEAM":
        raise ServiceError("unit_award.kind", _("Choose an award the organiser gives."),
                           field="kind")
    kind = UnitAwardKind(data.kind)
    reason = data.reason.strip()
    if len(reason) > MAX_REASON:
        raise ServiceError("unit_award.reason", _("At most %(n)d characters.", n=MAX_REASON),
                           field="reason")
    award = UnitAward(competition_id=competition.id, kind=kind.value, reason=reason,
                      created_by_id=user.id)
    if kind is UnitAwardKind.EXCELLENT_COACH:
        award.coach_name = _named_coach(competition, data.coach_name)
        duplicate = UnitAward.coach_name == award.coach_name
    else:
        org = db.session.scalars(_entrant_organizations(competition).where(
            Organization.id == data.organization_id)).first()
        if org is None:
            raise ServiceError("unit_award.organization", _(
                "Choose an organisation whose contestants entered this competition."),
                field="organization_id")
        award.organization_id = org.id
        duplicate = UnitAward.organization_id == org.id
    if db.session.scalar(select(UnitAward.id).where(
            UnitAward.competition_id == competition.id, UnitAward.kind == kind.value,
            duplicate)) is not None:
        raise ConflictError("unit_award.duplicate", _("This award was already given to them."))
    db.session.add(award)
    db.session.flush()
    audit.record("competition.unit_award", entity="competition", entity_id=competition.id,
                 actor_id=user.id, new={"id": award.id, "kind": kind.value,
                                        "organization_id": award.organization_id,
                                        "coach_name": award.coach_name})
    db.session.commit()
    return award


def _managed_award(user: Any, award_id: int) -> UnitAward:
    """Return an award of a competition the user manages (its competition's loader decides)."""
    award = db.session.get(UnitAward, award_id)
    if award is None:
        raise NotFoundError("unit_award.not_found", _("Not found."))
    get_competition(user, award.competition_id, Need.MANAGE)
    return award


def remove_unit_award(user: Any, award_id: int, *, now: datetime) -> None:
    """Withdraw an award; its certificate is revoked with the reason."""
    begin_write()
    award = _managed_award(user, award_id)
    _remove(user, award, "奖项已撤销", now=now)
    db.session.commit()


def issue_unit_certificates(user: Any, competition_id: int, *,
                            now: datetime) -> list[Certificate]:
    """Issue a certificate for every award without a valid one; idempotent."""
    begin_write()
    competition = get_competition(user, competition_id, Need.MANAGE)
    awards = list(db.session.scalars(select(UnitAward).where(
        UnitAward.competition_id == competition.id).order_by(UnitAward.id)))
    have = set(db.session.scalars(select(Certificate.unit_award_id).where(
        Certificate.unit_award_id.in_([a.id for a in awards]), Certificate.status == "VALID")))
    prefix = f"JX{competition.year}-C{competition.id:04d}-U"
    taken = db.session.scalars(select(Certificate.serial).where(
        Certificate.serial.like(f"{prefix}%")))
    n = max((int(s[len(prefix):]) for s in taken if s[len(prefix):].isdigit()), default=0)
    issued = []
    for award in awards:
        if award.id in have:
            continue
        n += 1
        content = unit_content(award)
        certificate = Certificate(serial=f"{prefix}{n:05d}", kind="UNIT", registration_id=None,
                                  unit_award_id=award.id, content=content,
                                  content_hash=canonical_hash(content), status="VALID",
                                  issued_at=now)
        db.session.add(certificate)
        issued.append(certificate)
    db.session.flush()
    for certificate in issued:
        audit.record("certificate.issue", entity="certificate", entity_id=certificate.id,
                     actor_id=user.id, new={"serial": certificate.serial, "kind": "UNIT"},
                     now=now)
    db.session.commit()
    return issued


def get_unit_certificate(user: Any, award_id: int) -> Certificate:
    """Return the valid certificate of an award in the user's scope."""
    award = _managed_award(user, award_id)
    certificate = db.session.scalars(select(Certificate).where(
        Certificate.unit_award_id == award.id, Certificate.status == "VALID")).first()
    if certificate is None:
        raise NotFoundError("certificate.not_found", _("No such certificate."))
    return certificate


def unit_content(award: UnitAward) -> dict[str, Any]:
    """Return the printed fields of a unit or coach certificate."""
    competition = award.competition
    label = labels.chinese(award.kind, "unit_award")
    if award.kind == "TEAM" and award.rank:
        label = f"团体第{award.rank}名"
    return {
        "kind": "UNIT",
        "name": award.coach_name or (award.organization.name if award.organization else ""),
        "competition": competition.name,
        "project": award.project.name if award.project else "",
        "award": label,
        "award_code": award.kind,
        "rank": award.rank,
        "score": award.score,
        "organizer": competition.organizer.name if competition.organizer else "",
        "date": competition.ends_on.isoformat(),
        "unit_award_id": award.id,
    }


def _named_coach(competition: Competition, name: str) -> str:
    """Return the coach's name as given at registration, or refuse an unknown coach."""
    wanted = " ".join(name.split())
    named = {" ".join(c.split()) for c in db.session.scalars(
        select(Registration.coach_name).join(Project, Registration.project_id == Project.id)
        .where(Project.competition_id == competition.id, Registration.coach_name != ""))}
    if not wanted or wanted not in named:
        raise ServiceError("unit_award.coach", _("Choose a coach named at registration."),
                           field="coach_name")
    return wanted


def _team_reason(competition: Competition) -> str:
    if competition.team_rule == "MEDAL_COUNT":
        return "按奖牌（一、二、三等奖）数量排序"
    return f"按本单位最好{competition.team_k}名选手名次之和排序"


def _remove(user: Any, award: UnitAward, reason: str, *, now: datetime | None = None) -> None:
    certificates = list(db.session.scalars(select(Certificate).where(
        Certificate.unit_award_id == award.id, Certificate.status == "VALID")))
    if certificates:
        from app.models._types import utcnow

        revoke_rows(certificates, reason, now=now or utcnow(), actor_id=user.id)
    for certificate in db.session.scalars(select(Certificate).where(
            Certificate.unit_award_id == award.id)):
        certificate.unit_award_id = None  # the revoked certificate stays verifiable as revoked
    audit.record("competition.unit_award_removed", entity="competition",
                 entity_id=award.competition_id, actor_id=user.id,
                 old={"id": award.id, "kind": award.kind, "rank": award.rank})
    db.session.delete(award)
