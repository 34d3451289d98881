"""The demo's contest pyramid: competitions, projects, marking schemes and judge panels."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from app.demo.demo_data import (
    COMPETITIONS,
    J_DESCRIPTORS,
    PRACTICAL_WEIGHT,
    PROJECT_DAY,
    SCHEME,
    SCHEME_NAMES,
    THEORY_WEIGHT,
    CompetitionSpec,
)
from app.demo.demo_people import JudgePlan
from app.demo.demo_rows import Keyed, at
from app.domain.codes import Category, Tier
from app.domain.presets import suggested_preset
from app.domain.serde import to_jsonable
from app.extensions import db
from app.models import (
    Aspect,
    Competition,
    Component,
    Criterion,
    JudgeAssignment,
    Occupation,
    Organization,
    PanelSeat,
    Project,
    SubCriterion,
    User,
)

GROUP_ZH = {"EMPLOYEE": "职工组", "STUDENT": "学生组"}
PANEL_AGGREGATION = "trimmed_mean"  # five judges: drop the highest and lowest (§4)
DEMO_SITE_SERIAL = "000126"  # the assessing-site serial a provincial bureau would assign


def ensure_competitions(today: date) -> dict[tuple[str, str, str], Project]:
    """Add the pyramid's competitions and projects; return projects by (key, occupation, group).

    Each project feeds the same occupation and group one tier up (advances_to, quota), and
    carries a copy of its tier's promotion preset and its award scheme.
    """
    orgs = {o.name: o for o in db.session.scalars(select(Organization))}
    occupations = {o.code: o for o in db.session.scalars(select(Occupation))}
    comps = Keyed(Competition, lambda c: (c.name, c.year))
    projects = Keyed(Project, lambda p: (p.competition_id, p.occupation_id, p.group))
    by_key: dict[str, Competition] = {}
    out: dict[tuple[str, str, str], Project] = {}
    for spec in COMPETITIONS:  # parents come first
        comp = comps.get_or_add((spec.name, today.year), _competition, spec, today,
                                orgs[spec.organizer], by_key.get(spec.parent or ""))
        if comp.issuer_kind and not comp.issuer_site_serial:
            # A demo loaded before the site serial existed gets it on the next run.
            comp.issuer_site_serial = DEMO_SITE_SERIAL
        db.session.flush()
        by_key[spec.key] = comp
        preset = suggested_preset(Tier(spec.tier), Category(spec.category))
        promotion = [to_jsonable(row) for _, row in preset.promotion_rows()]
        titles = [to_jsonable(row) for _, row in preset.title_rows()]
        for code, group in spec.projects:
            occupation = occupations[code]
            parent = out.get((spec.parent or "", code, group))
            day = comp.starts_on + timedelta(days=PROJECT_DAY.get((spec.key, code, group), 0))
            project = projects.get_or_add(
                (comp.id, occupation.id, group),
                Project,
                competition_id=comp.id,
                occupation_id=occupation.id,
                group=group,
                name=f"{occupation.name}（{GROUP_ZH[group]}）",
                venue=f"{spec.region}职业技能公共实训基地",
                starts_at=at(day, 8, 30),
                ends_at=at(day, 16, 30),
                advances_to_id=parent.id if parent else None,
                quota=spec.quota if parent else 0,
                # Higher tiers take only those their feeders send up.
                qualification_only=spec.tier in ("PROVINCIAL", "NATIONAL"),
                award_scheme=spec.award_scheme,
                award_params=dict(spec.award_params),
                promotion_preset=preset.code,
                promotion_rules=promotion,
                title_rules=titles,
            )
            out[(spec.key, code, group)] = project
        db.session.flush()
    return out


def _competition(spec: CompetitionSpec, today: date, organizer: Organization,
                 parent: Competition | None) -> Competition:
    """Build one competition from its spec, dated relative to today."""
    starts = today + timedelta(days=spec.start_offset)
    opens, closes = spec.registration
    return Competition(
        name=spec.name,
        tier=spec.tier,
        category=spec.category,
        region=spec.region,
        year=today.year,
        organizer_id=organizer.id,
        parent_id=parent.id if parent else None,
        registration_opens_at=at(today + timedelta(days=opens), 9),
        registration_closes_at=at(today + timedelta(days=closes), 17),
        starts_on=starts,
        ends_on=starts + timedelta(days=1 if spec.tier in ("ENTERPRISE", "MUNICIPAL") else 3),
        # 全国技能大赛 never shares ranks (§5); the demo keeps the default elsewhere too.
        shares_ranks=False,
        issuer_kind="S",
        issuer_body_code="1301",
        issuer_province_code="13",
        issuer_site_serial=DEMO_SITE_SERIAL,
        description=f"{spec.name}（{today.year}年）：{Tier(spec.tier).zh}竞赛，演示数据。",
    )


def ensure_schemes(projects: list[Project]) -> None:
    """Give every project theory (0.3) and a practical scheme (0.7) of criteria A–D."""
    components = Keyed(Component, lambda c: (c.project_id, c.code))
    for project in projects:
        components.get_or_add((project.id, "T"), Component, project_id=project.id, code="T",
                              kind="THEORY", name="理论知识", weight=THEORY_WEIGHT, position=0)
        if components.get((project.id, "P")) is None:
            components.get_or_add((project.id, "P"), Component, project_id=project.id, code="P",
                                  kind="PRACTICAL", name="技能操作", weight=PRACTICAL_WEIGHT,
                                  position=1,
                                  criteria=_practical_criteria(project.occupation.code))
    db.session.flush()


def _practical_criteria(occupation: str) -> list[Criterion]:
    """Build criteria → sub-criteria → aspects, with the occupation's names."""
    names = iter(SCHEME_NAMES[occupation])
    criteria = []
    for code, subs in SCHEME:
        criterion = Criterion(code=code, name=next(names))
        for sub_code, aspects in subs:
            sub = SubCriterion(code=sub_code, name=next(names))
            for aspect_code, kind, max_mark in aspects:
                sub.aspects.append(Aspect(
                    code=aspect_code,
                    kind=kind,
                    max_mark=Decimal(max_mark),
                    aggregation=PANEL_AGGREGATION if kind == "PANEL" else "mean",
                    description=next(names),
                    descriptors=[dict(d) for d in J_DESCRIPTORS] if kind == "J" else [],
                ))
            criterion.sub_criteria.append(sub)
        criteria.append(criterion)
    return criteria


def project_aspects(project: Project) -> list[Aspect]:
    """Return a project's practical aspects in code order."""
    return [
        aspect
        for component in db.session.scalars(
            select(Component).where(
                Component.project_id == project.id, Component.kind == "PRACTICAL"
            )
        )
        for criterion in component.criteria
        for sub in criterion.sub_criteria
        for aspect in sub.aspects
    ]


def theory_component(project: Project) -> Component:
    """Return a project's theory component."""
    return db.session.scalars(
        select(Component).where(Component.project_id == project.id, Component.kind == "THEORY")
    ).one()


def panels(judges: list[User], aspects: list[Aspect]) -> dict[int, list[User]]:
    """Seat judges by aspect: M one judge, J three in rotation, PANEL all five (§4)."""
    out: dict[int, list[User]] = {}
    for i, aspect in enumerate(aspects):
        if aspect.kind == "M":
            out[aspect.id] = [judges[i % len(judges)]]
        elif aspect.kind == "J":
            out[aspect.id] = [judges[(i + k) % len(judges)] for k in range(3)]
        else:
            out[aspect.id] = list(judges)
    return out


def ensure_judging(projects: list[Project], judges: list[JudgePlan],
                   users: dict[str, User]) -> None:
    """Assign each occupation's chief judge and five judges to its projects, with seats."""
    assignments = Keyed(JudgeAssignment, lambda a: (a.project_id, a.user_id))
    seats = Keyed(PanelSeat, lambda s: (s.assignment_id, s.aspect_id, s.component_id))
    for project in projects:
        crew = [j for j in judges if j.occupation == project.occupation.code]
        chief = users[next(j.username for j in crew if j.role == "CHIEF_JUDGE")]
        panel = [users[j.username] for j in crew if j.role == "JUDGE"]
        by_user: dict[int, JudgeAssignment] = {}
        for user, role in [(chief, "CHIEF_JUDGE")] + [(u, "JUDGE") for u in panel]:
            by_user[user.id] = assignments.get_or_add(
                (project.id, user.id), JudgeAssignment,
                project_id=project.id, user_id=user.id, role=role)
        db.session.flush()
        # The chief judge enters the whole theory mark (from the written exam).
        theory = theory_component(project)
        wanted = [(by_user[chief.id], None, theory.id)]
        for aspect_id, seated in panels(panel, project_aspects(project)).items():
            wanted += [(by_user[u.id], aspect_id, None) for u in seated]
        for assignment, aspect_id, component_id in wanted:
            seats.get_or_add((assignment.id, aspect_id, component_id), PanelSeat,
                             assignment_id=assignment.id, aspect_id=aspect_id,
                             component_id=component_id)
    db.session.flush()
