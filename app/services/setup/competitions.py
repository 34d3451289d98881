"""Competition set-up: create and edit competitions, read them within the organizer's scope.

Projects live in `competition_projects`, promotion rule rows in `competition_rules`.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.domain.codes import Category, Tier
from app.errors import ServiceError
from app.extensions import begin_write, db
from app.models import Competition, Occupation, Organization, Project
from app.security import Role
from app.services.common.access import Need, get_competition
from app.services.common.scope import is_admin, managed_competition_ids
from app.services.identity.link_requests import covers, file_parent_request
from app.services.scoring import audit

VISIBILITIES = ("LIVE", "PROGRESS_ONLY", "HIDDEN")
ISSUER_KINDS = ("Y", "S")
MAX_APPEAL_MINUTES = 7 * 24 * 60
MAX_PUBLICATION_DAYS = 60
_BODY_CODE = re.compile(r"^[0-9]{4}$")
_PROVINCE_CODE = re.compile(r"^[0-9]{2}$")
_SITE_SERIAL = re.compile(r"[0-9]{6}")
_OCCUPATION_CODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]{0,31}$")


class SetupError(ServiceError):
    """A refused set-up change (422): a stable code, a translated message, the offending field."""

    def __init__(self, code: str, message: Any, *, field: str | None = None,
                 detail: Any = "") -> None:
        super().__init__(code, message, field=field)
        # The reason alone, for showing next to the field the message already names.
        self.detail = detail or message


def tier_rank(tier: str) -> int:
    """Return a tier's height in the pyramid: enterprise 0 … world 5 (DOMAIN §1)."""
    return Tier(tier).height


@dataclass(frozen=True, slots=True)
class CompetitionData:
    """What an organizer fills in for a competition (times aware, stored UTC)."""

    name: str
    tier: str
    category: str
    year: int
    organizer_id: int
    starts_on: date
    ends_on: date
    region: str = ""
    parent_id: int | None = None
    registration_opens_at: datetime | None = None
    registration_closes_at: datetime | None = None
    appeal_window_minutes: int = 120
    publication_working_days: int = 5
    shares_ranks: bool = False
    public_visibility: str = "LIVE"
    mask_names: bool = True
    issuer_kind: str = ""
    issuer_body_code: str = ""
    issuer_province_code: str = ""
    issuer_site_serial: str = ""
    description: str = ""
    is_municipality: bool = False  # 北京/天津/上海/重庆: 市级 contests are provincial-layer
    once_a_year: bool = True  # [LOCAL 天津] one contest promotion per person per year


@dataclass
class TreeNode:
    """One competition of the pyramid with the competitions that feed it."""

    competition: Competition
    children: list[TreeNode] = field(default_factory=list)


# ---------------------------------------------------------------- reads


def list_organizer_organizations(user: Any) -> list[Organization]:
    """Return the organizations the user may organize competitions for."""
    query = select(Organization).order_by(Organization.name)
    if is_admin(user):
        return list(db.session.scalars(query))
    roots = {a.organization_id for a in getattr(user, "roles", ())
             if a.role == Role.ORGANIZER and a.organization_id is not None}
    ids = set(roots)
    frontier = set(roots)
    while frontier:  # the organizations below the user's own
        children = set(db.session.scalars(
            select(Organization.id).where(Organization.parent_id.in_(frontier))))
        frontier = children - ids
        ids |= frontier
    return list(db.session.scalars(query.where(Organization.id.in_(ids)))) if ids else []


def list_parent_candidates(*, below_tier: str, exclude_id: int | None = None
                           ) -> list[Competition]:
    """Return competitions one may feed into: any of a higher tier than `below_tier`."""
    rank = tier_rank(below_tier)
    higher = [t.value for t in Tier if tier_rank(t) > rank]
    query = (select(Competition).where(Competition.tier.in_(higher))
             .order_by(Competition.year.desc(), Competition.name))
    return [c for c in db.session.scalars(query) if c.id != exclude_id]


def list_competitions(user: Any) -> list[Competition]:
    """Return the competitions the user manages, highest tier first."""
    ids = managed_competition_ids(user)
    query = select(Competition).options(
        selectinload(Competition.projects).selectinload(Project.advances_to)
        .selectinload(Project.competition),
        selectinload(Competition.organizer),
    )
    if ids is not None:
        if not ids:
            return []
        query = query.where(Competition.id.in_(ids))
    rows = list(db.session.scalars(query))
    rows.sort(key=lambda c: (-tier_rank(c.tier), -c.year, c.name))
    return rows


def list_competition_tree(user: Any) -> list[TreeNode]:
    """Return the managed competitions as a forest: national → provincial → … → enterprise.

    A root is a managed competition whose parent is outside the scope (or absent); the
    template says what such a root feeds.
    """
    competitions = list_competitions(user)
    nodes = {c.id: TreeNode(c) for c in competitions}
    roots: list[TreeNode] = []
    for competition in competitions:
        parent = nodes.get(competition.parent_id or -1)
        (parent.children if parent else roots).append(nodes[competition.id])
    return roots


def list_occupations() -> list[Occupation]:
    """Return every occupation by code."""
    return list(db.session.scalars(select(Occupation).order_by(Occupation.code)))


# ---------------------------------------------------------------- writes


def create_competition(user: Any, data: CompetitionData) -> Competition:
    """Create a competition for an organization in the user's scope."""
    begin_write()
    _check(user, data, competition=None)
    # Another organizer's competition becomes the parent only once they accept (link_requests).
    asked = data.parent_id if data.parent_id and not covers(user, data.parent_id) else None
    competition = Competition(**{**asdict(data), "parent_id": None if asked else data.parent_id})
    db.session.add(competition)
    db.session.flush()
    audit.record("competition.create", entity="competition", entity_id=competition.id,
                 actor_id=user.id, new=_snapshot(competition))
    if asked:
        file_parent_request(user, competition, asked)
    db.session.commit()
    return competition


def update_competition(user: Any, competition_id: int, data: CompetitionData) -> Competition:
    """Change a competition the user manages; the audit entry keeps old and new values."""
    begin_write()
    competition = get_competition(user, competition_id, Need.MANAGE)
    _check(user, data, competition=competition)
    old = _snapshot(competition)
    values = asdict(data)
    asked = data.parent_id if data.parent_id not in (None, competition.parent_id) \
        and not covers(user, data.parent_id) else None
    if asked:  # the current parent stays until the new one's organizer accepts
        values["parent_id"] = competition.parent_id
    for name, value in values.items():
        setattr(competition, name, value)
    new = _snapshot(competition)
    changed = {k for k in new if new[k] != old[k]}
    if changed:
        audit.record("competition.update", entity="competition", entity_id=competition.id,
                     actor_id=user.id, old={k: old[k] for k in changed},
                     new={k: new[k] for k in changed})
    if asked:
        file_parent_request(user, competition, asked)
    db.session.commit()
    return competition


def create_occupation(user: Any, *, code: str, name: str, name_en: str = "",
                      top_grade: str = "L1") -> Occupation:
    """Add an occupation (职业/工种) to the shared list."""
    begin_write()
    code, name = code.strip(), name.strip()
    if not _OCCUPATION_CODE.match(code):
        raise SetupError("occupation.code", _("Use letters, digits, dots or dashes (at most "
                                              "32) for the occupation code."), field="code")
    if not name:
        raise SetupError("occupation.name", _("Give the occupation a name."), field="name")
    if db.session.scalar(select(Occupation.id).where(Occupation.code == code)) is not None:
        raise SetupError("occupation.duplicate", _("This occupation code already exists."),
                         field="code")
    if top_grade not in ("L5", "L4", "L3", "L2", "L1"):
        raise SetupError("occupation.top_grade", _("The top grade is one of 初级工, 中级工, "
                                                   "高级工, 技师, 高级技师."), field="top_grade")
    occupation = Occupation(code=code, name=name, name_en=name_en.strip(), top_grade=top_grade)
    db.session.add(occupation)
    db.session.flush()
    audit.record("occupation.create", entity="occupation", entity_id=occupation.id,
                 actor_id=user.id, new={"code": code, "name": name})
    db.session.commit()
    return occupation


# ---------------------------------------------------------------- validation


def _check(user: Any, data: CompetitionData, *, competition: Competition | None) -> None:
    """Refuse a competition that breaks a set-up rule, naming the field."""
    if not data.name.strip():
        raise SetupError("competition.name", _("Give the competition a name."), field="name")
    if data.tier not in Tier.__members__:
        raise SetupError("competition.tier", _("Choose a tier."), field="tier")
    if data.category not in Category.__members__:
        raise SetupError("competition.category", _("Choose a category."), field="category")
    if not 2000 <= data.year <= 2100:
        raise SetupError("competition.year", _("Enter a year between 2000 and 2100."),
                         field="year")
    _check_organizer(user, data, competition)
    _check_parent(data, competition)
    _check_dates(data)
    if data.public_visibility not in VISIBILITIES:
        raise SetupError("competition.visibility", _("Choose what the public sees."),
                         field="public_visibility")
    _check_issuer(data)


def _check_organizer(user: Any, data: CompetitionData, competition: Competition | None) -> None:
    # A deactivated body keeps its competitions but takes no new ones.
    allowed = {o.id for o in list_organizer_organizations(user) if o.active}
    unchanged = competition is not None and competition.organizer_id == data.organizer_id
    if data.organizer_id not in allowed and not unchanged:
        raise SetupError("competition.organizer",
                         _("Choose an organizing body within your scope."), field="organizer_id")


def _check_parent(data: CompetitionData, competition: Competition | None) -> None:
    rank = tier_rank(data.tier)
    if data.parent_id is not None:
        parent = db.session.get(Competition, data.parent_id)
        if parent is None or (competition is not None and parent.id == competition.id):
            raise SetupError("competition.parent", _("Choose an existing competition."),
                             field="parent_id")
        if tier_rank(parent.tier) <= rank:
            raise SetupError(
                "competition.parent_tier",
                _("The competition this one feeds must be of a higher tier."),
                field="parent_id",
            )
        if data.ends_on >= parent.starts_on:
            raise SetupError(
                "competition.parent_dates",
                _("%(name)s starts on %(date)s; a competition that feeds it must end before "
                  "that day, so its finishers can qualify.", name=parent.name,
                  date=parent.starts_on.isoformat()),
                field="ends_on",
            )
    if competition is None:
        return
    for feeder in competition.feeders:
        if tier_rank(feeder.tier) >= rank:
            raise SetupError(
                "competition.feeder_tier",
                _("%(name)s feeds this competition, so its tier must stay above that one.",
                  name=feeder.name),
                field="tier",
            )
    for feeder in competition.feeders:
        if feeder.ends_on >= data.starts_on:
            raise SetupError(
                "competition.feeder_dates",
                _("%(name)s feeds this competition and ends on %(date)s; this competition must "
                  "start after that day.", name=feeder.name, date=feeder.ends_on.isoformat()),
                field="starts_on",
            )
    if data.parent_id != competition.parent_id:
        for project in competition.projects:
            if project.advances_to_id is not None:
                raise SetupError(
                    "competition.parent_in_use",
                    _("Project %(name)s feeds the current higher competition; change that "
                      "project first.", name=project.name),
                    field="parent_id",
                )


def _check_dates(data: CompetitionData) -> None:
    if data.ends_on < data.starts_on:
        raise SetupError("competition.dates", _("The last contest day cannot be before the "
                                                "first."), field="ends_on")
    opens, closes = data.registration_opens_at, data.registration_closes_at
    if opens is not None and closes is not None and closes <= opens:
        raise SetupError("competition.registration_window",
                         _("Registration must close after it opens."),
                         field="registration_closes_at")
    zone = ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE", "Asia/Shanghai"))
    first_day = datetime.combine(data.starts_on, time(), tzinfo=zone)
    if closes is not None and closes > first_day:
        raise SetupError("competition.registration_after_start",
                         _("Registration must close by the start of the first contest day "
                           "(%(date)s 00:00); nobody can enter a contest that has begun.",
                           date=data.starts_on.isoformat()),
                         field="registration_closes_at")
    if not 0 <= data.appeal_window_minutes <= MAX_APPEAL_MINUTES:
        raise SetupError("competition.appeal_window",
                         _("The appeal window must be between 0 and %(max)d minutes.",
                           max=MAX_APPEAL_MINUTES), field="appeal_window_minutes")
    if not 0 <= data.publication_working_days <= MAX_PUBLICATION_DAYS:
        raise SetupError("competition.publication_days",
                         _("The publication period must be between 0 and %(max)d working days.",
                           max=MAX_PUBLICATION_DAYS), field="publication_working_days")


def _check_issuer(data: CompetitionData) -> None:
    """The grade-certificate issuer (DOMAIN §9): all four parts, or none yet."""
    parts = (data.issuer_kind, data.issuer_body_code, data.issuer_province_code,
             data.issuer_site_serial)
    if not any(parts):
        return
    if data.issuer_kind not in ISSUER_KINDS:
        raise SetupError("competition.issuer_kind",
                         _("Choose Y (employer) or S (social assessor)."), field="issuer_kind")
    if not _BODY_CODE.match(data.issuer_body_code):
        raise SetupError("competition.issuer_body_code",
                         _("The assessing body code is 4 digits."), field="issuer_body_code")
    if not _PROVINCE_CODE.match(data.issuer_province_code):
        raise SetupError("competition.issuer_province_code",
                         _("The province code is 2 digits."), field="issuer_province_code")
    if not _SITE_SERIAL.fullmatch(data.issuer_site_serial):
        raise SetupError("competition.issuer_site_serial",
                         _("The assessing-site serial is 6 digits."), field="issuer_site_serial")


def _snapshot(competition: Competition) -> dict[str, Any]:
    """Return the editable fields of a competition, for the audit log."""
    return {name: getattr(competition, name) for name in CompetitionData.__dataclass_fields__}
