"""Projects (赛项) of a competition: occupation × group, quota upward, awards and rules."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from app.domain.awards import AwardScheme
from app.domain.codes import Category, Group, Tier
from app.domain.grades import Grade
from app.domain.honours import Honour
from app.domain.numbers import WEIGHT, NumberError, parse_decimal, parse_int
from app.domain.presets import suggested_preset
from app.extensions import begin_write, db
from app.models import Competition, Occupation, Project
from app.services.boards.leaderboard_push import queue_board_refetch
from app.services.common.access import Need, get_competition, get_project
from app.services.common.local_time import display_zone, format_local, zone_label
from app.services.identity.link_requests import covers, file_feed_request
from app.services.scoring import audit, judging_events
from app.services.setup.competition_rules import copy_preset_into, preset_or_error
from app.services.setup.competitions import SetupError

MAX_TEAM_SIZE = 20
MAX_QUOTA = 10_000
# The award numbers a scheme takes (DOMAIN §6): three percentages or three counts.
PARAM_KEYS = {"PERCENT_PRIZES": "percents", "FIXED_COUNT": "counts"}


@dataclass(frozen=True, slots=True)
class ProjectData:
    """What an organizer fills in for a project; None preset = the tier's suggestion."""

    occupation_id: int
    group: str
    name: str
    award_scheme: str = AwardScheme.MEDALS_PLUS_MERIT.value
    award_params: dict[str, Any] = field(default_factory=dict)
    team_size: int = 1
    venue: str = ""
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    advances_to_id: int | None = None
    quota: int = 0
    qualification_only: bool = False
    min_grade: str | None = None
    max_grade: str | None = None
    pass_mark: Decimal = Decimal("60")
    shares_ranks: bool | None = None
    min_age: int = 16  # a project may narrow the age range (烟台: 18–50, DOMAIN §3)
    max_age: int | None = None
    barred_honours: list[str] = field(default_factory=list)  # honour codes barred from entry
    # 封榜: from this moment until publication the public board stays as it stood then.
    board_freeze_at: datetime | None = None


def list_feed_targets(competition: Competition) -> list[Project]:
    """Return the projects this competition's projects may feed: those of its parent."""
    if competition.parent_id is None:
        return []
    return list(db.session.scalars(
        select(Project).where(Project.competition_id == competition.parent_id)
        .order_by(Project.id)))


def create_project(user: Any, competition_id: int, data: ProjectData, *,
                   preset: str | None = None) -> Project:
    """Add a project with a copy of a promotion preset (default: the tier's suggestion)."""
    begin_write()
    competition = get_competition(user, competition_id, Need.MANAGE)
    values = _checked(competition, data)
    chosen = (preset_or_error(preset) if preset
              else suggested_preset(Tier(competition.tier), Category(competition.category),
                                    is_municipality=competition.is_municipality))
    asked = _held_back(user, values, project=None)
    project = Project(competition_id=competition.id, **values)
    copy_preset_into(project, chosen)
    db.session.add(project)
    db.session.flush()
    audit.record("project.create", entity="project", entity_id=project.id,
                 project_id=project.id, actor_id=user.id,
                 new={**_snapshot(project), "promotion_preset": chosen.code})
    if asked is not None:
        file_feed_request(user, project, asked[0], asked[1])
    db.session.commit()
    return project


def update_project(user: Any, project_id: int, data: ProjectData) -> Project:
    """Change a project's settings (its rule rows change through competition_rules)."""
    begin_write()
    project = get_project(user, project_id, Need.MANAGE)
    values = _checked(project.competition, data, project=project)
    asked = _held_back(user, values, project=project)
    old = _snapshot(project)
    for name, value in values.items():
        setattr(project, name, value)
    new = _snapshot(project)
    changed = {k for k in new if new[k] != old[k]}
    if changed:
        audit.record("project.update", entity="project", entity_id=project.id,
                     project_id=project.id, actor_id=user.id,
                     old={k: old[k] for k in changed}, new={k: new[k] for k in changed})
    if "board_freeze_at" in changed:
        # Boards are cached per seq and view: a new seq, and a refetch notice to open boards,
        # so none keeps showing the board of the old freeze moment (or none).
        queue_board_refetch(project, judging_events.bump_seq(project),
                            reason="project.board_freeze")
    if asked is not None:
        file_feed_request(user, project, asked[0], asked[1])
    db.session.commit()
    return project


def _held_back(user: Any, values: dict[str, Any], *,
               project: Project | None) -> tuple[Project, int] | None:
    """Hold back a new link into another organizer's project; return (target, quota) to ask.

    The project keeps its current fed project and quota (none for a new one) until the
    target's organizer accepts; qualification never writes through an unaccepted link.
    """
    target_id = values.get("advances_to_id")
    current = project.advances_to_id if project is not None else None
    if target_id is None or target_id == current:
        return None
    target = db.session.get(Project, target_id)
    if target is None or covers(user, target.competition_id):
        return None
    quota = values["quota"]
    values["advances_to_id"] = current
    values["quota"] = project.quota if project is not None else 0
    return target, quota


def _checked(competition: Competition, data: ProjectData, *,
             project: Project | None = None) -> dict[str, Any]:
    """Return the project's values, normalised, or raise SetupError naming the field."""
    if db.session.get(Occupation, data.occupation_id) is None:
        raise SetupError("project.occupation", _("Choose an occupation."), field="occupation_id")
    if data.group not in Group.__members__:
        raise SetupError("project.group", _("Choose a group."), field="group")
    if not data.name.strip():
        raise SetupError("project.name", _("Give the project a name."), field="name")
    if not 1 <= data.team_size <= MAX_TEAM_SIZE:
        raise SetupError("project.team_size", _("A team has 1 to %(max)d members.",
                                                max=MAX_TEAM_SIZE), field="team_size")
    if data.starts_at and data.ends_at and data.ends_at <= data.starts_at:
        raise SetupError("project.times", _("The project must end after it starts."),
                         field="ends_at")
    _check_feed(competition, data)
    _check_grades(data)
    _check_freeze(competition, data)
    _check_ages_and_honours(data)
    if not Decimal(0) <= data.pass_mark <= Decimal(100):
        raise SetupError("project.pass_mark", _("The pass mark is between 0 and 100."),
                         field="pass_mark")
    values = asdict(data)
    values["name"] = data.name.strip()
    values["barred_honours"] = sorted(set(data.barred_honours))
    values["award_params"] = award_params(data.award_scheme, data.award_params)
    if project is not None and project.scores_locked_at is not None:
        _refuse_locked_change(project, values)
    return values


def _check_ages_and_honours(data: ProjectData) -> None:
    """The age range lies within 16–70 and is not inverted; barred honours are known (§3)."""
    if not 16 <= data.min_age <= 70:
        raise SetupError("project.min_age", _("The minimum age is between 16 and 70."),
                         field="min_age")
    if data.max_age is not None and not data.min_age <= data.max_age <= 70:
        raise SetupError("project.max_age",
                         _("The maximum age is between the minimum age and 70."),
                         field="max_age")
    if any(code not in Honour.__members__ for code in data.barred_honours):
        raise SetupError("project.barred_honours", _("Choose honours from the list."),
                         field="barred_honours")


def _check_freeze(competition: Competition, data: ProjectData) -> None:
    """The board freeze lies within the project's times (the contest days where unset)."""
    freeze = data.board_freeze_at
    if freeze is None:
        return
    zone = display_zone()
    start = data.starts_at or datetime.combine(competition.starts_on, time(0), tzinfo=zone)
    end = data.ends_at or datetime.combine(competition.ends_on + timedelta(days=1), time(0),
                                           tzinfo=zone)
    if not start <= freeze <= end:
        raise SetupError("project.board_freeze",
                         _("The board freeze must lie within the project's times, %(start)s to "
                           "%(end)s (%(zone)s).", start=format_local(start),
                           end=format_local(end), zone=zone_label()),
                         field="board_freeze_at")


def _check_feed(competition: Competition, data: ProjectData) -> None:
    """The project fed must be in the parent competition, of the same occupation (§1)."""
    if data.advances_to_id is None:
        if data.quota:
            raise SetupError("project.quota", _("A quota needs a project to feed."),
                             field="quota")
        return
    target = db.session.get(Project, data.advances_to_id)
    if target is None or competition.parent_id is None \
            or target.competition_id != competition.parent_id:
        raise SetupError("project.advances_to",
                         _("The project fed must belong to the competition this one feeds."),
                         field="advances_to_id")
    if target.occupation_id != data.occupation_id:
        raise SetupError("project.advances_to_occupation",
                         _("The project fed must be of the same occupation."),
                         field="advances_to_id")
    if not 1 <= data.quota <= MAX_QUOTA:
        raise SetupError("project.quota", _("Give how many finishers qualify (1 to %(max)d).",
                                            max=MAX_QUOTA), field="quota")


def _check_grades(data: ProjectData) -> None:
    for name in ("min_grade", "max_grade"):
        value = getattr(data, name)
        if value is not None and value not in Grade.__members__:
            raise SetupError("project.grade", _("Choose a grade from the list."), field=name)
    if data.min_grade and data.max_grade \
            and Grade(data.min_grade).ordinal > Grade(data.max_grade).ordinal:
        raise SetupError("project.grade_range",
                         _("The highest grade allowed cannot be below the lowest."),
                         field="max_grade")


def award_params(scheme: str, params: dict[str, Any]) -> dict[str, Any]:
    """Return the scheme's numbers, checked: three percentages or three counts (§6)."""
    if scheme not in AwardScheme.__members__:
        raise SetupError("project.award_scheme", _("Choose an award scheme."),
                         field="award_scheme")
    key = PARAM_KEYS.get(scheme)
    if key is None:
        return {}
    values = params.get(key)
    if not isinstance(values, list | tuple) or len(values) != 3:
        raise SetupError("project.award_params", _("Give three numbers: first, second and "
                                                   "third prize."), field=key)
    if key == "counts":
        try:
            counts = [parse_int(v, field=key, low=0, high=100_000) for v in values]
        except NumberError:
            counts = [-1]
        if any(c < 0 for c in counts) or not any(counts):
            raise SetupError("project.award_counts", _("Prize counts are whole numbers, not "
                                                       "negative, not all zero."), field=key)
        return {"counts": counts}
    try:
        percents = [parse_decimal(v, WEIGHT, field=key) for v in values]
    except NumberError:
        percents = [Decimal(-1)]
    if any(not Decimal(0) < p < Decimal(1) for p in percents) or sum(percents) > 1:
        raise SetupError("project.award_percents",
                         _("Prize shares are fractions between 0 and 1 (0.1 means 10 percent), "
                           "adding up to at most 1."), field=key)
    return {"percents": [str(p) for p in percents]}


def _refuse_locked_change(project: Project, values: dict[str, Any]) -> None:
    """Once scores are locked, what decides the results may no longer change."""
    for name in ("occupation_id", "group", "team_size", "award_scheme", "award_params",
                 "pass_mark", "shares_ranks"):
        if getattr(project, name) != values[name]:
            raise SetupError("project.locked", _("Scores are locked; this setting can no "
                                                 "longer change."), field=name)


def _snapshot(project: Project) -> dict[str, Any]:
    """Return the editable fields of a project, for the audit log."""
    return {name: getattr(project, name) for name in ProjectData.__dataclass_fields__}
